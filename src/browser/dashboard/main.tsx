/**
 * The moderators' workbench at /moderate: Preact components over signal
 * stores (state/). Same origin as the API: cookie session plus the CSRF
 * header; no inline script or style (strict CSP); user text only as text.
 */
import { render } from 'preact';
import { call, hasSessionCookie } from './http.js';
import { connect, disconnect } from './state/live.js';
import { initialSite, languageReady, sessionEnded, site, sites, type User, user } from './state/session.js';
import './views/index.js';
import './views/accountability-register.js';
import { Login } from './views/login.js';
import { Shell } from './views/shell.js';

async function siteList(me: User): Promise<string[]> {
  if (me.role !== 'admin') return me.sites;
  const res = await call<{ items: { id: string }[] }>('GET', '/api/v1/admin/sites?limit=100');
  return res.status === 200 ? res.body.items.map((s) => s.id) : me.sites;
}

async function boot(): Promise<void> {
  disconnect();
  const wasIn = Boolean(user.peek());
  // No session cookie: the login form, without asking (the answer could only be a 401).
  if (!hasSessionCookie()) {
    await languageReady;
    sessionEnded.value = wasIn;
    user.value = null;
    return;
  }
  // The session is read while the language loads; nothing is said before both are in.
  const [res] = await Promise.all([call<{ user: User }>('GET', '/api/v1/auth/session'), languageReady]);
  if (res.status !== 200) {
    sessionEnded.value = wasIn || res.status === 401;
    user.value = null;
    return;
  }
  sessionEnded.value = false;
  const list = await siteList(res.body.user);
  sites.value = list;
  site.value = initialSite(list);
  user.value = res.body.user;
  connect(() => void boot());
}

function App() {
  if (user.value === undefined) return <p class="empty">…</p>;
  if (user.value === null) return <Login onLoggedIn={() => void boot()} />;
  return (
    <Shell
      onLogout={() => {
        disconnect();
        sessionEnded.value = false;
        user.value = null;
      }}
    />
  );
}

const root = document.getElementById('app')!;
void languageReady.then(() => {
  root.textContent = '';
  render(<App />, root);
});
void boot();
