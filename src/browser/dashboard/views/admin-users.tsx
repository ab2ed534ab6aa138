import { useEffect, useState } from 'preact/hooks';
import { createUser, loadUsers, type Role, type UserRow, updateUser, users } from '../state/admin.js';
import { sites, t, user } from '../state/session.js';
import type { Strings } from '../strings/index.js';

const ROLES: Role[] = ['moderator', 'editor', 'admin'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function SitePicks({
  chosen,
  onChange,
  s,
}: {
  chosen: string[];
  onChange: (next: string[]) => void;
  s: Strings;
}) {
  return (
    <fieldset class="sites-pick">
      <legend>{s.userSites}</legend>
      {sites.value.map((id) => (
        <label key={id} class="check">
          <input
            type="checkbox"
            checked={chosen.includes(id)}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...chosen, id] : chosen.filter((x) => x !== id))
            }
          />
          {id}
        </label>
      ))}
    </fieldset>
  );
}

function NewUser({ s }: { s: Strings }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('moderator');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState('');
  return (
    <form
      noValidate
      class="panel admin-form"
      aria-labelledby="new-user-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!EMAIL.test(email.trim())) return setError(s.badEmail);
        if (password.length < 10) return setError(s.shortPassword);
        if (role !== 'admin' && chosen.length === 0) return setError(s.needSites);
        const problem = await createUser({
          email: email.trim(),
          name: name.trim() || email.split('@')[0]!,
          password,
          role,
          sites: chosen,
        });
        setError(problem ?? '');
        if (!problem) {
          setEmail('');
          setName('');
          setPassword('');
          setChosen([]);
        }
      }}
    >
      <h3 id="new-user-title">{s.newUser}</h3>
      <label>
        {s.email}
        <input
          type="email"
          name="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label>
        {s.userName}
        <input name="name" maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {s.firstPassword}
        <input
          type="password"
          name="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <label>
        {s.userRole}
        <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {s[`role_${r}`]}
            </option>
          ))}
        </select>
      </label>
      {role !== 'admin' && <SitePicks chosen={chosen} onChange={setChosen} s={s} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{s.createUser}</button>
    </form>
  );
}

function UserEditor({ u, s }: { u: UserRow; s: Strings }) {
  const [role, setRole] = useState<Role>(u.role);
  const [chosen, setChosen] = useState<string[]>(u.sites);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const self = user.value?.id === u.id;
  const save = async (change: Parameters<typeof updateUser>[1]) =>
    setError((await updateUser(u.id, change)) ?? '');
  return (
    <li class={u.disabled ? 'user disabled' : 'user'} data-user={u.email}>
      <p>
        <strong>{u.name}</strong> {`<${u.email}>`} · {s[`role_${u.role}`]}
        {u.disabled && ` · ${s.userDisabled}`}
      </p>
      <div class="row">
        <label>
          {s.userRole}
          <select value={role} disabled={self} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {s[`role_${r}`]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {role !== 'admin' && <SitePicks chosen={chosen} onChange={setChosen} s={s} />}
      <div class="row">
        {!self && (
          <button type="button" onClick={() => void save({ role, sites: chosen })}>
            {s.saveAccess}
          </button>
        )}
        {!self && (
          <button type="button" class="danger" onClick={() => void save({ disabled: !u.disabled })}>
            {u.disabled ? s.enableUser : s.disableUser}
          </button>
        )}
      </div>
      <form
        noValidate
        class="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (password.length < 10) return setError(s.shortPassword);
          await save({ password });
          setPassword('');
        }}
      >
        <label>
          {s.newPassword}
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{s.resetPassword}</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** Users: create moderators and editors, scope them to sites, change role, disable, reset a password. */
export function AdminUsersView() {
  const s = t.value;
  useEffect(() => {
    void loadUsers();
  }, []);
  const list = users.value;
  return (
    <div class="admin">
      <NewUser s={s} />
      <section class="panel" aria-labelledby="users-title">
        <h2 id="users-title">{s.usersTitle}</h2>
        {!list ? (
          <p>{s.loading}</p>
        ) : (
          <ul class="users">
            {list.map((u) => (
              <UserEditor key={`${u.id}:${u.role}:${u.sites.join()}:${u.disabled}`} u={u} s={s} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
