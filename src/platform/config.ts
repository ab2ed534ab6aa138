import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The development default; production refuses to start with it. */
export const DEFAULT_TOKEN_SECRET = 'ordskifte-development-secret-change-me';

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const configSchema = z
  .object({
    nodeEnv: z.enum(['development', 'test', 'production']),
    port: intFrom(0, 65535),
    host: z.string().min(1),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    trustProxy: intFrom(0, 10),
    /**
     * How many leading bits of an IPv6 address make one client for limits (64: one
     * subscriber's /64 is one client, however many of its addresses it uses).
     */
    ipv6PrefixBits: intFrom(32, 128),
    /** Open socket.io connections one client address may hold (per instance). */
    maxSocketsPerAddress: intFrom(1, 1_000_000),
    mongodbUri: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .nullable(),
    mongodbDbName: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
    embeddedMongo: z.enum(['auto', 'mongod', 'jongodb']),
    /**
     * jongodb is not atomic across connections, so its lane runs on one connection.
     * `off` is a proof mode for the race tests only (see README, "Database lanes").
     */
    jongodbSerialise: z.union([z.boolean(), z.enum(['on', 'off']).transform((v) => v === 'on')]),
    dataDir: z.string().min(1),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .nullable(),
    adminEmail: z.email().nullable(),
    adminPassword: z.string().min(10, 'must be at least 10 characters').nullable(),
    tokenSecret: z.string().min(16, 'must be at least 16 characters'),
    tokenTtlSeconds: intFrom(60, 30 * 24 * 3600),
    jsonBodyLimit: z.string().regex(/^\d+(kb|mb)$/),
    shutdownTimeoutMs: intFrom(100, 60_000),
    /**
     * How long an HTTP request may take before it is answered `503 unavailable` with
     * Retry-After (a slow or overloaded database). Work not yet written is dropped;
     * a change already being written is completed (see request-deadline.ts). Keep it
     * above the service's answer time when merely busy (README, REQUEST_DEADLINE_MS).
     */
    requestDeadlineMs: intFrom(100, 600_000),
    eventLogRetentionDays: intFrom(1, 365),
    /** How long a moderator's claim on an item lasts without being renewed. */
    claimTtlSeconds: intFrom(1, 3600),
    /** How long one instance serves a page of an article's public thread from memory (0: never). */
    threadCacheMs: intFrom(0, 60_000),
    /** Readers who subscribe with `coalesce: true` get at most one message per article per this interval. */
    liveBatchIntervalMs: intFrom(50, 60_000),
    /**
     * How long a new comment's `comment.created` event, logged after the post is answered, may
     * wait to share its insert with the next events of the site (0: sent at once after the answer).
     */
    createdEventLingerMs: intFrom(0, 5000),
    /** Outgoing mail (statements of reasons, notice decisions, appeal outcomes); null: nothing is sent. */
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
      .nullable(),
    /** The From of outgoing mail, e.g. `Avisa <debatt@avisa.no>`. */
    mailFrom: z.string().min(3).max(300).nullable(),
    /**
     * How long the e-mail about a moderator's rejection (its statement, the notifiers' decision)
     * waits before it is sent, and only if the rejection still stands: longer than the 10-second
     * undo window. Tests shorten it.
     */
    statementMailDelayMs: intFrom(0, 600_000),
    /**
     * The service's public address (`https://kommentarer.avisa.no`), for links in e-mail (the
     * reply digest's confirm and unsubscribe links); null: the address the request came to.
     */
    publicUrl: z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s):// address')
      .nullable(),
    /** How often the service looks for reply digests to send (each reader gets at most one an hour). */
    digestIntervalMs: intFrom(50, 3_600_000),
    /**
     * The longest wait of the outbox workers (webhook deliveries, held mail) between looks
     * when they find nothing: after each empty look they wait twice as long, up to this. What
     * this instance queues is sent at once (or when due); what other instances queue, within this.
     */
    outboxIdleMaxMs: intFrom(100, 600_000),
    /**
     * How often the event-loop delay histogram behind the `nodejs_eventloop_lag_*` metrics samples
     * (prom-client's `eventLoopMonitoringPrecision`). Its default, 10 ms, wakes an idle process
     * 100 times a second; a block shorter than this is seen in proportion to its length.
     */
    eventLoopMonitoringMs: intFrom(1, 10_000),
    /**
     * Every site's risk model learns on top of the shipped base model (config/model/base-model.json,
     * docs/MODERATION.md "The shipped base model"); `off`: each learns from nothing, as before it
     * (a test that measures what a site learns alone). Sites' policies say whether the base may hold.
     */
    riskBaseModel: z.union([z.boolean(), z.enum(['on', 'off']).transform((v) => v === 'on')]),
    /** Prefix of the Redis keys and streams, so several deployments (or test runs) can share one Redis. */
    redisKeyPrefix: z.string().regex(/^[A-Za-z0-9_.:-]{1,60}$/),
    rateLimits: z.object({
      commentsPerMinutePerIp: intFrom(1, 100_000),
      commentsPerMinutePerAuthor: intFrom(1, 100_000),
      reportsPerMinutePerIp: intFrom(1, 100_000),
      submissionsPerHourPerIp: intFrom(1, 100_000),
      submissionsPerDayPerEmail: intFrom(1, 100_000),
      loginAttemptsPer15MinPerIp: intFrom(1, 100_000),
      socketEventsPerSecond: intFrom(1, 100_000),
      /** Reactions given or taken back, per client address. */
      reactionsPerMinutePerIp: intFrom(1, 100_000),
      /** Anonymous reader keys issued per client address (each key is one reader for reactions). */
      readerKeysPerHourPerIp: intFrom(1, 100_000),
      /** Moderation previews ("a nudge before posting") per client address. */
      previewsPerMinutePerIp: intFrom(1, 100_000),
      /** A reader's own views (notifications, own reactions and held comments) per client address. */
      readerViewsPerMinutePerIp: intFrom(1, 100_000),
    }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.smtpUrl && !c.mailFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: 'MAIL_FROM is required when SMTP_URL is set',
      });
    }
    if (c.nodeEnv !== 'production') return;
    if (!c.mongodbUri) {
      ctx.addIssue({
        code: 'custom',
        path: ['mongodbUri'],
        message: 'MONGODB_URI is required in production',
      });
    }
    if (!c.jongodbSerialise) {
      ctx.addIssue({
        code: 'custom',
        path: ['jongodbSerialise'],
        message: 'off is a test mode that breaks conditional writes on jongodb; not allowed in production',
      });
    }
    if (c.tokenSecret === DEFAULT_TOKEN_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenSecret'],
        message: 'TOKEN_SECRET must be set in production',
      });
    }
  });

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Environment variable → config key. Empty values count as unset. */
const ENV_KEYS: Record<string, keyof Config> = {
  NODE_ENV: 'nodeEnv',
  PORT: 'port',
  HOST: 'host',
  LOG_LEVEL: 'logLevel',
  TRUST_PROXY: 'trustProxy',
  IPV6_PREFIX_BITS: 'ipv6PrefixBits',
  MAX_SOCKETS_PER_ADDRESS: 'maxSocketsPerAddress',
  MONGODB_URI: 'mongodbUri',
  MONGODB_DB_NAME: 'mongodbDbName',
  EMBEDDED_MONGO: 'embeddedMongo',
  JONGODB_SERIALISE: 'jongodbSerialise',
  DATA_DIR: 'dataDir',
  REDIS_URL: 'redisUrl',
  REDIS_KEY_PREFIX: 'redisKeyPrefix',
  CLAIM_TTL_SECONDS: 'claimTtlSeconds',
  LIVE_BATCH_INTERVAL_MS: 'liveBatchIntervalMs',
  CREATED_EVENT_LINGER_MS: 'createdEventLingerMs',
  ADMIN_EMAIL: 'adminEmail',
  ADMIN_PASSWORD: 'adminPassword',
  TOKEN_SECRET: 'tokenSecret',
  TOKEN_TTL_SECONDS: 'tokenTtlSeconds',
  SMTP_URL: 'smtpUrl',
  MAIL_FROM: 'mailFrom',
  STATEMENT_MAIL_DELAY_MS: 'statementMailDelayMs',
  PUBLIC_URL: 'publicUrl',
  DIGEST_INTERVAL_MS: 'digestIntervalMs',
  OUTBOX_IDLE_MAX_MS: 'outboxIdleMaxMs',
  EVENT_LOOP_MONITORING_MS: 'eventLoopMonitoringMs',
  REQUEST_DEADLINE_MS: 'requestDeadlineMs',
  THREAD_CACHE_MS: 'threadCacheMs',
  RISK_BASE_MODEL: 'riskBaseModel',
};

