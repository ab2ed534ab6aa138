import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppError } from './errors.js';

export interface LimiterSpec {
  name: string;
  points: number;
  durationSeconds: number;
  /** Seconds a key stays blocked once it runs out (default: until the window ends). */
  blockSeconds?: number;
}

/**
 * A named limit. Shared by every instance through Redis when REDIS_URL is set;
 * if Redis fails, each instance falls back to its own memory limit instead of
 * letting everything through or refusing everything.
 */
export class Limiter {
  readonly #redis: Redis | null;
  readonly #shared: RateLimiterAbstract | null;
  readonly #local: RateLimiterMemory;

  /** `keyPrefix` is REDIS_KEY_PREFIX, so deployments sharing a Redis keep their own budgets. */
  constructor(spec: LimiterSpec, redis: Redis | null, keyPrefix = 'ordskifte') {
    const options: IRateLimiterOptions = {
      keyPrefix: `${keyPrefix}:rl:${spec.name}`,
      points: spec.points,
      duration: spec.durationSeconds,
      blockDuration: spec.blockSeconds ?? 0,
    };
    this.#redis = redis;
    this.#local = new RateLimiterMemory(options);
    this.#shared = redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          useRedisPackage: false,
          rejectIfRedisNotReady: true,
          insuranceLimiter: this.#local,
        })
      : null;
  }

  /**
   * The shared limiter while Redis is connected, else this instance's memory
   * limiter. Every call (reads and deletes too, which have no insurance) goes
   * straight to memory while Redis is away, instead of queueing behind
   * reconnect attempts: a login made eight such calls and took 16 s.
   */
  get #limiter(): RateLimiterAbstract {
    return this.#shared && this.#redis?.status === 'ready' ? this.#shared : this.#local;
  }

  /** Takes `points` for `key`; throws 429 with Retry-After when the limit is reached. */
  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.#limiter.consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new AppError('rate_limited', undefined, { headers: { 'Retry-After': String(seconds) } });
      }
      throw err;
    }
  }

  /** Whether `key` could take a point now, without taking one. */
  async remaining(key: string): Promise<number> {
    const res = await this.#limiter.get(key);
    return res ? res.remainingPoints : Number.POSITIVE_INFINITY;
  }

  /** Counts one more event for `key` without ever refusing; returns how many the window holds now. */
  async count(key: string): Promise<number> {
    try {
      return (await this.#limiter.consume(key, 1)).consumedPoints;
    } catch (err) {
      if (err instanceof RateLimiterRes) return err.consumedPoints;
      throw err;
    }
  }

  /** Blocks `key` for `seconds`: consume() refuses it with 429 until then. */
  async block(key: string, seconds: number): Promise<void> {
    await this.#limiter.block(key, seconds);
  }

  /** Throws 429 with Retry-After when `key` is blocked or used up, without taking a point. */
  async check(key: string): Promise<void> {
    const res = await this.#limiter.get(key);
    if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) {
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new AppError('rate_limited', undefined, { headers: { 'Retry-After': String(seconds) } });
    }
  }

  async reward(key: string, points = 1): Promise<void> {
    await this.#limiter.reward(key, points).catch(() => undefined);
  }

  async penalty(key: string, points = 1): Promise<void> {
    await this.#limiter.penalty(key, points).catch(() => undefined);
  }

  async delete(key: string): Promise<void> {
    await this.#limiter.delete(key).catch(() => undefined);
  }
}
