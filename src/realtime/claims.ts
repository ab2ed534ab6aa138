import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema } from 'mongoose';
import type { Namespace } from 'socket.io';
import {
  type ClaimPayload,
  type ModerationClientToServer,
  type ModerationServerToClient,
  siteRoom,
} from './events.js';

/** A claim warns other moderators that someone has an item open; it never blocks them. Default TTL. */
export const CLAIM_TTL_MS = 2 * 60 * 1000;

interface ClaimDoc {
  _id: string;
  siteId: string;
  commentId: string;
  by: { id: string; name: string };
  expiresAt: Date;
}

/**
 * Claims live in MongoDB (so every instance can list them when a moderator
 * joins) and are announced to the site's room. The instance holding the
 * claimer's socket releases the claim on expiry, release or disconnect.
 */
export class ClaimRegistry {
  readonly model;
  #room: Namespace<ModerationClientToServer, ModerationServerToClient> | null = null;
  readonly #timers = new Map<string, { timer: NodeJS.Timeout; socketId: string; claim: ClaimPayload }>();

  constructor(
    connection: Connection,
    private readonly ttlMs = CLAIM_TTL_MS,
  ) {
    const schema = new Schema<ClaimDoc>(
      {
        _id: String,
        siteId: { type: String, required: true },
        commentId: { type: String, required: true },
        by: { type: Schema.Types.Mixed, required: true },
        expiresAt: { type: Date, required: true },
      },
      { collection: 'claims', versionKey: false },
    );
    schema.index({ siteId: 1, expiresAt: 1 });
    schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    this.model = connection.model<ClaimDoc>('Claim', schema);
  }

  attach(namespace: Namespace<ModerationClientToServer, ModerationServerToClient>): void {
    this.#room = namespace;
  }

  async claim(
    socketId: string,
    siteId: string,
    commentId: string,
    by: { id: string; name: string },
    d?: Deadline | null,
  ) {
    const key = `${commentId}:${by.id}`;
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await within(this.model, d).findOneAndUpdate(
      { _id: key },
      { $set: { siteId, commentId, by, expiresAt } },
      { upsert: true, returnDocument: 'after' },
    );
    const claim: ClaimPayload = { commentId, siteId, by, expiresAt: expiresAt.toISOString() };
    const previous = this.#timers.get(key);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => void this.#drop(key, d), this.ttlMs);
    timer.unref();
    this.#timers.set(key, { timer, socketId, claim });
    this.#room?.to(siteRoom(siteId, 'comments')).emit('comment.claimed', claim);
    return claim;
  }

  async release(socketId: string, commentId: string, d?: Deadline | null): Promise<void> {
    for (const [key, held] of this.#timers) {
      if (held.socketId === socketId && held.claim.commentId === commentId) await this.#drop(key, d);
    }
  }

  async releaseAllOf(socketId: string, d?: Deadline | null): Promise<void> {
    for (const [key, held] of this.#timers) {
      if (held.socketId === socketId) await this.#drop(key, d).catch(() => undefined);
    }
  }

  async active(siteId: string, d?: Deadline | null): Promise<ClaimPayload[]> {
    const docs = await within(this.model, d)
      .find({ siteId, expiresAt: { $gt: new Date() } })
      .sort({ expiresAt: 1 })
      .limit(500)
      .lean<ClaimDoc[]>();
    return docs.map((d) => ({
      commentId: d.commentId,
      siteId: d.siteId,
      by: d.by,
      expiresAt: d.expiresAt.toISOString(),
    }));
  }

  async #drop(key: string, d?: Deadline | null): Promise<void> {
    const held = this.#timers.get(key);
    if (!held) return;
    clearTimeout(held.timer);
    this.#timers.delete(key);
    const { commentId, siteId, by } = held.claim;
    this.#room?.to(siteRoom(siteId, 'comments')).emit('comment.released', { commentId, siteId, by });
    await within(this.model, d)
      .deleteOne({ _id: key })
      .catch(() => undefined);
  }

  close(): void {
    for (const held of this.#timers.values()) clearTimeout(held.timer);
    this.#timers.clear();
  }
}
