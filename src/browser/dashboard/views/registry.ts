/**
 * The workbench's views, one entry each: adding a tab is adding an entry here
 * (and its strings). See docs/WORKBENCH.md, "Adding a view".
 */
import { signal } from '@preact/signals';
import { type ComponentChild, type ComponentType, h } from 'preact';
import type { Strings } from '../strings/index.js';

export interface WorkbenchView {
  /** The hash route (`#/id`) and the tab's `data-tab`. */
  id: string;
  /** Tabs are grouped: the comment queues, other desk work, administration. */
  group: 'queue' | 'desk' | 'admin';
  label: (s: Strings) => string;
  /** Whether the logged-in user sees it (reads the session signals). */
  allowed: () => boolean;
  /** A number on the tab (reads signals), or null for none. */
  count?: () => number | null;
  render: () => ComponentChild;
}

const registered: WorkbenchView[] = [];

export function registerView(view: WorkbenchView): void {
  const at = registered.findIndex((v) => v.id === view.id);
  if (at >= 0) registered[at] = view;
  else registered.push(view);
}

export const allViews = (): readonly WorkbenchView[] => registered;

/**
 * A view whose code loads when it is first shown (its own chunk, e.g. the
 * admin screens): most users never pay for it.
 */
export function lazyView(
  load: () => Promise<ComponentType>,
  loading: () => ComponentChild,
): () => ComponentChild {
  const component = signal<ComponentType | null>(null);
  let started = false;
  return () => {
    if (!started) {
      started = true;
      void load().then((c) => {
        component.value = c;
      });
    }
    const loaded = component.value;
    return loaded ? h(loaded, {}) : loading();
  };
}
