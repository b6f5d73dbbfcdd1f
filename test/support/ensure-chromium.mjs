#!/usr/bin/env node
// Makes sure a Chromium the browser tests can drive is installed, before `npm test` runs them.
// Uses CHROMIUM_PATH when set, else Debian's /usr/bin/chromium. When it is missing and this
// process may install packages (root, or passwordless sudo) and apt-get exists, installs
// Debian's chromium package; otherwise exits 1 with the command to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const MISSING = 'Chromium not found. Install Debian\'s chromium: sudo apt-get install -y chromium (or set CHROMIUM_PATH)';
const executable = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function canSudoWithoutPassword() {
  return commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function run(prefix, args) {
  const command = [...prefix, ...args];
  console.log(`ensure-chromium: running ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (isExecutable(executable)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
  console.error(MISSING);
  process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const prefix = isRoot ? [] : canSudoWithoutPassword() ? ['sudo', '-n'] : null;

if (prefix === null || !commandExists('apt-get')) {
  console.error(MISSING);
  process.exit(1);
}

console.log(`ensure-chromium: ${executable} is missing; installing Debian's chromium package with apt-get.`);
const installed = run(prefix, ['apt-get', 'update']) && run(prefix, ['apt-get', 'install', '-y', 'chromium']);
if (installed && isExecutable(executable)) {
  console.log(`ensure-chromium: installed ${executable}.`);
  process.exit(0);
}
console.error(MISSING);
process.exit(1);
