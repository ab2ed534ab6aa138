import type { Deadline } from '../platform/http/request-deadline.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import { KeyedHasher } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import type { User } from './user.js';
import type { UserRepository } from './user.repository.js';

/**
 * Growing back-off for logins: after `free` consecutive failures a key is
 * blocked for 1 s, then 2, 4, 8... up to 15 minutes; a success resets it.
 * Kept per (client, account) pair, and more leniently per account, so one
 * client cannot guess on, and many clients cannot share the guessing.
 */
export interface LoginBackoff {
  /** Counts consecutive failures (a window of a day, never refusing). */
  streaks: Limiter;
  /** Holds the blocks. */
  blocks: Limiter;
}

const BACKOFF_MAX_SECONDS = 15 * 60;
const FREE_FAILURES_PER_CLIENT = 3;
const FREE_FAILURES_PER_ACCOUNT = 10;

/** Seconds to block after `failures` consecutive failures, or 0 while they are still free. */
export function backoffSeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(BACKOFF_MAX_SECONDS, 2 ** Math.min(failures - free, 20));
}

export interface Session {
  user: User;
  jti: string;
}

/** Logins, session tokens (JWT, HS256, with a server-side session so logout works) and the bootstrap admin. */
/** The claims a session token must carry, with their types. */
const sessionClaims = z.object({
  sub: z.string().regex(/^[0-9a-f]{24}$/),
  jti: z.string().min(1).max(100),
});

export class AuthService {
  readonly #key: Uint8Array;
  readonly #hasher: KeyedHasher;

  constructor(
    private readonly users: UserRepository,
    private readonly config: Config,
    private readonly loginFailures: Limiter,
    private readonly backoff: LoginBackoff | null = null,
  ) {
    this.#key = new TextEncoder().encode(config.tokenSecret);
    this.#hasher = new KeyedHasher(config.tokenSecret);
  }

  async login(email: string, password: string, clientIp: string, d?: Deadline | null) {
    // Limiter keys hold keyed hashes: no raw IP address or e-mail lands in Redis.
    // clientIp is already the client key (normalised, IPv6 cut to its /64: clientKeys()).
    const clientKey = this.#hasher.hash('login-ip', clientIp);
    const accountKey = `account:${this.#hasher.hash('login-email', email.toLowerCase())}`;
    const pairKey = `${clientKey}:${accountKey}`;
    // Failed attempts cost points per client; a run of failures blocks for a growing time.
    await this.loginFailures.check(clientKey);
    if (this.backoff) {
      await this.backoff.blocks.check(pairKey);
      // The account-wide block slows guessing from many addresses, but must not lock the owner
      // out: it holds only clients that have failed against this account. A fresh address gets
      // one guess checked, then it is held too; so each guess costs the attacker an address (/64).
      const failedBefore = (await this.backoff.streaks.remaining(pairKey)) !== Number.POSITIVE_INFINITY;
      if (failedBefore) await this.backoff.blocks.check(accountKey);
    }
    const found = await this.users.findCredentials(email, d);
    const valid = found
      ? await verifyPassword(password, found.passwordHash)
      : await verifyPassword(password, await DUMMY_HASH_PROMISE).then(() => false);
    if (!found || !valid || found.user.disabled) {
      await this.#failed(pairKey, accountKey);
      await this.loginFailures.consume(clientKey);
      throw new AppError('unauthorized', 'Wrong e-mail or password.');
    }
    await this.loginFailures.delete(clientKey);
    if (this.backoff) {
      for (const key of [pairKey, accountKey]) {
        await this.backoff.streaks.delete(key);
        await this.backoff.blocks.delete(key);
      }
    }
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000);
    await this.users.createSession(jti, found.user.id, expiresAt, d);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(found.user.id)
      .setJti(jti)
      .setIssuedAt()
      .setIssuer('ordskifte')
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.#key);
    return { token, user: found.user, expiresAt, csrfToken: randomBytes(18).toString('base64url') };
  }

  async #failed(pairKey: string, accountKey: string): Promise<void> {
    if (!this.backoff) return;
    const { streaks, blocks } = this.backoff;
    const pairBlock = backoffSeconds(await streaks.count(pairKey), FREE_FAILURES_PER_CLIENT);
    if (pairBlock > 0) await blocks.block(pairKey, pairBlock);
    const accountBlock = backoffSeconds(await streaks.count(accountKey), FREE_FAILURES_PER_ACCOUNT);
    if (accountBlock > 0) await blocks.block(accountKey, accountBlock);
  }

  /** The session behind a token, or null when the token is invalid, expired, logged out or the user disabled. */
  async authenticate(token: string, d?: Deadline | null): Promise<Session | null> {
    let sub: string;
    let jti: string;
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], issuer: 'ordskifte' });
      // jose checks the signature and the times, not the claims' types: a jti of {"$ne": null}
      // would reach the session lookup as a query operator and match any session.
      const claims = sessionClaims.safeParse(payload);
      if (!claims.success) return null;
      ({ sub, jti } = claims.data);
    } catch {
      return null;
    }
    const [user, active] = await Promise.all([this.users.findById(sub, d), this.users.sessionActive(jti, d)]);
    if (!user || user.disabled || !active) return null;
    return { user, jti };
  }

  async logout(jti: string, d?: Deadline | null): Promise<void> {
    await this.users.endSession(jti, d);
  }

  /** ADMIN_EMAIL / ADMIN_PASSWORD create or reset the admin account at start. */
  async ensureAdmin(): Promise<User | null> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return null;
    return this.users.upsertByEmail({
      email: adminEmail,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(adminPassword),
    });
  }
}
