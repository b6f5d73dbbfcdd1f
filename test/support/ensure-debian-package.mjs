// Makes sure a Debian package the tests need is installed, before `npm test` runs them. When the
// package's files are missing and this process may install packages (root, or passwordless sudo)
// and apt-get exists, installs it with apt-get; otherwise exits 1 with the command a user should run.
import { spawnSync } from 'node:child_process';

/** Whether `command` is on the PATH. */
export function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function canSudoWithoutPassword() {
  return commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function run(name, prefix, args) {
  const command = [...prefix, ...args];
  console.log(`${name}: running ${command.join(' ')}`);
  const result = spawnSync(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Exits 0 when `installed()` holds, installing Debian's `debianPackage` first when it does not and
 * this process may; otherwise prints `missing` (the command to run) and exits 1.
 * `name` prefixes every message; `what` says what is missing.
 */
export function ensureDebianPackage({ name, debianPackage, what, missing, installed }) {
  if (installed()) process.exit(0);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : canSudoWithoutPassword() ? ['sudo', '-n'] : null;
  if (prefix === null || !commandExists('apt-get')) {
    console.error(missing);
    process.exit(1);
  }
  console.log(`${name}: ${what} is missing; installing Debian's ${debianPackage} package with apt-get.`);
  const done = run(name, prefix, ['apt-get', 'update']) && run(name, prefix, ['apt-get', 'install', '-y', debianPackage]);
  if (done && installed()) {
    console.log(`${name}: installed ${debianPackage}.`);
    process.exit(0);
  }
  console.error(missing);
  process.exit(1);
}
