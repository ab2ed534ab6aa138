import { z } from 'zod';
import { siteIdSchema } from '../platform/http/schemas.js';
import { knownZone, NEWSROOM_ZONE } from './newsroom-time.js';
import { DEFAULT_REJECT_REASONS, rejectReasonsOf, rejectReasonsSchema } from './reject-reasons.js';

/** Origins are `scheme://host[:port]`; `:*` allows any port (used by the demo site). */
export const originSchema = z
  .string()
  .regex(
    /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/i,
    'an origin is scheme://host[:port], e.g. https://www.avisa.no',
  );

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, 00:00-23:59');

/** An IANA time zone name the runtime knows, e.g. Europe/Oslo. */
export const timeZoneSchema = z.string().min(1).max(64).refine(knownZone, 'not a known IANA time zone');

/** `{ from: "23:00", to: "07:00", timeZone: "Europe/Oslo" }`; from > to spans midnight. */
export const nightlyWindowSchema = z
  .object({
    from: clockTime,
    to: clockTime,
    timeZone: timeZoneSchema.default(NEWSROOM_ZONE),
  })
  .refine((w) => w.from !== w.to, 'from and to must differ');

export type NightlyWindow = z.infer<typeof nightlyWindowSchema>;

/** Sites stored before the setting existed have it too (their stored policy lacks the key). */
export const DEFAULT_EDIT_WINDOW_SECONDS = 300;

const termList = z.array(z.string().trim().min(1).max(100)).max(10_000);

const outcome = z.enum(['approve', 'hold', 'reject']);

/**
 * The per-site risk model (docs/MODERATION.md): it always scores (shadow mode);
 * with `hold` it may hold comments scoring at or above `threshold`, once it has
 * learnt from `minDecisions` decisions and its precision at the threshold over
 * the last `window` held-out decisions is at least `precisionFloor`. It never rejects.
 * The default is the fixed threshold 0.8. `threshold: "auto"` (opt-in) holds at the
 * lowest threshold that reaches the floor on that window with at least
 * `minPositives` rejections at or above it; on a blind batch its holds fell well
 * short of the floor (docs/MODERATION.md), so it is not the default.
 * Every site's model learns on top of the shipped base model (docs/MODERATION.md, "The
 * shipped base model"), so it scores from day one; `baseHold` (opt-in, with `hold`) lets the
 * base model's own gate hold until the site's has `minDecisions` decisions.
 */
export const riskModelPolicySchema = z.object({
  hold: z.boolean().default(false),
  threshold: z
    .union([z.literal('auto'), z.number().min(0.5).max(1)])
    .default(0.8)
    .describe(
      'A fixed threshold (default 0.8), or "auto" (opt-in): the lowest threshold whose precision over the window reaches precisionFloor',
    ),
  minDecisions: z.number().int().min(20).max(100_000).default(200),
  precisionFloor: z.number().min(0.5).max(1).default(0.9),
  window: z.number().int().min(20).max(1000).default(200),
  minPositives: z
    .number()
    .int()
    .min(5)
    .max(1000)
    .default(20)
    .describe('threshold "auto": rejections in the window at or above a threshold before it may be chosen'),
  baseHold: z
    .boolean()
    .default(false)
    .describe(
      'With hold: until the site has minDecisions decisions, the shipped base model may hold at the threshold chosen out of fold for precisionFloor (or the fixed threshold when higher)',
    ),
});
/**
 * What the moderation engine does with a lexicon hit of each grade (docs/MODERATION.md).
 * Slurs and threats are never published automatically.
 */
export const gradeActionsSchema = z
  .object({
    mild: outcome.default('approve'),
    strong: outcome.default('hold'),
    slur: z.enum(['hold', 'reject']).default('reject'),
    threat: z.enum(['hold', 'reject']).default('reject'),
  })
  .describe('What each lexicon grade does: mild (intensifiers), strong (swearing, insults), slur, threat');

