/**
 * Builds the web page into dist/web with the project's vite.config.ts when
 * the build is missing or older than any file under web/, so browser tests
 * always exercise the current page. Concurrent callers share one build
 * through a lock directory.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_ROOT = join(PROJECT_ROOT, 'web');
const CONFIG_FILE = join(PROJECT_ROOT, 'vite.config.ts');
export const BUILT_INDEX = join(PROJECT_ROOT, 'dist', 'web', 'index.html');
const LOCK = join(PROJECT_ROOT, 'dist', '.web-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

async function newestSourceTime(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceTime(path));
    else if (entry.isFile() && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Whether dist/web/index.html is missing or older than the web sources or the vite config. */
export async function isWebBuildStale(): Promise<boolean> {
  const built = await stat(BUILT_INDEX).catch(() => null);
  if (built === null) return true;
  const newest = Math.max(await newestSourceTime(WEB_ROOT), (await stat(CONFIG_FILE)).mtimeMs);
  return built.mtimeMs < newest;
}

async function acquireLock(): Promise<void> {
  await mkdir(join(PROJECT_ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      await mkdir(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lock = await stat(LOCK).catch(() => null);
      if (lock !== null && Date.now() - lock.mtimeMs > LOCK_STALE_MS) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the web build lock ${LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Run `vite build` if the built page is missing or stale. */
export async function ensureWebBuild(): Promise<void> {
  if (!(await isWebBuildStale())) return;
  await acquireLock();
  const previousNodeEnv = process.env.NODE_ENV;
  try {
    if (!(await isWebBuildStale())) return;
    // Vitest sets NODE_ENV=test, which would make vite build a non-production bundle.
    process.env.NODE_ENV = 'production';
    const { build } = await import('vite');
    await build({ configFile: CONFIG_FILE, mode: 'production', logLevel: 'warn' });
  } finally {
    if (previousNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousNodeEnv;
    await rm(LOCK, { recursive: true, force: true });
  }
}
