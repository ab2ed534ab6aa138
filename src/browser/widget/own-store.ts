/**
 * What this browser remembers for its reader, in localStorage (per browser,
 * never sent anywhere but back to the API that issued it): their own
 * comments with the status tokens that prove them theirs, the site's
 * anonymous reader key, the authors they ignore, their chosen sort and when
 * they last read their notifications. Private mode or a full storage only
 * makes the memory last until the page closes.
 */
export interface OwnComment {
  id: string;
  siteId: string;
  articleId: string;
  parentId: string | null;
  body: string;
  authorName: string;
  createdAt: string;
  /** The POST answer's statusToken: lets this browser ask about, edit and delete the comment. */
  token: string;
  state: 'pending' | 'approved' | 'rejected';
}

const OWN = 'ordskifte:own';
const MAX_AGE_MS = 90 * 24 * 3600 * 1000;

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T) ?? fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // storage full or blocked: remembered until the page closes
  }
}

export function ownComments(): OwnComment[] {
  return read<OwnComment[]>(OWN, []).filter((c) => Date.now() - Date.parse(c.createdAt) < MAX_AGE_MS);
}

export function keepOwn(comment: OwnComment): void {
  write(OWN, [...ownComments().filter((c) => c.id !== comment.id), comment].slice(-100));
}

export function updateOwn(id: string, change: Partial<OwnComment>): void {
  write(
    OWN,
    ownComments().map((c) => (c.id === id ? { ...c, ...change } : c)),
  );
}

export function forgetOwn(id: string): void {
  write(
    OWN,
    ownComments().filter((c) => c.id !== id),
  );
}

export const pref = (name: string): string | null => read<string | null>(`ordskifte:${name}`, null);
export const setPref = (name: string, value: string | null) =>
  write(`ordskifte:${name}`, value === null ? null : JSON.stringify(value));

/** Authors (their opaque `authorId`) this reader does not want to see. */
export const ignored = (): string[] => read<string[]>('ordskifte:ignored', []);
export function setIgnored(authorId: string, on: boolean): void {
  const rest = ignored().filter((id) => id !== authorId);
  write('ordskifte:ignored', on ? [...rest, authorId].slice(-500) : rest);
}
