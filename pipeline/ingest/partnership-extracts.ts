import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every extract file under a partnership's extracts/ folder, by dataset folder then name. */
export function listPartnershipExtracts(extractsDir: string): string[] {
  const files: string[] = [];
  for (const folder of readdirSync(extractsDir).sort()) {
    const dir = join(extractsDir, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) if (name.toLowerCase().endsWith('.csv')) files.push(join(dir, name));
  }
  return files;
}
