/** The built-in views, in tab order. Other feature folders register theirs the same way. */
import { h } from 'preact';
import { queueNames } from '../queue-state.js';
import { counts as queueCounts } from '../state/queue.js';
import { isEditor, isModerator } from '../state/session.js';
import { counts as pieceCounts } from '../state/submissions.js';
import { QueueView } from './queue-view.js';
import { registerView } from './registry.js';
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
