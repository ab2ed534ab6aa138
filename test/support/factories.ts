import { Types } from 'mongoose';

/**
 * A comment document as the repository stores it, for tests and benchmarks
 * that seed the collection directly (thousands of rows, fixed timestamps)
 * rather than through the API. Override what the case is about.
 */
export interface StoredCommentDoc {
  _id: Types.ObjectId;
  parentId: Types.ObjectId | null;
  createdAt: Date;
  [field: string]: unknown;
}

export function storedComment(overrides: Record<string, unknown> = {}): StoredCommentDoc {
  const at = (overrides.createdAt as Date | undefined) ?? new Date();
  return {
    _id: new Types.ObjectId(),
    siteId: 'demo',
    articleId: 'article',
    parentId: null,
    body: 'En helt vanlig kommentar.',
    authorName: 'Leser',
    authorEmail: null,
    authorKey: 'anon:seed',
    ipHash: null,
    status: 'approved',
    featured: false,
    reported: false,
    reportCount: 0,
    reportReasons: {},
    shadowHidden: false,
    version: 1,
    moderation: { decision: 'approve', reasons: [] },
    fingerprint: new Types.ObjectId().toHexString().slice(8),
    lastAction: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
