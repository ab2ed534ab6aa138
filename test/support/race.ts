import assert from 'node:assert/strict';
import type { TestResponse } from './harness.js';

/** A small deterministic PRNG, so a failing interleaving can be re-run with the seed it printed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The seed of a race run: RACE_SEED re-runs one, otherwise a fresh one (printed on failure). */
export const raceSeed = (): number =>
  process.env.RACE_SEED ? Number(process.env.RACE_SEED) : Math.floor(Math.random() * 2 ** 31);

/** One request in a race: who sent it, under which action id, and what came back. */
export interface Attempt {
  actor: number;
  /** The Idempotency-Key, or null. Two attempts with one key are one action sent twice. */
  key: string | null;
  /** The version the request was sent at. */
  version: number;
  body: Record<string, unknown>;
  res: TestResponse;
}

/**
 * Checks one item's race at one version: exactly one action applied (its
 * duplicates with the same action id answer the same), every other action got
 * 409 `conflict` with the item as the winner left it. Returns the winning attempt.
 */
export function judgeRace(
  what: string,
  attempts: Attempt[],
  /** What the item looked like in an answer: version and state, without fields other races move. */
  view: (item: Record<string, unknown>) => { version: number } & Record<string, unknown>,
  itemOf: (body: TestResponse['body']) => Record<string, unknown>,
): Attempt {
  for (const a of attempts) {
    assert.ok(
      a.res.status === 200 || a.res.status === 409,
      `${what}: actor ${a.actor} got ${a.res.status} ${JSON.stringify(a.res.body)}`,
    );
  }
  const won = attempts.filter((a) => a.res.status === 200);
  const actions = new Set(won.map((a) => a.key ?? `unkeyed:${a.actor}`));
  assert.equal(
    actions.size,
    1,
    `${what}: exactly one action applies at version ${attempts[0]!.version}; ${actions.size} got 200 (${[...actions].join(', ')})`,
  );
  const winner = won[0]!;
  const after = view(itemOf(winner.res.body));
  assert.equal(after.version, winner.version + 1, `${what}: the winner moved the version by one`);
  for (const a of attempts) {
    if (a === winner || (a.key !== null && a.key === winner.key)) {
      assert.equal(
        a.res.status,
        200,
        `${what}: a duplicate of the winning action (same key) answers 200 too`,
      );
      const twin = view(itemOf(a.res.body));
      assert.deepEqual(
        twin,
        after,
        `${what}: both copies of the winning action answer the same (${JSON.stringify(twin)} vs ${JSON.stringify(after)})`,
      );
      continue;
    }
    assert.equal(a.res.status, 409, `${what}: actor ${a.actor} lost the race`);
    assert.equal(a.res.body.error.code, 'conflict');
    const detail = a.res.body.error.details?.[0];
    assert.equal(detail?.path, 'body.version', `${what}: a lost race is a version conflict`);
    assert.deepEqual(
      view(detail.current),
      after,
      `${what}: the 409 of actor ${a.actor} carries the item as the winner left it`,
    );
  }
  return winner;
}

/**
 * RACE_STOP_AFTER=N stops racing once N races broke (the broken-variant CI
 * step sets it: one proof is enough there, the full count is not needed).
 */
const STOP_AFTER = Number(process.env.RACE_STOP_AFTER ?? Number.POSITIVE_INFINITY);

/**
 * Runs `race(round, id)` for every live item, round after round, `inFlight`
 * items at a time. Every race runs to the end, so a failure says how often
 * the guarantee broke, not only that it did once. `live` decides which items
 * take part in a round (items that reached a final state drop out).
 */
export async function raceRounds(options: {
  ids: readonly string[];
  rounds: number;
  inFlight: number;
  live: (id: string, round: number) => boolean;
  race: (round: number, id: string) => Promise<void>;
}): Promise<{ races: number; broken: string[] }> {
  const broken: string[] = [];
  const spoilt = new Set<string>();
  let races = 0;
  for (let round = 1; round <= options.rounds; round++) {
    // An item whose race broke has no known state to race from; it sits out the later rounds.
    const queue = options.ids.filter((id) => !spoilt.has(id) && options.live(id, round));
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        for (let id = queue.shift(); id && broken.length < STOP_AFTER; id = queue.shift()) {
          races++;
          await options.race(round, id).catch((err: Error) => {
            spoilt.add(id);
            broken.push(err.message.split('\n')[0]!);
          });
        }
      }),
    );
  }
  return { races, broken };
}

/** A broken race's message without ids and numbers, so alike failures count together. */
const kindOf = (message: string) =>
  message
    .replace(/^[a-z]+ [0-9a-f]{24}, round \d+: /, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/\{.*\}/g, '{…}')
    .replace(/\b[0-9a-f]{24}\b/g, 'ID')
    .replace(/\br\d+-[a-z]\d+-ID\b/g, 'KEY')
    .replace(/\b\d+\b/g, 'N')
    .trim();

/** Fails with how many races broke the guarantee and how, the first few, and the seed to re-run them. */
export function assertNoBrokenRaces(result: { races: number; broken: string[] }, seed: number): void {
  const kinds = new Map<string, number>();
  for (const message of result.broken) kinds.set(kindOf(message), (kinds.get(kindOf(message)) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${n}× ${kind}`).join('; ');
  assert.equal(
    result.broken.length,
    0,
    `${result.broken.length} of ${result.races} races broke the guarantee (RACE_SEED=${seed}): ${summary}. First: ${result.broken.slice(0, 2).join(' | ')}`,
  );
}
