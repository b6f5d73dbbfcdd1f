import { z } from 'zod';
import { systemClock } from '../../pipeline/clock.ts';
import { loadAgreements } from '../../pipeline/agreements/load-agreements.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { DatabaseBusyError, InputError } from '../../pipeline/errors.ts';
import { addUser, createDemoUsers, createToken, disableUser, listTokens, listUsers, revokeToken, setPassword, type IssuedToken } from '../../pipeline/access/user-store.ts';
import { IssuedToken as IssuedTokenAnswer, TokenList, TokenListing, User as UserAnswer, UserList } from '../../server/contract/index.ts';
import { runAudited, type AuditedCommand } from '../command-audit.ts';
import { handOffRequest, runningServer, type RunningServerHandOff } from '../server-hand-off.ts';
import { formatTable } from '../summary-table.ts';
import type { CommandIo } from '../command-io.ts';

/** How long demo tokens last. */
export const DEMO_TOKEN_DAYS = 30;

async function withDatabase<T>(config: ObservatoryConfig, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(config.databasePath);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs a user or token command on the database, audited; when a running server holds the
 * database, hands it to the server's API instead (cli/server-hand-off.ts), which audits it.
 */
async function onDatabaseOrServer<T>(
  config: ObservatoryConfig,
  io: CommandIo,
  command: AuditedCommand,
  local: (db: Database) => Promise<T>,
  remote: (server: RunningServerHandOff) => Promise<T>,
): Promise<T> {
  let db: Database;
  try {
    db = await Database.open(config.databasePath);
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    const server = runningServer(config);
    io.err(`The database is held by the running server at ${server.url}; handing the command to it.`);
    return remote(server);
  }
  try {
    return await runAudited(db, config, command, () => local(db));
  } finally {
    await db.close();
  }
}

const userPath = (name: string, tail: string): string => `api/users/${encodeURIComponent(name)}/${tail}`;

export type UserCommandOptions = { json: boolean; role?: string; expires?: string; label?: string };

/** observatory user add|list|disable|password …: manages the people who may use the observatory, on the database or through a running server. */
export async function userCommand(config: ObservatoryConfig, args: string[], options: UserCommandOptions, io: CommandIo): Promise<number> {
  const [sub, name] = args;
  const needName = (): string => {
    if (!name) throw new InputError(`give a user name: observatory user ${sub ?? '<add|list|disable|password>'} <name>`, { field: 'name' });
    return name;
  };
  switch (sub) {
    case 'add': {
      const userName = needName();
      if (!options.role) throw new InputError('give a role: --role admin|analyst|executive|public|partner:<partner-id>', { field: 'role' });
      const role = options.role;
      const user = await onDatabaseOrServer(
        config,
        io,
        { action: 'add-user', command: 'user add', parameters: { name: userName, role }, successStatus: 201 },
        (db) => addUser(db, userName, role),
        (server) => handOffRequest(server, { method: 'POST', path: 'api/users', body: { name: userName, role }, what: 'new user' }, UserAnswer),
      );
      if (options.json) io.out(JSON.stringify({ name: user.name, role: user.role, disabled: user.disabled }));
      else io.out(`Added ${user.name} (${user.role}). Give them a token: observatory token create ${user.name}`);
      return 0;
    }
    case 'list': {
      const { users } = await onDatabaseOrServer(
        config,
        io,
        { action: 'list-users', command: 'user list', parameters: {}, successStatus: 200 },
        async (db) => ({ users: await listUsers(db, systemClock.today()) }),
        (server) => handOffRequest(server, { method: 'GET', path: 'api/users', what: 'user list' }, UserList),
      );
      if (options.json) io.out(JSON.stringify({ users }));
      else io.out(formatTable(['name', 'role', 'disabled', 'password', 'tokens', 'created'], users.map((u) => [u.name, u.role, u.disabled ? 'yes' : '', u.hasPassword ? 'set' : '', u.activeTokens, u.createdAt])));
      return 0;
    }
    case 'disable': {
      const userName = needName();
      const user = await onDatabaseOrServer(
        config,
        io,
        { action: 'disable-user', command: 'user disable', parameters: { name: userName }, successStatus: 200 },
        (db) => disableUser(db, userName),
        (server) => handOffRequest(server, { method: 'POST', path: userPath(userName, 'disable'), what: 'disable' }, UserAnswer),
      );
      if (options.json) io.out(JSON.stringify({ name: user.name, role: user.role, disabled: user.disabled }));
      else io.out(`Disabled ${user.name}: their tokens, password and sessions no longer work.`);
      return 0;
    }
    case 'password': {
      const userName = needName();
      if (!io.readSecret) throw new InputError('this command reads the new password from standard input, and there is none');
      const password = await io.readSecret(`New password for ${userName}: `);
      // Handed to a server, the password goes in the JSON body of a loopback request: never in a URL, an argument or the audit.
      const user = await onDatabaseOrServer(
        config,
        io,
        { action: 'set-password', command: 'user password', parameters: { name: userName }, successStatus: 200 },
        (db) => setPassword(db, userName, password),
        (server) => handOffRequest(server, { method: 'POST', path: userPath(userName, 'password'), body: { password }, what: 'password' }, UserAnswer),
      );
      if (options.json) io.out(JSON.stringify({ name: user.name, role: user.role, password: 'set' }));
      else io.out(`Password set for ${user.name}; they can now sign in at /sign-in with their name and password (web sessions signed in with the old one have ended).`);
      return 0;
    }
    default:
      throw new InputError(`unknown user command "${sub ?? ''}": use user add <name> --role <role>, user list, user disable <name> or user password <name>`);
  }
}

/**
 * observatory token create <name> [--expires YYYY-MM-DD] [--label TEXT]: prints a new token once; token list <name>: a
 * user's tokens (never a secret); token revoke <name> <token-id>: that token, and the web sessions signed in with it, stop
 * working at once. On the database or
 * through a running server.
 */
export async function tokenCommand(config: ObservatoryConfig, args: string[], options: UserCommandOptions, io: CommandIo): Promise<number> {
  const [sub, name, tokenId] = args;
  const usage = 'use token create <name> [--expires YYYY-MM-DD] [--label TEXT], token list <name> or token revoke <name> <token-id>';
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') throw new InputError(`unknown token command "${sub ?? ''}": ${usage}`);
  if (!name) throw new InputError(`give a user name: observatory token ${sub} <name>`, { field: 'name' });
  if (sub === 'list') {
    const listed = await onDatabaseOrServer(
      config,
      io,
      { action: 'list-tokens', command: 'token list', parameters: { name }, successStatus: 200 },
      async (db) => ({ name, tokens: await listTokens(db, name, systemClock.today()) }),
      (server) => handOffRequest(server, { method: 'GET', path: userPath(name, 'tokens'), what: 'token list' }, TokenList),
    );
    if (options.json) io.out(JSON.stringify(listed));
    else io.out(formatTable(['id', 'label', 'created', 'expires', 'status'], listed.tokens.map((t) => [t.id, t.label ?? '', t.createdAt, t.expires ?? '', t.revokedAt ? `revoked ${t.revokedAt}` : t.status])));
    return 0;
  }
  if (sub === 'revoke') {
    if (!tokenId) throw new InputError(`give the token's id: observatory token revoke ${name} <token-id> (token list ${name} shows them)`, { field: 'id' });
    const revoked = await onDatabaseOrServer(
      config,
      io,
      { action: 'revoke-token', command: 'token revoke', parameters: { name, id: tokenId }, successStatus: 200 },
      (db) => revokeToken(db, name, tokenId, systemClock.today()),
      (server) => handOffRequest(server, { method: 'DELETE', path: userPath(name, `tokens/${encodeURIComponent(tokenId)}`), what: 'token revocation' }, TokenListing),
    );
    if (options.json) io.out(JSON.stringify({ name, ...revoked }));
    else io.out(`Revoked token ${revoked.id} of ${name}: it, and the web sessions signed in with it, no longer work.`);
    return 0;
  }
  const expires = options.expires ?? null;
  const label = options.label ?? null;
  const issued: z.infer<typeof IssuedTokenAnswer> = await onDatabaseOrServer(
    config,
    io,
    { action: 'issue-token', command: 'token create', parameters: { name, ...(expires ? { expires } : {}), ...(label ? { label } : {}) }, successStatus: 201 },
    (db) => createToken(db, name, { expires, label, today: systemClock.today() }),
    (server) =>
      handOffRequest(server, { method: 'POST', path: userPath(name, 'tokens'), body: { ...(expires ? { expires } : {}), ...(label ? { label } : {}) }, what: 'token' }, IssuedTokenAnswer),
  );
  if (options.json) io.out(JSON.stringify({ name: issued.name, role: issued.role, token: issued.token, expires: issued.expires }));
  else {
    io.out(issued.token);
    io.err(`Token ${issued.id} for ${issued.name} (${issued.role})${issued.expires ? `, valid until the end of ${issued.expires}` : ', without expiry'}. It is shown only now; keep it secret.`);
  }
  return 0;
}

/** Prints issued demo tokens: a table, or one JSON object. */
export function printDemoUsers(issued: readonly IssuedToken[], options: { json: boolean }, io: CommandIo): void {
  if (options.json) {
    io.out(JSON.stringify({ users: issued }));
    return;
  }
  io.out(`Demo users, one per role (tokens valid until ${issued[0]?.expires ?? '?'}; shown only now). Sign in at /sign-in with a name and its token:`);
  for (const user of issued) io.out(`  ${user.name.padEnd(24)} ${user.role.padEnd(18)} ${user.token}`);
}

/** observatory demo-users: creates (or re-enables) a demo user per role and partner and prints new tokens. */
export async function demoUsersCommand(config: ObservatoryConfig, options: { json: boolean }, io: CommandIo): Promise<number> {
  const partners = [...new Set(loadAgreements(config.partnershipDir).map((a) => a.partner))].sort();
  const command: AuditedCommand = { action: 'create-demo-users', command: 'demo-users', parameters: {}, successStatus: 201 };
  const issued = await withDatabase(config, (db) =>
    runAudited(db, config, command, () => createDemoUsers(db, partners, { today: systemClock.today(), days: DEMO_TOKEN_DAYS })),
  );
  printDemoUsers(issued, options, io);
  return 0;
}
