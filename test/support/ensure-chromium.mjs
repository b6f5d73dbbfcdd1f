#!/usr/bin/env node
// Makes sure a Chromium the browser tests can drive is installed, before `npm test` runs them.
// Uses CHROMIUM_PATH when set, else Debian's /usr/bin/chromium, which it installs when it may
// (ensure-debian-package.mjs); otherwise exits 1 with the command to run.
import { accessSync, constants } from 'node:fs';
import { ensureDebianPackage } from './ensure-debian-package.mjs';

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

// A CHROMIUM_PATH that names nothing is the user's to fix: installing Debian's package would not help.
if (process.env.CHROMIUM_PATH && !isExecutable(executable)) {
  console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
  console.error(MISSING);
  process.exit(1);
}

ensureDebianPackage({ name: 'ensure-chromium', debianPackage: 'chromium', what: executable, missing: MISSING, installed: () => isExecutable(executable) });
