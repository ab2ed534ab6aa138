import { Types } from 'mongoose';

/** Where a page ended: the sort value (ms since the epoch) and the id of its last item. */
export interface Position {
  t: number;
  id: string;
}

/**
 * The filter for the page after `after` in a list sorted by (`field`, `_id`),
 * ascending (1) or descending (-1): items that share a timestamp are told
 * apart by their id, so pages neither skip nor repeat them.
 */
export function keysetAfter(
  field: string,
  after: Position | undefined,
  direction: 1 | -1,
): Record<string, unknown> {
  if (!after) return {};
  const t = new Date(after.t);
  const op = direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [field]: { [op]: t } }, { [field]: t, _id: { [op]: new Types.ObjectId(after.id) } }] };
}
