import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '../errors.ts';

/**
 * Replaces identifiers with a keyed HMAC-SHA-256, so records can be linked
 * without the identifier being stored. The key lives outside the database.
 */
export class Pseudonymiser {
  private constructor(private readonly key: Buffer) {}

  /** Uses the key from the environment, else a key file, creating one (mode 600) if it does not exist. */
  static fromConfig(options: { key: string | undefined; keyFile: string }): Pseudonymiser {
    if (options.key) return new Pseudonymiser(Buffer.from(options.key, 'utf8'));
    if (!existsSync(options.keyFile)) {
      mkdirSync(dirname(options.keyFile), { recursive: true });
      writeFileSync(options.keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    chmodSync(options.keyFile, 0o600);
    const key = readFileSync(options.keyFile, 'utf8').trim();
    if (key.length < 32) throw new ConfigurationError('the pseudonymisation key file holds fewer than 32 characters', { file: options.keyFile });
    return new Pseudonymiser(Buffer.from(key, 'utf8'));
  }

  /** The pseudonym of a value (hex HMAC-SHA-256), scoped by field so equal values in different fields do not link. */
  pseudonym(field: string, value: string): string {
    return createHmac('sha256', this.key).update(field).update('\u0000').update(value).digest('hex');
  }

  /**
   * The two constant prefixes of the same HMAC (RFC 2104) for one field, so DuckDB can
   * compute pseudonyms in bulk as sha256(outer || unhex(sha256(inner || value))).
   * They are as secret as the key: pass them as query parameters, never store them.
   */
  hmacPrefixes(field: string): { inner: Buffer; outer: Buffer } {
    const block = Buffer.alloc(64);
    (this.key.length > 64 ? createHash('sha256').update(this.key).digest() : this.key).copy(block);
    const inner = Buffer.alloc(64);
    const outer = Buffer.alloc(64);
    for (let i = 0; i < 64; i++) {
      inner[i] = (block[i] ?? 0) ^ 0x36;
      outer[i] = (block[i] ?? 0) ^ 0x5c;
    }
    return { inner: Buffer.concat([inner, Buffer.from(field, 'utf8'), Buffer.from([0])]), outer };
  }
}
