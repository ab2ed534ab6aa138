import type { Logger } from '../platform/logger.js';
import { sitePolicySchema } from './site.js';
import type { SiteRepository } from './site.repository.js';

/** A first start with an empty database creates the `demo` site, open to localhost on any port. */
export async function ensureDemoSite(sites: SiteRepository, logger: Logger): Promise<void> {
  if ((await sites.count()) > 0) return;
  const created = await sites.create({
    id: 'demo',
    name: 'Demo',
    origins: ['http://localhost:*', 'http://127.0.0.1:*'],
    policy: sitePolicySchema.parse({}),
    ssoSecrets: [],
  });
  if (created) logger.info('created the demo site (origins http://localhost:* and http://127.0.0.1:*)');
}
