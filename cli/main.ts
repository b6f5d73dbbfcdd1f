import { parseArgs } from 'node:util';
import { loadConfig } from '../pipeline/config.ts';
import { ObservatoryError } from '../pipeline/errors.ts';
import { EXIT_FAILURE, exitCodeOfErrorKind } from './exit-code.ts';
import { processIo, type CommandIo } from './command-io.ts';
import { backupCommand, restoreCommand } from './commands/backup-command.ts';
import { buildCommand } from './commands/build-command.ts';
import { extractsCommand, quarantineCommand } from './commands/extracts-command.ts';
import { ingestCommand } from './commands/ingest-command.ts';
import { purgeCommand } from './commands/purge-command.ts';
import { serveCommand } from './commands/serve-command.ts';

const USAGE = `Usage: observatory <command> [options]

Commands:
  start                         load the embedded partnership (datasets/) and serve it
  serve                         serve the database as it is
  ingest <files…>               load extracts  [--dataset partner.dataset] [--dry-run] [--json]
  build [--full]                rebuild indicator values  [--json]
  extracts                      list the extract log  [--json]
  quarantine <extract-id>       show an extract's quarantined rows  [--csv]
  purge                         delete raw rows past their agreement's retention  [--dry-run] [--json] [--today YYYY-MM-DD]
  backup <dir>                  write every table as Parquet with a manifest of row counts and SHA-256  [--json]
  restore <dir>                 rebuild the database file (OBSERVATORY_DB must not exist) from a backup  [--json]

Environment: OBSERVATORY_DB (default .observatory/observatory.duckdb), OBSERVATORY_PARTNERSHIP
(default datasets/chorley-south-ribble), PORT (8080), HOST (127.0.0.1), OBSERVATORY_PSEUDONYM_KEY[_FILE].`;

/** Runs the CLI with arguments; returns the exit code. */
export async function runCli(argv: string[], io: CommandIo = processIo, environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      dataset: { type: 'string' },
      partner: { type: 'string' },
      partnership: { type: 'string' },
      today: { type: 'string' },
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
      return ingestCommand(config, { files: rest, ...(dataset ? { dataset } : {}), dryRun: values['dry-run'], json: values.json }, io);
    case 'build':
      return buildCommand(config, { full: values.full, json: values.json }, io);
    case 'extracts':
      return extractsCommand(config, { json: values.json }, io);
    case 'quarantine': {
      const extractId = rest[0];
      if (!extractId) {
        io.err('give an extract id: observatory quarantine <extract-id> (observatory extracts lists them)');
        return 2;
      }
      return quarantineCommand(config, { extractId, csv: values.csv }, io);
    }
    case 'purge':
      return purgeCommand(config, { json: values.json, dryRun: values['dry-run'], ...(values.today ? { today: values.today } : {}) }, io);
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
