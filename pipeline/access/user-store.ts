import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { roleSchema, userNameSchema, type Role } from './role.ts';
import { deletePasswordSessions, deleteTokenSessions, deleteUserSessions } from './stored-sessions.ts';
import { hashPassword, hashTokenSecret, randomSecret, verifyPassword, verifyTokenSecret } from './secret-hash.ts';

/** A person or script known to the observatory. */
export type User = { name: string; role: Role; disabled: boolean };

/** A user as `user list` shows it: never a secret or a hash. */
export type UserListing = User & { hasPassword: boolean; activeTokens: number; createdAt: string };

/** A token as printed once at creation. */
export type IssuedToken = { name: string; role: Role; token: string; expires: string | null; id: string; label: string | null };

/** A token as listed: never its secret or hash. Status on the day asked: live, expired (after the end of `expires`) or revoked. */
export type TokenListing = {
  id: string;
  label: string | null;
  createdAt: string;
  expires: string | null;
  revokedAt: string | null;
  status: 'live' | 'expired' | 'revoked';
};

/** The longest token label kept. */
export const MAX_TOKEN_LABEL = 80;

/** A token id as it appears in the token text (obs_<id>_…) and in listings. */
export const tokenIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'is not a token id (16 hexadecimal characters)');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** The shortest password `user password` accepts. */
export const MIN_PASSWORD_LENGTH = 12;

/** Token text: obs_<16 hex id>_<43 base64url secret>; the id finds the row, the secret is checked against its hash. */
const TOKEN_PATTERN = /^obs_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function toUser(row: Record<string, unknown>): User {
  return { name: String(row.name), role: roleSchema.parse(row.role), disabled: Boolean(row.disabled) };
}

/** The user of that name, or null. */
export async function findUser(db: Database, name: string): Promise<User | null> {
  const rows = await db.all(`SELECT name, role, disabled FROM observatory_user WHERE name = $name`, { name });
  return rows[0] ? toUser(rows[0]) : null;
}

async function requireUser(db: Database, name: string): Promise<User> {
  const user = await findUser(db, name);
  if (!user) throw new NotFoundError(`no user "${name}"; observatory user list shows them`, { field: 'name' });
  return user;
}

/** Adds a user with a role; refuses a name already taken. */
export async function addUser(db: Database, name: string, role: string): Promise<User> {
  const validName = parseField(userNameSchema, name, 'name');
  const validRole = parseField(roleSchema, role, 'role');
  if (await findUser(db, validName)) throw new InputError(`a user "${validName}" already exists`, { field: 'name' });
  await db.transaction((tx) =>
    tx.run(`INSERT INTO observatory_user (name, role, disabled, password_hash, created_at) VALUES ($name, $role, false, NULL, now()::TIMESTAMP)`, {
      name: validName,
      role: validRole,
    }),
  );
  return { name: validName, role: validRole, disabled: false };
}

/** Every user, by name, with whether they have a password and how many tokens are unexpired. */
export async function listUsers(db: Database, today: string): Promise<UserListing[]> {
  const rows = await db.all(
    `SELECT u.name, u.role, u.disabled, u.password_hash IS NOT NULL AS has_password,
            strftime(u.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
            count(t.token_id) FILTER (WHERE t.revoked_at IS NULL AND (t.expires_on IS NULL OR t.expires_on >= CAST($today AS DATE)))::INTEGER AS tokens
     FROM observatory_user u LEFT JOIN access_token t ON t.user_name = u.name
     GROUP BY ALL ORDER BY u.name`,
    { today },
  );
  return rows.map((r) => ({ ...toUser(r), hasPassword: Boolean(r.has_password), activeTokens: Number(r.tokens), createdAt: String(r.created_at) }));
}

