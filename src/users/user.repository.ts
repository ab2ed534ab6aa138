import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { keysetAfter, type Position } from '../platform/db/keyset.js';
import type { Role, User } from './user.js';

interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  sites: string[];
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true },
    sites: { type: [String], default: [] },
    disabled: { type: Boolean, default: false },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ createdAt: 1, _id: 1 });
// Who can moderate a site (the conflict-of-interest rule on appeals).
userSchema.index({ role: 1, disabled: 1, sites: 1 });

interface SessionDoc {
  _id: string;
  userId: Types.ObjectId;
  expiresAt: Date;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: String,
    userId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
sessionSchema.index({ userId: 1 });

const toUser = (doc: UserDoc): User => ({
  id: doc._id.toHexString(),
  email: doc.email,
  name: doc.name,
  role: doc.role,
  sites: doc.sites,
  disabled: doc.disabled,
  createdAt: doc.createdAt,
});

/** A user's sessions ended (`jti`: one of them) or their role or sites changed. */
export interface AccessChange {
  userId?: string;
  jti?: string;
}

export class UserRepository {
  readonly model;
  readonly sessions;
  readonly #accessListeners = new Set<(change: AccessChange) => void>();

  constructor(connection: Connection) {
    this.model = connection.model<UserDoc>('User', userSchema);
    this.sessions = connection.model<SessionDoc>('Session', sessionSchema);
  }

  /** Enabled people who can moderate the site's comments: its moderators and the admins. */
  async countSiteModerators(siteId: string, d?: Deadline | null): Promise<number> {
    const [moderators, admins] = await Promise.all([
      within(this.model, d).countDocuments({ role: 'moderator', disabled: false, sites: siteId }),
      within(this.model, d).countDocuments({ role: 'admin', disabled: false }),
    ]);
    return moderators + admins;
  }

  async findById(id: string, d?: Deadline | null): Promise<User | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(id).lean<UserDoc>();
    return doc ? toUser(doc) : null;
  }

  async findCredentials(
    email: string,
    d?: Deadline | null,
  ): Promise<{ user: User; passwordHash: string } | null> {
    const doc = await within(this.model, d).findOne({ email: email.toLowerCase() }).lean<UserDoc>();
    return doc ? { user: toUser(doc), passwordHash: doc.passwordHash } : null;
  }

  async list(limit: number, after?: Position, d?: Deadline | null): Promise<User[]> {
    const docs = await within(this.model, d)
      .find(keysetAfter('createdAt', after, 1))
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit + 1)
      .lean<UserDoc[]>();
    return docs.map(toUser);
  }

  /** Creates a user; null when the e-mail is taken. */
  async create(
    input: Omit<User, 'id' | 'createdAt' | 'disabled'> & { passwordHash: string },
    d?: Deadline | null,
  ): Promise<User | null> {
    try {
      const doc = await within(this.model, d).create({
        ...input,
        email: input.email.toLowerCase(),
        disabled: false,
      });
      return toUser(doc.toObject());
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  /** Creates the account or resets it to the given role and password (used for ADMIN_EMAIL). */
  async upsertByEmail(
    input: {
      email: string;
      name: string;
      role: Role;
      passwordHash: string;
    },
    d?: Deadline | null,
  ): Promise<User> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { email: input.email.toLowerCase() },
        {
          $set: { role: input.role, passwordHash: input.passwordHash, disabled: false },
          $setOnInsert: { name: input.name, sites: [] },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<UserDoc>();
    return toUser(doc!);
  }

  async update(
    id: string,
    change: Partial<Pick<User, 'name' | 'role' | 'sites' | 'disabled'>> & { passwordHash?: string },
    d?: Deadline | null,
  ): Promise<User | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d)
      .findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: change }, { returnDocument: 'after' })
      .lean<UserDoc>();
    return doc ? toUser(doc) : null;
  }

  async createSession(jti: string, userId: string, expiresAt: Date, d?: Deadline | null): Promise<void> {
    await within(this.sessions, d).create({ _id: jti, userId: new Types.ObjectId(userId), expiresAt });
  }

  async sessionActive(jti: string, d?: Deadline | null): Promise<boolean> {
    const doc = await within(this.sessions, d).findById(jti).lean<SessionDoc>();
    return Boolean(doc && doc.expiresAt.getTime() > Date.now());
  }

  async endSession(jti: string, d?: Deadline | null): Promise<void> {
    await within(this.sessions, d).deleteOne({ _id: jti });
    this.accessChanged({ jti });
  }

  async endAllSessions(userId: string, d?: Deadline | null): Promise<void> {
    await within(this.sessions, d).deleteMany({ userId: new Types.ObjectId(userId) });
    this.accessChanged({ userId });
  }

  /** Lets open connections (sockets) follow logouts, disabled users and changed scopes. */
  onAccessChanged(listener: (change: AccessChange) => void): void {
    this.#accessListeners.add(listener);
  }

  accessChanged(change: AccessChange): void {
    for (const listener of this.#accessListeners) listener(change);
  }
}
