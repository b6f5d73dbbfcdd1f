#!/usr/bin/env node
// Makes sure pdftotext and pdftoppm (Debian's poppler-utils) are installed before `npm test`: the
// board report's browser test reads its printed PDF with them. Installs poppler-utils when it may
// (ensure-debian-package.mjs); otherwise exits 1 with the command to run.
import { commandExists, ensureDebianPackage } from './ensure-debian-package.mjs';

const MISSING = 'pdftotext/pdftoppm not found. Install Debian\'s poppler-utils: sudo apt-get install -y poppler-utils';
const TOOLS = ['pdftotext', 'pdftoppm'];

ensureDebianPackage({ name: 'ensure-poppler', debianPackage: 'poppler-utils', what: 'pdftotext or pdftoppm', missing: MISSING, installed: () => TOOLS.every(commandExists) });
