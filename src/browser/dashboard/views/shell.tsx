import { useLayoutEffect, useRef } from 'preact/hooks';
import { call } from '../http.js';
import { route, go } from '../state/route.js';
import { announcement, chooseSite, lang, online, setLang, site, sites, t, user } from '../state/session.js';
import { type UiLang, uiLangs, languageNames } from '../strings/index.js';
import { Help } from './help.js';
import { allViews, type WorkbenchView } from './registry.js';

export function LanguagePicker() {
  const s = t.value;
  return (
    <label class="lang">
      <span class="sr">{s.languageLabel}</span>
      <select name="lang" value={lang.value} onChange={(e) => void setLang(e.currentTarget.value as UiLang)}>
        {uiLangs.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The logged-in frame: header, live regions, the tabs of the views this user may use, the view. */
export function Shell({ onLogout }: { onLogout: () => void }) {
  const s = t.value;
  const me = user.value!;
  const views = allViews().filter((v) => v.allowed());
  const current: WorkbenchView | undefined = views.find((v) => v.id === route.value) ?? views[0];
  const groups: WorkbenchView['group'][] = ['queue', 'desk', 'admin'];
  // On a phone the tabs scroll sideways: keep the current one in view.
  const nav = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const el = nav.current;
    const active = el?.querySelector<HTMLElement>('.tab.active');
    if (!el || !active || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = active.offsetLeft - el.offsetLeft - (el.clientWidth - active.offsetWidth) / 2;
  }, [current?.id]);
  return (
    <>
      <header class="top">
        <h1>Ordskifte</h1>
        {sites.value.length > 0 && (
          <label class="site">
            {s.site}{' '}
            <select id="site" value={site.value} onChange={(e) => chooseSite(e.currentTarget.value)}>
              {sites.value.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
        )}
        <p class={online.value ? 'conn on' : 'conn off'} role="status">
          {online.value ? s.online : s.offline}
        </p>
        <span class="who">{me.name || me.email}</span>
        <LanguagePicker />
        <button
          type="button"
          onClick={async () => {
            await call('POST', '/api/v1/auth/logout');
            onLogout();
          }}
        >
          {s.logout}
        </button>
      </header>
      <div class="sr" aria-live="polite">
        {announcement.value.polite}
      </div>
      <div class="sr" aria-live="assertive">
        {announcement.value.assertive}
      </div>
      {sites.value.length === 0 ? (
        <main>
          <p class="empty">{s.noSites}</p>
        </main>
      ) : (
        <>
          <nav class="tabs" aria-label={s.views} ref={nav}>
            {groups.map((group) => {
              const inGroup = views.filter((v) => v.group === group);
              if (inGroup.length === 0) return null;
              return (
                <ul key={group} class={`tab-group group-${group}`}>
                  {inGroup.map((v) => {
                    const n = v.count?.() ?? null;
                    return (
                      <li key={v.id}>
                        <a
                          href={`#/${v.id}`}
                          class={v === current ? 'tab active' : 'tab'}
                          aria-current={v === current ? 'page' : undefined}
                          data-tab={v.id}
                          onClick={(e) => {
                            e.preventDefault();
                            go(v.id);
                          }}
                        >
                          {v.label(s)}
                          {n !== null && (
                            <span class="n" data-count={v.id}>
                              {String(n)}
                            </span>
                          )}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              );
            })}
          </nav>
          <main id="view" data-view={current?.id}>
            {current?.render()}
          </main>
        </>
      )}
      <Help />
    </>
  );
}
