import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../platform/config.js';
import { AppError } from '../platform/errors.js';
import type { Limiter } from '../platform/rate-limit.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import type { User } from './user.js';
import type { UserRepository } from './user.repository.js';

export interface Session {
  user: User;
  jti: string;
}

/** Logins, session tokens (JWT, HS256, with a server-side session so logout works) and the bootstrap admin. */
export class AuthService {
  readonly #key: Uint8Array;

  constructor(
    private readonly users: UserRepository,
    private readonly config: Config,
    private readonly loginFailures: Limiter,
  ) {
    this.#key = new TextEncoder().encode(config.tokenSecret);
  }

  async login(email: string, password: string, clientKey: string) {
    // Failed attempts cost points; a run of failures blocks the client for a growing time.
    const limiterKey = `${clientKey}`;
    if ((await this.loginFailures.remaining(limiterKey)) <= 0) await this.loginFailures.consume(limiterKey);
    const found = await this.users.findCredentials(email);
    const valid = found
      ? await verifyPassword(password, found.passwordHash)
      : await verifyPassword(password, await DUMMY_HASH_PROMISE).then(() => false);
    if (!found || !valid || found.user.disabled) {
      await this.loginFailures.consume(limiterKey);
      throw new AppError('unauthorized', 'Wrong e-mail or password.');
    }
    await this.loginFailures.delete(limiterKey);
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000);
    await this.users.createSession(jti, found.user.id, expiresAt);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(found.user.id)
      .setJti(jti)
      .setIssuedAt()
      .setIssuer('ordskifte')
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.#key);
    return { token, user: found.user, expiresAt, csrfToken: randomBytes(18).toString('base64url') };
  }

  /** The session behind a token, or null when the token is invalid, expired, logged out or the user disabled. */
  async authenticate(token: string): Promise<Session | null> {
    let sub: string | undefined;
    let jti: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], issuer: 'ordskifte' });
      sub = payload.sub;
      jti = payload.jti;
    } catch {
      return null;
    }
    if (!sub || !jti) return null;
    const [user, active] = await Promise.all([this.users.findById(sub), this.users.sessionActive(jti)]);
    if (!user || user.disabled || !active) return null;
    return { user, jti };
  }

  async logout(jti: string): Promise<void> {
    await this.users.endSession(jti);
  }

  /** ADMIN_EMAIL / ADMIN_PASSWORD create or reset the admin account at start. */
  async ensureAdmin(): Promise<User | null> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return null;
    return this.users.upsertByEmail({
      email: adminEmail,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(adminPassword),
    });
  }
}
