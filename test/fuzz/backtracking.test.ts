import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_POLICY, type ModerationContext, moderate } from '../../src/moderation/engine/index.js';
import { isStorageUnavailable } from '../../src/platform/db/database.js';
import { originAllowed, originSchema } from '../../src/sites/site.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * Catastrophic-backtracking and super-linear inputs against everything that
 * runs a regular expression (or a scan) over reader input: the moderation
 * engine, every pattern in the request schemas (read from the OpenAPI
 * document, so new schemas are covered), origin matching, and the routes
 * themselves. Nothing may hang: each 50,000-character input must complete
 * within the generous test timeout. Timings are printed as diagnostics (time
 * at 50,000 characters ÷ time at 5,000: ~10 is linear, ~100 quadratic), never
 * asserted, because this machine is shared.
 */
const SIZE = 50_000;

/** Inputs built to make backtracking or rescanning engines blow up. */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  'letters then @': (n) => `${'a'.repeat(n - 1)}@`,
  'e-mail with endless numeric labels': (n) => `a@b${'.1'.repeat(n / 2)}`,
  'a@ repeated': (n) => 'a@'.repeat(n / 2),
  'dotted labels, no TLD': (n) => `x a${'.a'.repeat(n / 2)}.zz`,
  'www. and labels': (n) => `www.${'a.'.repeat(n / 2)}`,
  'http:// and one long host': (n) => `http://${'a'.repeat(n)}`,
  'dashes before .no': (n) => `${'a-'.repeat(n / 2)}.no`,
  'digits and spaces': (n) => '1 '.repeat(n / 2),
  'digits and dots': (n) => '1.'.repeat(n / 2),
  'eleven-digit runs': (n) => '12345678901 '.repeat(n / 12),
  '+47 prefixes': (n) => '+47 '.repeat(n / 4),
  'spaces then a letter': (n) => `${' '.repeat(n)}x`,
  'combining marks': (n) => `e${'\u0301'.repeat(n - 1)}`,
  'zero-width joiners': (n) => 'a\u200d'.repeat(n / 2),
  'a banned word repeated': (n) => 'faen '.repeat(n / 5),
  'spaced-out letters': (n) => 'f a e n '.repeat(n / 8),
  'ae/oe/aa digraphs': (n) => 'jaevla'.repeat(n / 6),
  'threat cue words': (n) => 'jeg skal '.repeat(n / 9),
  'capitals (shouting)': (n) => 'A'.repeat(n),
  'lone surrogates': (n) => '\ud800'.repeat(n),
  emoji: (n) => '😀'.repeat(n / 2),
};

const context = (maxLength: number): ModerationContext =>
  ({
    policyKey: 'backtracking',
    policy: { ...DEFAULT_POLICY, bannedTerms: ['drittsekk*', 'idiot'], suspectTerms: ['*tull*'] },
    premoderation: null,
    author: { trusted: false, banned: false, premoderated: false, approvedCount: 0, rejectedCount: 0 },
    newAuthorHold: 0,
    recentFingerprints: [],
    maxLength,
  }) as unknown as ModerationContext;

const safe = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Generic attack strings for an arbitrary pattern: long runs of what such patterns usually repeat. */
function attacksFor(n: number): string[] {
  const units = [
    'a',
    '0',
    '.',
    '-',
    '_',
    '@',
    ' ',
    'a.',
    'a-',
    'a@',
    '0.',
    '1 ',
    "a'",
    'a+',
    ':',
    '/',
    'A',
    'å',
  ];
  const out: string[] = [];
  for (const unit of units) {
    const run = unit.repeat(Math.ceil(n / unit.length));
    out.push(`${run}!`, `${run}\u0000`, `http://${run}:`, `a@${run}`);
  }
  return out;
}

