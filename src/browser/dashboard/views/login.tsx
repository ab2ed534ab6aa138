import { useRef, useState } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { sessionEnded, t } from '../state/session.js';
import { LanguagePicker } from './shell.js';

export function Login({ onLoggedIn }: { onLoggedIn: () => void }) {
  const s = t.value;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  return (
    <main class="login-page">
      <form
        class="login"
        aria-labelledby="login-title"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          const res = await call('POST', '/api/v1/auth/login', {
            email: email.current?.value ?? '',
            password: password.current?.value ?? '',
          });
          setBusy(false);
          if (res.status === 200) return onLoggedIn();
          setError(
            res.status === 429
              ? fill(s.loginLimited, { s: res.retryAfter || 60 })
              : res.status === 0
                ? s.networkDown
                : s.loginFailed,
          );
        }}
      >
        <h1 id="login-title">{s.appTitle}</h1>
        <h2>{s.loginHeading}</h2>
        {sessionEnded.value && !error && <p class="note">{s.sessionEnded}</p>}
        <label>
          {s.email}
          {/* biome-ignore lint/a11y/noAutofocus: the login form is the only thing on the page */}
          <input ref={email} type="email" name="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {s.password}
          <input ref={password} type="password" name="password" autoComplete="current-password" required />
        </label>
        <p class="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          {s.login}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}
