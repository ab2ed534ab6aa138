/** The site's reusable reject reasons (its catalogue): label per language and the ground each cites; with them, the newsroom's time zone. */
import { signal } from '@preact/signals';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import type { UiLang } from '../strings/index.js';
import { newsroomZone } from './format.js';
import { site } from './session.js';

export interface RejectReason {
  code: string;
  labels: Record<UiLang, string>;
  ground: { type: 'terms' | 'law'; reference: string; explanation: Record<UiLang, string> };
}

export const catalogue = signal<RejectReason[]>([]);
let loadedFor = '';
const reads = new LatestRead();

/** Reads the catalogue of the current site once (again after a site change). */
export async function loadCatalogue(): Promise<void> {
  const siteId = site.peek();
  if (!siteId || loadedFor === siteId) return;
  const latest = reads.start();
  const res = await call<{ items: RejectReason[]; timeZone?: string }>(
    'GET',
    `/api/v1/moderation/sites/${encodeURIComponent(siteId)}/reject-reasons`,
  );
  if (!latest()) return;
  loadedFor = siteId;
  catalogue.value = res.status === 200 ? res.body.items : [];
  if (res.status === 200 && res.body.timeZone) newsroomZone.value = res.body.timeZone;
}
