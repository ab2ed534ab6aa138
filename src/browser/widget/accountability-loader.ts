/**
 * Fetches the accountability chunk (accountability.ts) the first time a
 * reader needs it. It is not in widget.js: every article page view would pay
 * for forms that few readers open (see docs/WIDGET.md, "Size"). The build
 * names the chunk by its content hash; it is an ES module served with CORS,
 * so the cross-origin import works from any publisher's page.
 */
import type * as Accountability from './accountability.js';

/** `widget-accountability-HASH.js`, set by scripts/build-browser.mjs. */
declare const __ACCOUNTABILITY_CHUNK__: string;

export type AccountabilityModule = typeof Accountability;

let loading: Promise<AccountabilityModule> | null = null;
const styled = new WeakSet<ShadowRoot>();

/** The chunk, with its CSS added to `root`; a failed load is tried again next time. */
export async function loadAccountability(origin: string, root: ShadowRoot): Promise<AccountabilityModule> {
  loading ??= (import(`${origin}/${__ACCOUNTABILITY_CHUNK__}`) as Promise<AccountabilityModule>).catch(
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  const module = await loading;
  if (!styled.has(root)) {
    styled.add(root);
    module.install(root);
  }
  return module;
}
