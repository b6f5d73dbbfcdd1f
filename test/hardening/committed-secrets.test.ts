/**
 * Issue 11: no secret is committed. Every file git tracks is searched for observatory tokens,
 * private keys and well-known cloud and registry tokens, and no tracked file may be a database,
 * its write-ahead log, the local hand-off secret, a pseudonymisation key or an environment file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/temp-observatory.ts';

/** Text that is a secret wherever it appears. */
const SECRET_PATTERNS: readonly { what: string; pattern: RegExp }[] = [
  { what: 'an observatory API token', pattern: /obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/ },
  { what: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/ },
  { what: 'a GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{60,}/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'an AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
];

/** Files that hold secrets or data by what they are. */
const SECRET_FILES: readonly { what: string; pattern: RegExp }[] = [
  { what: 'a DuckDB database', pattern: /\.duckdb(?:\.wal)?$/ },
  { what: 'the local hand-off secret', pattern: /\.local-secret$/ },
  { what: 'a pseudonymisation key', pattern: /(?:^|\/)pseudonym\.key$/ },
  { what: 'an environment file', pattern: /(?:^|\/)\.env(?:\.[^/]*)?$/ },
  { what: 'a key or certificate store', pattern: /\.(?:pem|p12|pfx|key)$/ },
];

/** What in this text (of the named file) looks like a committed secret. */
export function secretsIn(path: string, text: string | null): string[] {
  const found = SECRET_FILES.filter((f) => f.pattern.test(path)).map((f) => `${path} is ${f.what}`);
  if (text !== null) for (const s of SECRET_PATTERNS) if (s.pattern.test(text)) found.push(`${path} holds ${s.what}`);
  return found;
}

describe('committed secrets', () => {
  it('the search finds each kind it looks for (so an empty answer means something)', () => {
    const token = `obs_${'0123456789abcdef'}_${'A'.repeat(43)}`;
    expect(secretsIn('README.md', `use ${token} to sign in`)).toEqual(['README.md holds an observatory API token']);
    expect(secretsIn('x.ts', `const k = \`-----BEGIN ${'PRIVATE'} KEY-----\``)).toEqual(['x.ts holds a private key']);
    expect(secretsIn('a.txt', `npm_${'a'.repeat(36)} and AKIA${'B'.repeat(16)}`)).toEqual(['a.txt holds an npm token', 'a.txt holds an AWS access key']);
    for (const path of ['data/pilot.duckdb', 'x.duckdb.wal', '.observatory/observatory.duckdb.local-secret', '.observatory/pseudonym.key', '.env', 'config/.env.local']) {
      expect(secretsIn(path, '').length, path).toBeGreaterThan(0);
    }
    expect(secretsIn('pipeline/access/user-store.ts', 'const TOKEN_PATTERN = /^obs_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;')).toEqual([]);
  });

  it('no file git tracks is or holds a secret', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }).split('\0').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const path of tracked) {
      const file = join(PROJECT_ROOT, path);
      let bytes: Buffer | null = null;
      try {
        // Large data files (boundaries, extracts) are read too, up to 64 MB each.
        bytes = statSync(file).size <= 64 * 2 ** 20 ? readFileSync(file) : null;
      } catch (error) {
        // A file deleted in the work tree but not yet from the index has nothing to search.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      found.push(...secretsIn(path, bytes === null ? null : bytes.toString('latin1')));
    }
    expect(found).toEqual([]);
  });
});
