import { systemClock } from '../../pipeline/clock.ts';
import { loadAgreements } from '../../pipeline/agreements/load-agreements.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { InputError } from '../../pipeline/errors.ts';
import { addUser, createDemoUsers, createToken, disableUser, listUsers, setPassword, type IssuedToken } from '../../pipeline/access/user-store.ts';
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

export type UserCommandOptions = { json: boolean; role?: string; expires?: string };

/** observatory user add|list|disable|password …: manages the people who may use the observatory. */
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
      const user = await withDatabase(config, (db) => addUser(db, userName, role));
      if (options.json) io.out(JSON.stringify(user));
      else io.out(`Added ${user.name} (${user.role}). Give them a token: observatory token create ${user.name}`);
      return 0;
    }
    case 'list': {
      const users = await withDatabase(config, (db) => listUsers(db, systemClock.today()));
      if (options.json) io.out(JSON.stringify({ users }));
      else io.out(formatTable(['name', 'role', 'disabled', 'password', 'tokens', 'created'], users.map((u) => [u.name, u.role, u.disabled ? 'yes' : '', u.hasPassword ? 'set' : '', u.activeTokens, u.createdAt])));
      return 0;
    }
    case 'disable': {
      const user = await withDatabase(config, (db) => disableUser(db, needName()));
      if (options.json) io.out(JSON.stringify(user));
      else io.out(`Disabled ${user.name}: their tokens, password and sessions no longer work.`);
      return 0;
    }
    case 'password': {
      const userName = needName();
      if (!io.readSecret) throw new InputError('this command reads the new password from standard input, and there is none');
      const password = await io.readSecret(`New password for ${userName}: `);
      const user = await withDatabase(config, (db) => setPassword(db, userName, password));
      if (options.json) io.out(JSON.stringify({ name: user.name, role: user.role, password: 'set' }));
      else io.out(`Password set for ${user.name}; they can now sign in at /sign-in with their name and password.`);
      return 0;
    }
    default:
      throw new InputError(`unknown user command "${sub ?? ''}": use user add <name> --role <role>, user list, user disable <name> or user password <name>`);
  }
}

/** observatory token create <name> [--expires YYYY-MM-DD]: prints a new token once. */
export async function tokenCommand(config: ObservatoryConfig, args: string[], options: UserCommandOptions, io: CommandIo): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'create') throw new InputError(`unknown token command "${sub ?? ''}": use token create <name> [--expires YYYY-MM-DD]`);
  if (!name) throw new InputError('give a user name: observatory token create <name>', { field: 'name' });
  const issued = await withDatabase(config, (db) => createToken(db, name, { expires: options.expires ?? null, today: systemClock.today() }));
  if (options.json) io.out(JSON.stringify(issued));
  else {
    io.out(issued.token);
    io.err(`Token for ${issued.name} (${issued.role})${issued.expires ? `, valid until the end of ${issued.expires}` : ', without expiry'}. It is shown only now; keep it secret.`);
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
  const issued = await withDatabase(config, (db) => createDemoUsers(db, partners, { today: systemClock.today(), days: DEMO_TOKEN_DAYS }));
  printDemoUsers(issued, options, io);
  return 0;
}
