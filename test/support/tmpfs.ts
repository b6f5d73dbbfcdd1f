/**
 * A small tmpfs mounted for a test that needs a really full filesystem (it needs root, or
 * CAP_SYS_ADMIN: where the mount is refused, the test says why and skips). It can be grown or shrunk
 * with a remount while files stay on it.
 *
 * @example
 * const disk = await tryMountTmpfs(64 * 1024 * 1024);
 * if (typeof disk !== 'string') { await disk.resize((await disk.usedBytes()) + 1024 * 1024); await disk.unmount(); }
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Tmpfs = {
  /** Where it is mounted. */
  dir: string;
  /** Remounts it with a new size (bytes; rounded up to whole pages). Shrinking below what is stored fails. */
  resize(bytes: number): void;
  /** Bytes its files take. */
  usedBytes(): Promise<number>;
  /** Bytes still free on it. */
  freeBytes(): Promise<number>;
  /** Unmounts it (lazily, if something still holds a file on it) and removes the mount point; safe to call twice. */
  unmount(): Promise<void>;
};

function run(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return result.error.message;
  return result.status === 0 ? null : (result.stderr.trim() || `${command} exited ${result.status}`);
}

/** Mounts a tmpfs of sizeBytes in a new temporary directory, or says why it could not (no root, no mount command, a container that refuses). */
export async function tryMountTmpfs(sizeBytes: number, prefix = 'observatory-tmpfs-'): Promise<Tmpfs | string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const refused = run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
  if (refused !== null) {
    await rm(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed (${refused})`;
  }
  let mounted = true;
  const space = async (): Promise<{ used: number; free: number }> => {
    const s = await statfs(dir);
    return { used: (s.blocks - s.bfree) * s.bsize, free: s.bavail * s.bsize };
  };
  return {
    dir,
    resize(bytes) {
      const failed = run('mount', ['-o', `remount,size=${bytes}`, dir]);
      if (failed !== null) throw new Error(`could not resize the tmpfs at ${dir} to ${bytes} bytes: ${failed}`);
    },
    usedBytes: async () => (await space()).used,
    freeBytes: async () => (await space()).free,
    async unmount() {
      if (!mounted) return;
      mounted = false;
      // Lazily: a server stopped a moment ago may still be closing a file on it.
      const failed = run('umount', ['-l', dir]);
      if (failed !== null) throw new Error(`could not unmount the tmpfs at ${dir}: ${failed}`);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
