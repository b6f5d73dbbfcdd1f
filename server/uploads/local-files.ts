import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { InputError } from '../../pipeline/errors.ts';

function isUnder(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' ? false : !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Checks the files the CLI handed over: each must resolve (symlinks followed) to
 * a regular file inside one of the directories named on its command line.
 * Devices, FIFOs, sockets, directories and links leading outside are refused
 * before anything is read. Returns the resolved paths to read.
 */
export async function checkLocalFiles(files: readonly string[], roots: readonly string[]): Promise<string[]> {
  const realRoots: string[] = [];
  for (const root of roots) {
    if (!isAbsolute(root)) throw new InputError(`"${root}" is not an absolute directory`, { field: 'roots' });
    const stats = await lstat(root).catch(() => null);
    if (!stats?.isDirectory()) throw new InputError(`"${root}" is not a directory`, { field: 'roots' });
    realRoots.push(await realpath(root));
  }
  const checked: string[] = [];
  for (const file of files) {
    if (!isAbsolute(file)) throw new InputError(`"${file}" is not an absolute path`, { field: 'files' });
    const real = await realpath(file).catch(() => null);
    if (real === null || !realRoots.some((root) => isUnder(real, root))) {
      throw new InputError(`"${file}" is not a file under the directories named on the command line`, { field: 'files' });
    }
    // Opened without following a last link and without blocking (a FIFO would otherwise hang here), then checked as opened.
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => null);
    if (!handle) throw new InputError(`"${file}" cannot be opened`, { field: 'files' });
    try {
      if (!(await handle.stat()).isFile()) throw new InputError(`"${file}" is not a regular file`, { field: 'files' });
    } finally {
      await handle.close();
    }
    checked.push(real);
  }
  return checked;
}
