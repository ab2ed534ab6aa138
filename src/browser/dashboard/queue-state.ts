/**
 * Which queue a moderated comment belongs in, and how a live event changes a
 * queue's list. Pure (no DOM, no socket), so the rules are tested on their own.
 */
export type QueueName = 'pending' | 'reported' | 'rejected' | 'approved';
export const queueNames: readonly QueueName[] = ['pending', 'reported', 'rejected', 'approved'];

export interface QueueItem {
  id: string;
  version: number;
  /** `deleted`: taken back by its author; it belongs to no queue. */
  status: 'pending' | 'approved' | 'rejected' | 'deleted';
  reported: boolean;
}

export function belongsTo(item: QueueItem, queue: QueueName): boolean {
  // As the server's listQueue: `reported` is a flag on approved comments, the others are statuses.
  return queue === 'reported' ? item.reported : item.status === queue;
}

/** Pending and reported queues are worked oldest first; the others show the newest first. */
export const oldestFirst = (queue: QueueName) => queue === 'pending' || queue === 'reported';

/**
 * Applies a created or updated comment to the list shown for `queue`:
 * a stale or repeated version changes nothing (events may arrive twice, or
 * after the snapshot that already holds them), a comment that left the queue
 * is dropped, a new one joins at the end the queue is worked from.
 */
export function applyToQueue<T extends QueueItem>(list: T[], item: T, queue: QueueName): T[] {
  const at = list.findIndex((c) => c.id === item.id);
  const existing = at >= 0 ? list[at] : undefined;
  if (existing && existing.version >= item.version) return list;
  if (!belongsTo(item, queue)) return existing ? list.filter((c) => c.id !== item.id) : list;
  if (existing) return list.map((c) => (c.id === item.id ? item : c));
  return oldestFirst(queue) ? [...list, item] : [item, ...list];
}