/** Disables a user: their tokens and password stop working, and their stored sessions are deleted, in one transaction. */
export async function disableUser(db: Database, name: string): Promise<User> {
  const user = await requireUser(db, name);
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE observatory_user SET disabled = true WHERE name = $name`, { name });
    await deleteUserSessions(tx, name);
  });
  return { ...user, disabled: true };
}

/**
 * Sets a user's password (stored as an scrypt hash); the sessions signed in with the old password are
 * deleted in the same transaction (a running server must also forget them: SessionStore.endPasswordSessions).
 */
export async function setPassword(db: Database, name: string, password: string): Promise<User> {
  const user = await requireUser(db, name);
  if (password.length < MIN_PASSWORD_LENGTH) throw new InputError(`must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE observatory_user SET password_hash = $hash WHERE name = $name`, { name, hash });
    await deletePasswordSessions(tx, name);
  });
  return user;
}

/**
 * Creates a token for a user, valid until the end of `expires` (or without end), with an optional label saying
 * what it is for; the secret is returned once, only its hash is kept.
 */
export async function createToken(db: Database, name: string, options: { expires?: string | null; label?: string | null; today: string }): Promise<IssuedToken> {
  const user = await requireUser(db, name);
  if (user.disabled) throw new InputError(`user "${name}" is disabled`, { field: 'name' });
  const expires = options.expires ? parseField(isoDate, options.expires, 'expires') : null;
  if (expires !== null && expires < options.today) throw new InputError(`${expires} is in the past`, { field: 'expires' });
  const label = options.label ? parseField(tokenLabelSchema, options.label, 'label') : null;
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomSecret(32);
  await db.transaction((tx) =>
    tx.run(
      `INSERT INTO access_token (token_id, user_name, secret_hash, created_at, expires_on, label) VALUES ($id, $name, $hash, now()::TIMESTAMP, CAST($expires AS DATE), $label)`,
      { id: tokenId, name, hash: hashTokenSecret(secret), expires, label },
    ),
  );
  return { name, role: user.role, token: `obs_${tokenId}_${secret}`, expires, id: tokenId, label };
}

const tokenLabelSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TOKEN_LABEL, `must be at most ${MAX_TOKEN_LABEL} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'must not hold control characters');

/** A user's tokens, newest first, with their status on `today`: never a secret or a hash. */
export async function listTokens(db: Database, name: string, today: string): Promise<TokenListing[]> {
  await requireUser(db, name);
  const rows = await db.all(
    `SELECT token_id, label, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, CAST(expires_on AS VARCHAR) AS expires_on,
            strftime(revoked_at, '%Y-%m-%dT%H:%M:%SZ') AS revoked_at,
            CASE WHEN revoked_at IS NOT NULL THEN 'revoked'
                 WHEN expires_on IS NOT NULL AND expires_on < CAST($today AS DATE) THEN 'expired'
                 ELSE 'live' END AS status
     FROM access_token WHERE user_name = $name ORDER BY created_at DESC, token_id`,
    { name, today },
  );
  return rows.map((r) => ({
    id: String(r.token_id),
    label: r.label === null ? null : String(r.label),
    createdAt: String(r.created_at),
    expires: r.expires_on === null ? null : String(r.expires_on),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
    status: z.enum(['live', 'expired', 'revoked']).parse(r.status),
  }));
}

/**
 * Revokes one of a user's tokens: it stops working at once (the row stays, marked, so the listing
 * shows when), and the browser sessions signed in with it are deleted in the same transaction (a
 * running server must also forget them: SessionStore.endToken). Revoking a token already revoked
 * changes nothing and answers it as it is.
 */
