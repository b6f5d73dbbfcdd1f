import { mkdirSync, rmSync } from 'node:fs';

/**
 * Empties and recreates the directory uploads stream into (mode 700). Called at
 * start-up, so a crash mid-upload leaves no extract behind beyond the next start.
 */
export function resetUploadDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
