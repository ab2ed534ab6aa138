import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema } from 'mongoose';
import { BoundedCache } from '../platform/bounded-cache.js';
import { SharedReads } from '../platform/shared-reads.js';
import type { Site, SitePolicy } from './site.js';

interface SiteDoc extends Omit<Site, 'id'> {
  _id: string;
}

const siteSchema = new Schema<SiteDoc>(
  {
    _id: { type: String },
    name: { type: String, required: true },
    origins: { type: [String], default: [] },
    policy: { type: Schema.Types.Mixed, required: true },
    policyVersion: { type: Number, required: true, default: 1 },
    ssoSecrets: { type: [String], default: [] },
  },
  { collection: 'sites', timestamps: true, versionKey: false, minimize: false },
);

const toSite = (doc: SiteDoc): Site => ({
  id: doc._id,
  name: doc.name,
  origins: doc.origins,
  policy: doc.policy,
  policyVersion: doc.policyVersion,
  ssoSecrets: doc.ssoSecrets ?? [],
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

/**
 * Sites are read on every reader request, so reads go through a short cache.
 * Anonymous requests name any site id they like: unknown ids get a cache of
 * their own, smaller and shorter-lived, so a flood of them neither grows memory
 * nor pushes the real sites out (issue 12 item 10).
 */
export const SITE_CACHE = { maxSites: 1000, siteTtlMs: 3000, maxUnknown: 500, unknownTtlMs: 1000 };

export class SiteRepository {
  readonly model;
  readonly #sites = new BoundedCache<string, Site>(SITE_CACHE.maxSites, SITE_CACHE.siteTtlMs);
  readonly #unknown = new BoundedCache<string, true>(SITE_CACHE.maxUnknown, SITE_CACHE.unknownTtlMs);
  /**
   * Reads in flight, one per id: readers who arrive together (a reconnect storm:
   * thousands of subscribes in the second the entry expired) share one. A write
   * forgets the read in flight, so a site read before an admin's change is not
   * cached after it.
   */
  readonly #reads = new SharedReads<string, Site | null>();

  constructor(connection: Connection) {
    this.model = connection.model<SiteDoc>('Site', siteSchema);
  }

  /** Entries the read cache holds (the ordskifte_site_cache_entries gauge). */
  get cachedEntries(): number {
    return this.#sites.size + this.#unknown.size;
  }

  /** A site, from the cache unless `fresh` (then from a read that starts now). */
  async findById(id: string, { fresh = false } = {}, d?: Deadline | null): Promise<Site | null> {
    if (fresh) this.#reads.forget(id);
    else {
      const cached = this.#sites.get(id);
      if (cached) return cached;
      if (this.#unknown.has(id)) return null;
    }
    return this.#reads.load(
      id,
      async () => {
        const doc = await within(this.model, d).findById(id).lean<SiteDoc>();
        return doc ? toSite(doc) : null;
      },
      (site) => {
        this.#sites.delete(id);
        this.#unknown.delete(id);
        if (site) this.#sites.set(id, site);
        else this.#unknown.set(id, true);
      },
    );
  }

  /** After a write: the next read goes to the database (not to a read that started before it). */
  #forget(id: string): void {
    this.#sites.delete(id);
    this.#unknown.delete(id);
    this.#reads.forget(id);
  }

  async list(d?: Deadline | null): Promise<Site[]> {
    const docs = await within(this.model, d).find().sort({ _id: 1 }).limit(1000).lean<SiteDoc[]>();
    return docs.map(toSite);
  }

  async count(d?: Deadline | null): Promise<number> {
    return within(this.model, d).estimatedDocumentCount();
  }

  /** Inserts a site; false when the id is taken. */
  async create(
    site: Omit<Site, 'createdAt' | 'updatedAt' | 'policyVersion'>,
    d?: Deadline | null,
  ): Promise<Site | null> {
    try {
      const doc = await within(this.model, d).create({
        _id: site.id,
        name: site.name,
        origins: site.origins,
        policy: site.policy,
        policyVersion: 1,
        ssoSecrets: site.ssoSecrets,
      });
      this.#forget(site.id);
      return toSite(doc.toObject());
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async update(
    id: string,
    change: { name?: string; origins?: string[]; policy?: SitePolicy; ssoSecrets?: string[] },
    d?: Deadline | null,
  ): Promise<Site | null> {
    const set: Record<string, unknown> = {};
    if (change.name !== undefined) set.name = change.name;
    if (change.origins !== undefined) set.origins = change.origins;
    if (change.policy !== undefined) set.policy = change.policy;
    if (change.ssoSecrets !== undefined) set.ssoSecrets = change.ssoSecrets;
    const doc = await within(this.model, d)
      .findOneAndUpdate({ _id: id }, { $set: set, $inc: { policyVersion: 1 } }, { returnDocument: 'after' })
      .lean<SiteDoc>();
    this.#forget(id);
    return doc ? toSite(doc) : null;
  }
}