export async function revokeToken(db: Database, name: string, tokenId: string, today: string): Promise<TokenListing> {
  const id = parseField(tokenIdSchema, tokenId, 'id');
  await requireUser(db, name);
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE access_token SET revoked_at = now()::TIMESTAMP WHERE token_id = $id AND user_name = $name AND revoked_at IS NULL`, { id, name });
    await deleteTokenSessions(tx, name, id);
  });
  const token = (await listTokens(db, name, today)).find((t) => t.id === id);
  if (!token) throw new NotFoundError(`user "${name}" has no token "${id}"; observatory token list ${name} shows them`, { field: 'id' });
  return token;
}

/** The enabled user a token belongs to, if it is well formed, known, unexpired on `today` and its secret matches; else null. */
export async function authenticateToken(db: Database, token: string, today: string): Promise<User | null> {
  return (await checkToken(db, token, today))?.user ?? null;
}

/** As authenticateToken, with the token's id and the last day it works (null: no end), for a sign-in to record. */
export async function checkToken(db: Database, token: string, today: string): Promise<{ user: User; tokenId: string; expires: string | null } | null> {
  const [, tokenId, secret] = TOKEN_PATTERN.exec(token) ?? [];
  if (!tokenId || !secret) return null;
  const rows = await db.all(
    `SELECT u.name, u.role, u.disabled, t.secret_hash, CAST(t.expires_on AS VARCHAR) AS expires_on
     FROM access_token t JOIN observatory_user u ON u.name = t.user_name
     WHERE t.token_id = $id AND t.revoked_at IS NULL AND (t.expires_on IS NULL OR t.expires_on >= CAST($today AS DATE))`,
    { id: tokenId, today },
  );
  const row = rows[0];
  if (!row || !verifyTokenSecret(secret, String(row.secret_hash))) return null;
  const user = toUser(row);
  return user.disabled ? null : { user, tokenId, expires: row.expires_on === null ? null : String(row.expires_on) };
}

/** When a token with that last day stops working (epoch ms): the end of the day, UTC, as `today` is told. */
export function tokenEndMs(expires: string): number {
  return Date.parse(`${expires}T00:00:00Z`) + 86_400_000;
}

/** The enabled user of that name if the password matches its stored hash; else null. */
export async function authenticatePassword(db: Database, name: string, password: string): Promise<User | null> {
  const rows = await db.all(`SELECT name, role, disabled, password_hash FROM observatory_user WHERE name = $name`, { name });
  const row = rows[0];
  if (!row || row.password_hash === null || !(await verifyPassword(password, String(row.password_hash)))) return null;
  const user = toUser(row);
  return user.disabled ? null : user;
}

/** The demo users' names: one per role, one per partner. */
export function demoUserNames(partners: readonly string[]): { name: string; role: Role }[] {
  return [
    ...(['admin', 'analyst', 'executive', 'public'] as const).map((role) => ({ name: `demo-${role}`, role })),
    ...partners.map((partner) => ({ name: `demo-partner-${partner}`, role: `partner:${partner}` as const })),
  ];
}

/**
 * Creates (or re-enables) a demo user for each role and partner and issues each a
 * new token that expires after `days`, returning the tokens to print once.
 */
export async function createDemoUsers(db: Database, partners: readonly string[], options: { today: string; days: number }): Promise<IssuedToken[]> {
  const expires = new Date(Date.parse(`${options.today}T00:00:00Z`) + options.days * 86_400_000).toISOString().slice(0, 10);
  const issued: IssuedToken[] = [];
  for (const { name, role } of demoUserNames(partners)) {
    const existing = await findUser(db, name);
    if (!existing) await addUser(db, name, role);
    else await db.transaction((tx) => tx.run(`UPDATE observatory_user SET disabled = false, role = $role WHERE name = $name`, { name, role }));
    issued.push(await createToken(db, name, { expires, today: options.today }));
  }
  return issued;
}

/** Whether any user exists (a fresh pilot database has none). */
export async function hasUsers(db: Database): Promise<boolean> {
  const rows = await db.all(`SELECT count(*)::INTEGER AS n FROM observatory_user`);
  return Number(rows[0]?.n) > 0;
}

function parseField<T extends z.ZodType>(schema: T, value: unknown, field: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(parsed.error.issues[0]?.message ?? 'is invalid', { field });
  return parsed.data;
}
