import { type Connection, Schema } from 'mongoose';
import type { AuthorStanding } from '../moderation/engine/types.js';

export interface AuthorRecord {
  siteId: string;
  authorKey: string;
  name: string;
  trusted: boolean;
  banned: boolean;
  shadowBanned: boolean;
  premoderated: boolean;
}

interface AuthorDoc extends AuthorRecord {
  createdAt: Date;
  updatedAt: Date;
}

const authorSchema = new Schema<AuthorDoc>(
  {
    siteId: { type: String, required: true },
    authorKey: { type: String, required: true },
    name: { type: String, default: '' },
    trusted: { type: Boolean, default: false },
    banned: { type: Boolean, default: false },
    shadowBanned: { type: Boolean, default: false },
    premoderated: { type: Boolean, default: false },
  },
  { collection: 'authors', timestamps: true, versionKey: false },
);
authorSchema.index({ siteId: 1, authorKey: 1 }, { unique: true });

export const noStanding = (siteId: string, authorKey: string): AuthorRecord => ({
  siteId,
  authorKey,
  name: '',
  trusted: false,
  banned: false,
  shadowBanned: false,
  premoderated: false,
});

export class AuthorRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<AuthorDoc>('Author', authorSchema);
  }

  async find(siteId: string, authorKey: string): Promise<AuthorRecord> {
    const doc = await this.model.findOne({ siteId, authorKey }).lean<AuthorDoc>();
    return doc ?? noStanding(siteId, authorKey);
  }

  async setStanding(
    siteId: string,
    authorKey: string,
    change: Partial<Pick<AuthorRecord, 'trusted' | 'banned' | 'shadowBanned' | 'premoderated' | 'name'>>,
  ): Promise<AuthorRecord> {
    const doc = await this.model
      .findOneAndUpdate({ siteId, authorKey }, { $set: change }, { upsert: true, returnDocument: 'after' })
      .lean<AuthorDoc>();
    return doc!;
  }
}

export const toStanding = (
  record: AuthorRecord,
  history: { approved: number; rejected: number },
): AuthorStanding => ({
  trusted: record.trusted,
  banned: record.banned,
  premoderated: record.premoderated,
  approvedCount: history.approved,
  rejectedCount: history.rejected,
});
