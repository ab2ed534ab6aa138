/** The built-in views, in tab order. Other feature folders register theirs the same way. */
import { h } from 'preact';
import { queueNames } from '../queue-state.js';
import { counts as queueCounts } from '../state/queue.js';
import { isAdmin, isEditor, isModerator, t } from '../state/session.js';
import { counts as pieceCounts } from '../state/submissions.js';
import { ArticlesView } from './articles-view.js';
import { QueueView } from './queue-view.js';
import { lazyView, registerView } from './registry.js';
import { SubmissionsView } from './submissions-view.js';

for (const name of queueNames) {
  registerView({
    id: name,
    group: 'queue',
    label: (s) => s[`tab_${name}`],
    allowed: () => isModerator.value,
    count: () => queueCounts.value[name],
    render: () => h(QueueView, { name }),
  });
}

registerView({
  id: 'articles',
  group: 'desk',
  label: (s) => s.tab_articles,
  allowed: () => isModerator.value,
  render: () => h(ArticlesView, {}),
});

registerView({
  id: 'submissions',
  group: 'desk',
  label: (s) => s.tab_submissions,
  allowed: () => isEditor.value,
  count: () => {
    const c = pieceCounts.value;
    return c ? (c.received ?? 0) + (c.in_review ?? 0) : null;
  },
  render: () => h(SubmissionsView, {}),
});

const loading = () => h('p', { class: 'empty' }, t.value.loading);

registerView({
  id: 'admin-users',
  group: 'admin',
  label: (s) => s.tab_users,
  allowed: () => isAdmin.value,
  render: lazyView(async () => (await import('./admin.js')).AdminUsersView, loading),
});

registerView({
  id: 'admin-sites',
  group: 'admin',
  label: (s) => s.tab_sites,
  allowed: () => isAdmin.value,
  render: lazyView(async () => (await import('./admin.js')).AdminSitesView, loading),
});

registerView({
  id: 'admin-webhooks',
  group: 'admin',
  label: (s) => s.tab_webhooks,
  allowed: () => isAdmin.value,
  render: lazyView(async () => (await import('./admin.js')).AdminWebhooksView, loading),
});
