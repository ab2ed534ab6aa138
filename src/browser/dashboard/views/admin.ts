/** The admin screens, one chunk loaded when an admin first opens one of them. */
export { AdminSitesView } from './admin-sites.js';
export { AdminUsersView } from './admin-users.js';
export { AdminWebhooksView } from './admin-webhooks.js';
