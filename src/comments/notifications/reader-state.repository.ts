import { type Deadline, within } from '../../platform/http/request-deadline.js';
import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from '../../platform/db/database.js';

interface ReaderStateDoc {
  siteId: string;
  /** `sso:<sub>`: only logged-in readers have state on the server (anonymous ones keep it in the browser). */
  readerKey: string;
  notificationsSeenAt: Date | null;
  updatedAt: Date;
}

const readerStateSchema = new Schema<ReaderStateDoc>(
  {
    siteId: { type: String, required: true },
    readerKey: { type: String, required: true },
    notificationsSeenAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'reader_states', versionKey: false },
);
readerStateSchema.index({ siteId: 1, readerKey: 1 }, { unique: true });

/** What the service remembers for a logged-in reader: when they last looked at their notifications. */
export class ReaderStateRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<ReaderStateDoc>('ReaderState', readerStateSchema);
  }

  async seenAt(siteId: string, readerKey: string, d?: Deadline | null): Promise<Date | null> {
    const doc = await within(this.model, d).findOne({ siteId, readerKey }).lean<ReaderStateDoc>();
    return doc?.notificationsSeenAt ?? null;
  }

  /** Moves the marker forward only (two tabs marking at once keep the later time). */
  async markSeen(siteId: string, readerKey: string, at: Date, d?: Deadline | null): Promise<void> {
    try {
      await within(this.model, d).updateOne(
        { siteId, readerKey, $or: [{ notificationsSeenAt: null }, { notificationsSeenAt: { $lt: at } }] },
        { $set: { notificationsSeenAt: at, updatedAt: new Date() } },
        { upsert: true },
      );
    } catch (err) {
      // The marker is later already (the upsert then collides with the existing record).
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async deleteByReaders(siteId: string, readerKeys: string[], d?: Deadline | null): Promise<number> {
    if (readerKeys.length === 0) return 0;
    return (
      (await within(this.model, d).deleteMany({ siteId, readerKey: { $in: readerKeys } })).deletedCount ?? 0
    );
  }
}