const CONFIG_KEY_TO_ENV = Object.fromEntries(Object.entries(ENV_KEYS).map(([env, key]) => [key, env]));

export class ConfigError extends Error {}

function readDefaults(): Record<string, unknown> {
  const path = fileURLToPath(new URL('../../config/default.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The development admin login, when the configuration still uses the public
 * default password (printed at start so a fresh clone can log in); null
 * otherwise, so a password someone chose is never printed.
 */
export function defaultDevLogin(config: Config): { email: string; password: string } | null {
  const defaults = readDefaults();
  if (config.nodeEnv !== 'development' || !config.adminEmail || !config.adminPassword) return null;
  if (config.adminPassword !== defaults.adminPassword) return null;
  return { email: config.adminEmail, password: config.adminPassword };
}

/**
 * Builds the process configuration: defaults from config/default.json, then
 * environment overrides, then `overrides` (tests). Throws ConfigError naming
 * every bad key; the result is deeply frozen.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = readDefaults();
  // Outside production the dev defaults are fine; in production the admin
  // account comes only from the environment.
  if (env.NODE_ENV === 'production') {
    raw.adminEmail = null;
    raw.adminPassword = null;
  }
  for (const [envName, key] of Object.entries(ENV_KEYS)) {
    const value = env[envName];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  Object.assign(raw, overrides);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const envName = CONFIG_KEY_TO_ENV[String(issue.path[0])];
      return `${envName ?? key}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return deepFreeze(parsed.data);
}