export const sitePolicySchema = z.object({
  mode: z.enum(['pre', 'post']).default('post'),
  closeAfterDays: z.number().int().min(1).max(3650).nullable().optional(),
  maxLinks: z.number().int().min(0).max(100).default(1),
  reportThreshold: z.number().int().min(1).max(1000).default(3),
  bannedTerms: termList.default([]),
  suspectTerms: termList.default([]),
  allowedTerms: termList.default([]),
  riskModel: riskModelPolicySchema.default({
    hold: false,
    threshold: 0.8,
    minDecisions: 200,
    precisionFloor: 0.9,
    window: 200,
    minPositives: 20,
    baseHold: false,
  }),
  grades: gradeActionsSchema.default({ mild: 'approve', strong: 'hold', slur: 'reject', threat: 'reject' }),
  requireLogin: z.boolean().default(false),
  /** The longest a reader login token may live, `exp - iat` in seconds (tokens without either are refused). */
  ssoMaxTokenSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  /** Reader login tokens must name this site's id in `aud`, so a token made for another site is refused. */
  ssoRequireAudience: z.boolean().default(false),
  newAuthorHold: z.number().int().min(0).max(100).default(0),
  maxCommentLength: z.number().int().min(10).max(20_000).default(3000),
  maxSubmissionLength: z.number().int().min(100).max(50_000).default(6000),
  /** Called (POST, signed) when an opinion piece is published; null for none. */
  webhookUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/i, 'a webhook URL is http(s)://host/path')
    .nullable()
    .optional(),
  /**
   * Lets the webhook reach loopback, private and link-local addresses (an
   * on-premise CMS). Off: such targets are refused when configured and when sent.
   */
  webhookAllowPrivateTargets: z.boolean().optional(),
  /** HMAC-SHA256 key for the webhook signature; write-only (never echoed back). */
  webhookSecret: z.string().min(16).max(512).optional(),
  /**
   * HMAC-SHA256 key with which the site's CMS signs article attributes in the embed
   * (publication date, title, URL; README "Signed article attributes"); write-only.
   */
  embedSecret: z.string().min(32).max(512).optional(),
  /** Days after which comments lose their hashed IP and e-mail (privacy by design). */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** What erasing an author does to their comments and submissions. */
  erasure: z.enum(['delete', 'anonymise']).default('anonymise'),
  /** A nightly window (site's local time) in which no comments are taken; null for none. */
  nightlyClosed: nightlyWindowSchema.nullable().default(null),
  /** The public statement on how comments are moderated (Vær Varsom 4.17), shown by the widget. */
  moderationStatement: z.string().trim().max(2000).default(''),
  /** The order readers get when they do not choose one. */
  defaultSort: z.enum(['newest', 'oldest', 'respect', 'replies']).default('newest'),
  /** How long after posting a reader may still edit their comment (0: never). */
  editWindowSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .default(DEFAULT_EDIT_WINDOW_SECONDS),
  /**
   * Where the widget sends a reader to log in on sites with `requireLogin`; `{return}` is
   * replaced with the article's address. The site's page then calls `Ordskifte.setToken`.
   */
  loginUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/i, 'a login URL is http(s)://host/path')
    .nullable()
    .default(null),
  /**
   * How long a CDN, a proxy or a browser may keep the public comment list and the
   * published opinion pieces: fresh for maxAgeSeconds, then served stale for up to
   * staleWhileRevalidateSeconds while one request fetches a fresh copy. Live
   * updates reach open pages over the socket meanwhile.
   */
  publicCache: z
    .object({
      maxAgeSeconds: z.number().int().min(0).max(3600).default(5),
      staleWhileRevalidateSeconds: z.number().int().min(0).max(86_400).default(15),
    })
    .default({ maxAgeSeconds: 5, staleWhileRevalidateSeconds: 15 }),
  /**
   * The newsroom's time zone: the workbench shows times and calendar days in it (wherever
   * the moderator's browser is), and the statistics' day buckets start at its midnights.
   */
  timeZone: timeZoneSchema.default(NEWSROOM_ZONE),
  /** The language of the site's statements of reasons and e-mails to readers. */
  language: z.enum(['nb', 'nn', 'en']).default('nb'),
  /** What a comment can be turned down for: the grounds statements of reasons name (see reject-reasons.ts). */
  rejectReasons: rejectReasonsSchema.default(() => structuredClone([...DEFAULT_REJECT_REASONS])),
  /**
   * The Digital Services Act profile: a shadow ban becomes a restriction the
   * author is told about, with a statement of reasons (Art. 17). On for new
   * sites; a site stored before the profile existed reads as off.
   */
  dsa: z.boolean().default(true),
});

export type SitePolicy = z.infer<typeof sitePolicySchema>;

export interface Site {
  id: string;
  name: string;
  origins: string[];
  policy: SitePolicy;
  /** Bumped on every policy change; part of the moderation engine's cache key. */
  policyVersion: number;
  ssoSecrets: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const siteCreateSchema = z.object({
  id: siteIdSchema,
  name: z.string().trim().min(1).max(200),
  origins: z.array(originSchema).max(50).default([]),
  policy: sitePolicySchema.extend({ ssoSecret: z.string().min(32).max(512).optional() }).default(() => ({
    ...sitePolicySchema.parse({}),
  })),
});

export const siteUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  origins: z.array(originSchema).max(50).optional(),
  policy: sitePolicySchema
    .partial()
    .extend({ ssoSecret: z.string().min(32).max(512).optional() })
    .optional(),
});

export const publicSiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  origins: z.array(z.string()),
  policy: sitePolicySchema.omit({ webhookSecret: true, embedSecret: true }).extend({
    ssoConfigured: z.boolean(),
    webhookSecretConfigured: z.boolean(),
    embedSecretConfigured: z.boolean(),
  }),
  policyVersion: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Every policy setting at its default (what a site created with no policy gets). */
const POLICY_DEFAULTS = sitePolicySchema.parse({});

/** The admin view of a site: secrets are never echoed back. */
export function toSiteView(site: Site): z.infer<typeof publicSiteSchema> {
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    policy: (({ webhookSecret, embedSecret, ...policy }) => ({
      // A site stored before a setting existed works with its default: the view says so.
      ...POLICY_DEFAULTS,
      ...policy,
      riskModel: { ...POLICY_DEFAULTS.riskModel, ...policy.riskModel },
      language: policy.language ?? 'nb',
      rejectReasons: [...rejectReasonsOf(policy)],
      dsa: policy.dsa === true,
      ssoConfigured: site.ssoSecrets.length > 0,
      webhookSecretConfigured: Boolean(webhookSecret),
      embedSecretConfigured: Boolean(embedSecret),
    }))(site.policy),
    policyVersion: site.policyVersion,
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

/** Whether `origin` (from a browser's Origin header) is one of the site's origins. */
export function originAllowed(site: Pick<Site, 'origins'>, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const scheme = url.protocol;
  const host = url.hostname.toLowerCase();
  const port = url.port || (scheme === 'https:' ? '443' : '80');
  return site.origins.some((allowed) => {
    const match = /^(https?:)\/\/([^:/]+)(?::(\d+|\*))?$/i.exec(allowed);
    if (!match) return false;
    const [, allowedScheme, allowedHost, allowedPort] = match;
    if (allowedScheme?.toLowerCase() !== scheme || allowedHost?.toLowerCase() !== host) return false;
    if (allowedPort === '*') return true;
    return (allowedPort ?? (scheme === 'https:' ? '443' : '80')) === port;
  });
}
