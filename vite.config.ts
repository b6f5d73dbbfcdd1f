/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const webRoot = fileURLToPath(new URL('./web', import.meta.url));

// The web app is built from web/ into dist/web, which the Hono server serves.
// Vitest runs from the project root so tests beside every module are found.
export default defineConfig({
  root: webRoot,
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two HTML pages: the app (index.html, every page by its path: web/src/route.ts) and sign-in (sign-in.html).
    rolldownOptions: {
      input: {
        app: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        signIn: fileURLToPath(new URL('./web/sign-in.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    root: projectRoot,
    include: ['{cli,pipeline,server,web,datasets,test}/**/*.test.ts'],
    testTimeout: 60_000,
    // A file's set-up may build the whole pilot (about a minute with the attacker-checked
    // suppression on a quiet two-core machine, several times that when it is shared).
    hookTimeout: 360_000,
    pool: 'forks',
  },
});
