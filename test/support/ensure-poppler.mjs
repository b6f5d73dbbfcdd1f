#!/usr/bin/env node
// Makes sure pdftotext and pdftoppm (Debian's poppler-utils) are installed before `npm test`: the
// board report's browser test reads its printed PDF with them. When they are missing and this
// process may install packages (root, or passwordless sudo) and apt-get exists, installs
// poppler-utils; otherwise exits 1 with the command to run.
import { spawnSync } from 'node:child_process';

const MISSING = 'pdftotext/pdftoppm not found. Install Debian\'s poppler-utils: sudo apt-get install -y poppler-utils';
const TOOLS = ['pdftotext', 'pdftoppm'];

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function canSudoWithoutPassword() {
  return commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function run(prefix, args) {
  const command = [...prefix, ...args];
  console.log(`ensure-poppler: running ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (TOOLS.every(commandExists)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = isRoot ? [] : canSudoWithoutPassword() ? ['sudo', '-n'] : null;

if (prefix === null || !commandExists('apt-get')) {
  console.error(MISSING);
  process.exit(1);
}

console.log('ensure-poppler: pdftotext or pdftoppm is missing; installing Debian\'s poppler-utils package with apt-get.');
const installed = run(prefix, ['apt-get', 'update']) && run(prefix, ['apt-get', 'install', '-y', 'poppler-utils']);
if (installed && TOOLS.every(commandExists)) {
  console.log('ensure-poppler: installed poppler-utils.');
  process.exit(0);
}
console.error(MISSING);
process.exit(1);