describe('no catastrophic backtracking on reader input', { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let app: TestApp;
  let spec: unknown;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'long-texts', { maxCommentLength: 20_000, maxSubmissionLength: 20_000 });
    spec = (await app.request('GET', '/api/v1/openapi.json')).body;
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('the routes answer every adversarial text without a 5xx (comments, submissions, names, ids)', async (t) => {
    const report: string[] = [];
    for (const [name, make] of Object.entries(ADVERSARIAL)) {
      const text = make(20_000).slice(0, 20_000);
      const start = performance.now();
      // The text in the body (so it reaches moderation), then in the fields that are only validated.
      const comment = await app.request('POST', articlePath('long-texts', 'backtracking'), {
        body: { body: text, authorName: 'Kari' },
      });
      assert.ok(comment.status < 500, `${name}: comment ${comment.status}`);
      const fields = await app.request('POST', articlePath('long-texts', 'backtracking'), {
        body: { body: 'Hei', authorName: text.slice(0, 80), authorEmail: `${text.slice(0, 60)}@example.no` },
      });
      assert.ok(fields.status < 500, `${name}: comment fields ${fields.status}`);
      const submission = await app.request('POST', '/api/v1/sites/long-texts/submissions', {
        body: {
          title: 'Eit innlegg',
          // 50,000-character texts are covered by moderate() below; through HTTP 20,000 keep CI short.
          body: text,
          authorName: 'Ola Nordmann',
          authorEmail: 'ola@example.no',
        },
      });
      assert.ok(submission.status < 500, `${name}: submission ${submission.status}`);
      const id = await app.request(
        'GET',
        `/api/v1/sites/long-texts/articles/${safe(text.slice(0, 200))}/comments?cursor=${safe(text.slice(0, 190))}`,
      );
      assert.ok(id.status < 500, `${name}: list ${id.status}`);
      report.push(
        `${name.padEnd(36)} ${(performance.now() - start).toFixed(0).padStart(6)} ms (${comment.status}, ${submission.status}, ${id.status})`,
      );
    }
    t.diagnostic(`through HTTP:\n${report.join('\n')}`);
  });

  it('the moderation engine completes every 50,000-character adversarial text', (t) => {
    const report: string[] = [];
    moderate('oppvarming', context(SIZE)); // compile the matcher outside the measurement
    for (const [name, make] of Object.entries(ADVERSARIAL)) {
      const small = make(SIZE / 10);
      const large = make(SIZE);
      const tSmall = timed(() => moderate(small, context(SIZE)));
      let decision = '';
      const tLarge = timed(() => {
        decision = moderate(large, context(SIZE)).decision;
      });
      assert.ok(['approve', 'hold', 'reject'].includes(decision));
      report.push(
        `${name.padEnd(36)} ${tLarge.toFixed(0).padStart(6)} ms at ${large.length} chars, ×${(tLarge / Math.max(tSmall, 0.05)).toFixed(0)} over 10× the input`,
      );
    }
    t.diagnostic(`moderate():\n${report.join('\n')}`);
  });

  it('the engine stays linear on texts full of hits: t(50,000) ÷ t(5,000) near 10', (t) => {
    // A ratio in one run, not a time: CPU time of the process (not the wall clock, so a
    // busy machine's waiting does not count), the best of five samples after a warm-up.
    // Linear is ≈ 10, quadratic ≈ 100; every hit used to be compared with every earlier
    // one (≈ 80× for a repeated banned word).
    const HIT_HEAVY: Record<string, (n: number) => string> = {
      'a banned word repeated': ADVERSARIAL['a banned word repeated']!,
      'an aimed insult repeated': (n) => 'du er en idiot '.repeat(n / 15),
      'unclosed quotation marks': (n) => '«faen '.repeat(n / 6),
      'a threat phrase with a next-word exception': (n) => 'jeg kommer hjem til deg '.repeat(n / 24),
      'a masked word repeated': (n) => 'f**n '.repeat(n / 5),
      'a word split in two repeated': (n) => 'FA EN '.repeat(n / 6),
      'a mix of every kind of hit': (n) =>
        'Du er en jævla idiot, «faen» ta deg, jeg skal drepe deg og f**n helv ete kommer hjem til deg. '.repeat(
          n / 95,
        ),
    };
    const cpu = (text: string, calls: number): number => {
      const before = process.cpuUsage();
      for (let i = 0; i < calls; i++) moderate(text, context(SIZE));
      const used = process.cpuUsage(before);
      return (used.user + used.system) / calls;
    };
    const report: string[] = [];
    const failures: string[] = [];
    for (const [name, make] of Object.entries(HIT_HEAVY)) {
      const small = make(SIZE / 10);
      const large = make(SIZE);
      cpu(small, 10);
      cpu(large, 2);
      let tSmall = Number.POSITIVE_INFINITY;
      let tLarge = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 5; r++) {
        tSmall = Math.min(tSmall, cpu(small, 10));
        tLarge = Math.min(tLarge, cpu(large, 1));
      }
      const ratio = tLarge / Math.max(tSmall, 1);
      report.push(
        `${name.padEnd(44)} ×${ratio.toFixed(1)} (${tSmall.toFixed(0)} → ${tLarge.toFixed(0)} µs CPU)`,
      );
      if (ratio > 20) failures.push(`${name}: ×${ratio.toFixed(1)}`);
    }
    t.diagnostic(`moderate(), 10× the input:\n${report.join('\n')}`);
    assert.deepEqual(failures, [], 'super-linear in the number of hits');
  });

  it('every pattern in the request schemas (from the OpenAPI document) stays linear', (t) => {
    const patterns = new Set<string>();
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') patterns.add(value);
        else walk(value);
      }
    };
    walk(spec);
    assert.ok(patterns.size >= 3, 'the OpenAPI document should carry the schemas’ patterns');
    const report: string[] = [];
    for (const pattern of patterns) {
      let regex: RegExp;
      try {
        regex = new RegExp(pattern, 'u');
      } catch {
        regex = new RegExp(pattern);
      }
      let worst = 0;
      for (const attack of attacksFor(SIZE))
        worst = Math.max(
          worst,
          timed(() => regex.test(attack)),
        );
      report.push(`${worst.toFixed(1).padStart(8)} ms worst  /${pattern.slice(0, 90)}/`);
    }
    t.diagnostic(`schema patterns:\n${report.join('\n')}`);
  });

  it('origin matching and the origin schema stay linear', (t) => {
    const site = { origins: ['https://www.avisa.no', 'http://localhost:*', `https://${'a.'.repeat(100)}no`] };
    let worst = 0;
    for (const attack of [
      ...attacksFor(SIZE),
      `https://${'a'.repeat(SIZE)}:*`,
      `http://${'a.'.repeat(SIZE / 2)}`,
    ]) {
      worst = Math.max(
        worst,
        timed(() => originAllowed(site, attack)),
        timed(() => originSchema.safeParse(attack)),
        timed(() => originAllowed({ origins: [attack] }, 'https://www.avisa.no')),
      );
    }
    t.diagnostic(`origins: worst ${worst.toFixed(1)} ms`);
  });

  it('the storage-error classifier stays linear on long driver messages', () => {
    for (const attack of attacksFor(SIZE)) {
      assert.equal(isStorageUnavailable(new Error(`connection ${attack}`)), false);
    }
  });
});
