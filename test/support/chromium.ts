/**
 * Launches Debian's Chromium (or CHROMIUM_PATH) headless through playwright-core,
 * with WebGL available so MapLibre can draw.
 *
 * WebGL without a GPU: the machine and CI have no GPU and no display, and
 * `--disable-gpu` turns off hardware acceleration. Chromium then renders
 * WebGL with SwiftShader, its CPU implementation of Vulkan, under ANGLE:
 * - `--use-angle=swiftshader` picks ANGLE's SwiftShader back end explicitly,
 *   rather than leaving the choice to Chromium's GPU detection;
 * - `--enable-unsafe-swiftshader` keeps SwiftShader allowed for WebGL: since
 *   Chromium 137 the automatic fallback to it is being withdrawn (it is not a
 *   security boundary), so without the flag `getContext('webgl2')` can
 *   return null and MapLibre fails with "Failed to initialize WebGL".
 * Checked on Debian 12's chromium 156 with playwright-core 1.65: with these
 * flags both WebGL 1 and 2 report the renderer "ANGLE (Google, Vulkan 1.3.0
 * (SwiftShader Device (Subzero)), SwiftShader driver)". (playwright-core also
 * adds `--enable-unsafe-swiftshader` by default; it is repeated here so the
 * tests do not depend on that.)
 */
import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox', // tests run as root in containers, where the sandbox cannot start
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-dev-shm-usage', // /dev/shm is small in containers
  '--no-first-run',
  '--mute-audio',
];

/** The Chromium executable to drive: CHROMIUM_PATH, else Debian's. Throws if missing. */
export function chromiumExecutablePath(): string {
  const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's chromium: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  return path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: 60_000,
  });
}

/** What the page reports about WebGL, for diagnosing a blank map. */
export const WEBGL_PROBE = `(() => {
  const gl = document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown renderer';
})()`;
