import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';

export interface AuditRecord {
  id: string;
  siteId: string;
  entity: 'comment' | 'submission' | 'author' | 'site' | 'user' | 'article';
  entityId: string;
  action: string;
  actor: { id: string; email: string; name: string };
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Date;
}

interface AuditDoc extends Omit<AuditRecord, 'id'> {
  _id: Types.ObjectId;
}

const auditSchema = new Schema<AuditDoc>(
  {
    siteId: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    action: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    reason: { type: String, default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'audit', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
auditSchema.index({ entity: 1, entityId: 1, at: 1, _id: 1 });
auditSchema.index({ siteId: 1, at: -1, _id: -1 });
// Statistics: a site's actions on one kind of entity in a period.
auditSchema.index({ siteId: 1, entity: 1, at: 1 });

const toRecord = (doc: AuditDoc): AuditRecord => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  entity: doc.entity,
  entityId: doc.entityId,
  action: doc.action,
  actor: doc.actor,
  reason: doc.reason ?? null,
  before: doc.before ?? null,
  after: doc.after ?? null,
  at: doc.at,
});

export const auditView = (record: AuditRecord) => ({ ...record, at: record.at.toISOString() });

/** Append-only record of every applied action: who, when, what before and after. */
export class AuditRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<AuditDoc>('Audit', auditSchema);
  }

  /** Writes the record under `id`; writing the same id twice keeps the first (safe to retry). */
  async record(
    entry: Omit<AuditRecord, 'id' | 'at'> & { id?: string; at?: Date },
    d?: Deadline | null,
  ): Promise<void> {
    const { id, ...rest } = entry;
    try {
      await within(this.model, d).create({
        ...rest,
        at: entry.at ?? new Date(),
        _id: id ? new Types.ObjectId(id) : undefined,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async findById(id: string, d?: Deadline | null): Promise<AuditRecord | null> {
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<AuditDoc>();
    return doc ? toRecord(doc) : null;
  }

  async forEntity(
    entity: AuditRecord['entity'],
    entityId: string,
    limit = 200,
    d?: Deadline | null,
  ): Promise<AuditRecord[]> {
    const docs = await within(this.model, d)
      .find({ entity, entityId })
      .sort({ at: 1, _id: 1 })
      .limit(limit)
      .lean<AuditDoc[]>();
    return docs.map(toRecord);
  }
}
