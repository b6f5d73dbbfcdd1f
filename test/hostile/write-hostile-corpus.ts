/**
 * Writes the hostile-input corpus (test/hostile/hostile-cases.ts) to test/fixtures/hostile/:
 * `<name>.<ext>` and `<name>.expected.json` for each case, and a README table. Re-running it
 * rewrites the same bytes. The 10 MB case is written too but not committed (.gitignore):
 * the corpus test writes it again when it is missing.
 *
 *   node --import tsx test/hostile/write-hostile-corpus.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_CASES, type HostileCase } from './hostile-cases.ts';

/** The corpus folder. */
export const HOSTILE_DIR = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));

/** Files larger than this are made by the test, not committed. */
export const COMMIT_LIMIT_BYTES = 1024 * 1024;

/** Writes one case's file and expectation into dir. */
export function writeHostileCase(dir: string, hostile: HostileCase): void {
  writeFileSync(join(dir, `${hostile.name}.${hostile.ext}`), hostile.bytes());
  writeFileSync(join(dir, `${hostile.name}.expected.json`), `${JSON.stringify({ about: hostile.about, ...hostile.expect }, null, 2)}\n`);
}

function readme(): string {
  const rows = HOSTILE_CASES.map((c) => `| \`${c.name}.${c.ext}\` | ${c.about.replace(/\|/g, '\\|')} | ${c.expect.status} |`);
  return [
    '# Hostile-input corpus',
    '',
    'Files a partner system, a mistake or an attacker could send, each with the outcome it must have',
    'in `<name>.expected.json` beside it (status; rows read, loaded and quarantined; words the refusal',
    'or a quarantine reason must contain). `test/hostile/hostile-corpus.test.ts` loads every one into',
    'a fresh pilot database. Written by `test/hostile/write-hostile-corpus.ts` from',
    '`test/hostile/hostile-cases.ts`; files over 1 MiB are rebuilt by the test and not committed.',
    'Names, addresses and points are fictional or lie inside pilot LSOAs.',
    '',
    '| file | what it is | outcome |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  mkdirSync(HOSTILE_DIR, { recursive: true });
  for (const hostile of HOSTILE_CASES) writeHostileCase(HOSTILE_DIR, hostile);
  writeFileSync(join(HOSTILE_DIR, 'README.md'), readme());
  console.log(`wrote ${HOSTILE_CASES.length} cases to ${HOSTILE_DIR}`);
}
