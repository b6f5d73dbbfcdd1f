import { parseArgs } from 'node:util';
import { systemClock } from '../pipeline/clock.ts';
import { loadConfig } from '../pipeline/config.ts';
import { ObservatoryError } from '../pipeline/errors.ts';
import { EXIT_FAILURE, exitCodeOfErrorKind } from './exit-code.ts';
import { processIo, type CommandIo } from './command-io.ts';
import { backupCommand, restoreCommand } from './commands/backup-command.ts';
import { buildCommand } from './commands/build-command.ts';
import { checkCommand } from './commands/check-command.ts';
import { extractsCommand, quarantineCommand } from './commands/extracts-command.ts';
import { ingestCommand } from './commands/ingest-command.ts';
import { purgeCommand } from './commands/purge-command.ts';
import { reinstateCommand } from './commands/reinstate-command.ts';
import { riskReviewCommand } from './commands/risk-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { demoUsersCommand, tokenCommand, userCommand } from './commands/user-command.ts';

const USAGE = `Usage: observatory <command> [options]

Commands:
  start                         load the embedded partnership (datasets/) and serve it
  serve                         serve the database as it is
  ingest <files…>               load extracts  [--dataset partner.dataset] [--replace] [--dry-run] [--json]
                                (--replace: the file may replace extracts already loaded for its periods)
  build [--full]                rebuild indicator values  [--json]
  extracts                      list the extract log  [--json]
  extract reinstate <id>        make a superseded extract current again (it supersedes what replaced it)  [--json]
  quarantine <extract-id>       show an extract's quarantined rows  [--csv]
  check                         verify the database agrees with itself; exits 1 naming each problem  [--json] [--today YYYY-MM-DD]
  purge                         delete raw rows past their agreement's retention  [--dry-run] [--json] [--today YYYY-MM-DD]
  user add <name> --role <role> add a user; role is admin, analyst, executive, public or partner:<partner-id>  [--json]
  user list                     list users (never their secrets)  [--json]
  user disable <name>           stop a user's tokens, password and sessions  [--json]
  user password <name>          set a user's password (read from standard input); ends sessions signed in with the old  [--json]
  token create <name>           print a new token for a user, once  [--expires YYYY-MM-DD] [--label TEXT] [--json]
  token list <name>             list a user's tokens: id, label, created, expires, status (never a secret)  [--json]
  token revoke <name> <id>      revoke one token: it and its web sessions stop at once  [--json]
  demo-users                    create a demo user per role and partner and print their tokens  [--json]
  backup <dir>                  write every table as Parquet with a manifest of row counts and SHA-256  [--json]
  restore <dir>                 rebuild the database file (OBSERVATORY_DB must not exist) from a backup  [--json]
  risk review <risk-id>         record a review of a risk  --likelihood L --impact I --note "…" [--date YYYY-MM-DD] [--json]

Environment: OBSERVATORY_DB (default .observatory/observatory.duckdb), OBSERVATORY_PARTNERSHIP
(default datasets/chorley-south-ribble), PORT (8080), HOST (127.0.0.1), OBSERVATORY_PSEUDONYM_KEY[_FILE],
OBSERVATORY_ALLOWED_HOSTS (localhost,127.0.0.1), OBSERVATORY_UPLOAD_LIMIT_BYTES (2 GiB), OBSERVATORY_SESSION_HOURS (8),
OBSERVATORY_AUDIT_RETENTION_DAYS (400).

While a server holds the database, ingest, user and token commands are handed to it (authenticated
by the secret file beside the database); demo-users needs the server stopped.`;

/** Runs the CLI with arguments; returns the exit code. */
export async function runCli(argv: string[], io: CommandIo = processIo, environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      dataset: { type: 'string' },
      partner: { type: 'string' },
      partnership: { type: 'string' },
      today: { type: 'string' },
      role: { type: 'string' },
      expires: { type: 'string' },
      label: { type: 'string' },
      likelihood: { type: 'string' },
      impact: { type: 'string' },
      note: { type: 'string' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig({ ...environment, ...(values.partnership ? { OBSERVATORY_PARTNERSHIP: values.partnership } : {}) });
  const dataset = values.dataset && values.partner && !values.dataset.includes('.') ? `${values.partner}.${values.dataset}` : values.dataset;
  switch (command) {
    case 'start':
      return serveCommand(config, { loadPartnership: true }, io);
    case 'serve':
      return serveCommand(config, { loadPartnership: false }, io);
    case 'ingest':
      return ingestCommand(config, { files: rest, ...(dataset ? { dataset } : {}), dryRun: values['dry-run'], replace: values.replace, json: values.json }, io);
    case 'build':
      return buildCommand(config, { full: values.full, json: values.json }, io);
    case 'extract':
    case 'extracts': {
      const [action, extractId] = rest;
      if (action === 'reinstate' && extractId) return reinstateCommand(config, { extractId, json: values.json }, io);
      if (command === 'extracts' && action === undefined) return extractsCommand(config, { json: values.json }, io);
      io.err('usage: observatory extracts [--json] | observatory extract reinstate <extract-id> [--json]');
      return 2;
    }
    case 'quarantine': {
      const extractId = rest[0];
      if (!extractId) {
        io.err('give an extract id: observatory quarantine <extract-id> (observatory extracts lists them)');
        return 2;
      }
      return quarantineCommand(config, { extractId, csv: values.csv }, io);
    }
    case 'check':
      return checkCommand(config, { json: values.json, ...(values.today ? { today: values.today } : {}) }, io);
    case 'purge':
      return purgeCommand(config, { json: values.json, dryRun: values['dry-run'], ...(values.today ? { today: values.today } : {}) }, io);
    case 'user':
      return userCommand(config, rest, { json: values.json, ...(values.role ? { role: values.role } : {}) }, io);
    case 'token':
      return tokenCommand(config, rest, { json: values.json, ...(values.expires ? { expires: values.expires } : {}), ...(values.label ? { label: values.label } : {}) }, io);
    case 'demo-users':
      return demoUsersCommand(config, { json: values.json }, io);
    case 'risk': {
      const [action, riskId] = rest;
      if (action !== 'review' || !riskId) {
        io.err('usage: observatory risk review <risk-id> --likelihood L --impact I --note "…" (GET /api/risks lists the risks)');
        return 2;
      }
      const today = values.today ?? systemClock.today();
      return riskReviewCommand(config, { riskId, likelihood: values.likelihood, impact: values.impact, note: values.note, date: values.date, json: values.json, today }, io);
    }
    case 'backup':
    case 'restore': {
      const dir = rest[0];
      if (!dir) {
        io.err(`give a folder: observatory ${command} <dir>`);
        return 2;
      }
      return (command === 'backup' ? backupCommand : restoreCommand)(config, { dir, json: values.json }, io);
    }
    default:
      io.err(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const isMain = process.argv[1] !== undefined && /observatory(\.mjs)?$|cli\/main\.ts$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ObservatoryError) process.stderr.write(`observatory: ${error.describe()}\n`);
      // Anything else is a bug, not bad input: keep the stack so it can be reported and fixed.
      else if (error instanceof Error) process.stderr.write(`observatory: unexpected error: ${error.stack ?? error.message}\n`);
      else process.stderr.write(`observatory: ${String(error)}\n`);
      process.exit(error instanceof ObservatoryError ? exitCodeOfErrorKind[error.kind] : EXIT_FAILURE);
    },
  );
}
