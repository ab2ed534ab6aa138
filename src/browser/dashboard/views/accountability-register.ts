/**
 * The accountability tabs: notices and appeals (with their open counts, live)
 * after the comment queues, statistics with the desk's views. Each view's
 * code, words and styles load when it is first opened (the statistics bring
 * uPlot), so the first load of the workbench stays within its budget.
 */
import { h } from 'preact';
import { openCases } from '../state/accountability.js';
import { isModerator, t } from '../state/session.js';
import { lazyView, registerView } from './registry.js';

const loading = () => h('p', { class: 'empty' }, t.value.loading);

registerView({
  id: 'notices',
  group: 'queue',
  label: (s) => s.tab_notices,
  allowed: () => isModerator.value,
  count: () => openCases.value?.notices ?? null,
  render: lazyView(async () => (await import('./notices-view.js')).NoticesView, loading),
});

registerView({
  id: 'appeals',
  group: 'queue',
  label: (s) => s.tab_appeals,
  allowed: () => isModerator.value,
  count: () => openCases.value?.appeals ?? null,
  render: lazyView(async () => (await import('./appeals-view.js')).AppealsView, loading),
});

registerView({
  id: 'stats',
  group: 'desk',
  label: (s) => s.tab_stats,
  allowed: () => isModerator.value,
  render: lazyView(async () => (await import('./stats-view.js')).StatsView, loading),
});
