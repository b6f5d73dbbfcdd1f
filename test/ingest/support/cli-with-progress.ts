/**
 * The CLI as bin/observatory.mjs runs it, except that it draws the progress bar
 * a terminal would get (on stderr), so a test in a pipe can see when rows are
 * being loaded. Run with `node --import tsx test/ingest/support/cli-with-progress.ts …`.
 */
import { processIo } from '../../../cli/command-io.ts';
import { runCli } from '../../../cli/main.ts';

process.exit(await runCli(process.argv.slice(2), { ...processIo, isTty: true }));
