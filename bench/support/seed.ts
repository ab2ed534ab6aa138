import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { CommentRepository } from '../../src/comments/comment.repository.js';
import { storedComment } from '../../test/support/factories.js';

export const BENCH_SITE = 'demo';
/** The busy articles GET reads: several, so the thread cache holds several entries, as in real life. */
export const THREAD_ARTICLES = Array.from({ length: 8 }, (_, i) => `breaking-thread-${i}`);

const SENTENCES = [
  'Takk for en god og grundig sak om den nye gang- og sykkelveien langs fjorden.',
  'Kommunen burde ha prioritert dette før de brukte penger på nytt rådhus i sentrum.',
  'Eg er samd med innsendaren: skulen treng fleire lærarar og betre vedlikehald.',
  'Det er fint at avisa følger opp saken, men hva sier fylkeskommunen om fristen?',
  'Vi som bor på øya har ventet på ferjeavgangen om kvelden i mange år nå.',
  'Good to see the paper follow up, but what does the county say about the deadline?',
];

/** A plausible, unique reader comment of about 150 characters. */
export function commentText(n: number): string {
  const a = SENTENCES[n % SENTENCES.length]!;
  const b = SENTENCES[(n * 7 + 3) % SENTENCES.length]!;
  return `${a} ${b} (${n})`;
}

function doc(articleId: string, at: Date, n: number, parentId: Types.ObjectId | null) {
  return storedComment({
    siteId: BENCH_SITE,
    articleId,
    parentId,
    body: commentText(n),
    authorName: `Leser ${n % 500}`,
    authorKey: `anon:seed-${n % 500}`,
    fingerprint: randomBytes(8).toString('hex'),
    createdAt: at,
  });
}

/**
 * The same starting data for every server: eight busy articles, each with 30
 * top-level comments and 2 replies each (GET reads their first and second
 * pages of 20). Kept small on purpose: jongodb's insert cost grows with the
 * collection (see docs/PERFORMANCE.md).
 */
export async function seedThread(comments: CommentRepository): Promise<void> {
  const start = Date.now() - 3600_000;
  const docs = [];
  let n = 0;
  for (const article of THREAD_ARTICLES) {
    for (let i = 0; i < 30; i++) {
      const top = doc(article, new Date(start + i * 1000), n++, null);
      docs.push(top);
      for (let r = 0; r < 2; r++) docs.push(doc(article, new Date(start + i * 1000 + 100 + r), n++, top._id));
    }
  }
  for (let i = 0; i < docs.length; i += 500) {
    await comments.model.collection.insertMany(docs.slice(i, i + 500), { ordered: false });
  }
}
