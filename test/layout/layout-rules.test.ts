/**
 * The layout's rules (.dependency-cruiser.cjs) fire on the imports they forbid. `npm test` runs the
 * same rules over the real tree before vitest; these tests prove the rules are not vacuous, on small
 * trees written to a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../..');
const depcruise = join(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(projectRoot, '.dependency-cruiser.cjs');
const tsconfig = JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true } });

let folder = '';
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = '';
});

/** Writes the files into a fresh folder and runs the project's rules over them. */
function cruise(files: Record<string, string>): { code: number | null; output: string } {
  folder = mkdtempSync(join(tmpdir(), 'layout-rules-'));
  writeFileSync(join(folder, 'tsconfig.json'), tsconfig);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  const roots = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
  const run = spawnSync(process.execPath, [depcruise, ...roots, '--config', config], { cwd: folder, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('layout rules', () => {
  it('accept cli → server → pipeline', () => {
    const result = cruise({
      'pipeline/core.ts': 'export const core = 1;\n',
      'server/app.ts': "import { core } from '../pipeline/core.ts';\nexport const app = core;\n",
      'cli/main.ts': "import { app } from '../server/app.ts';\nimport { core } from '../pipeline/core.ts';\nexport const main = app + core;\n",
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.code).toBe(0);
  });

  it('refuse the pipeline importing the server, naming the import', () => {
    const result = cruise({
      'server/serve.ts': 'export const serve = 1;\n',
      'pipeline/ingest.ts': "import { serve } from '../server/serve.ts';\nexport const ingest = serve;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/pipeline-is-the-core: pipeline\/ingest\.ts → server\/serve\.ts/);
  });

  it('refuse the web importing server code that is not the contract', () => {
    const result = cruise({
      'server/contract/figures.ts': 'export type Figure = { value: number };\n',
      'server/app.ts': 'export const app = 1;\n',
      'web/page.ts': "import type { Figure } from '../server/contract/figures.ts';\nimport { app } from '../server/app.ts';\nexport const f = (x: Figure) => x.value + app;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/web-takes-only-the-contract: web\/page\.ts → server\/app\.ts/);
    expect(result.output).not.toMatch(/server\/contract\/figures\.ts/);
  });

  it('let the web share only the pipeline’s pure header and date rules, and keep those rules importing nothing', () => {
    const allowed = cruise({
      'pipeline/datasets/header-matching.ts': 'export const normaliseHeader = (h: string) => h.toLowerCase();\n',
      'pipeline/datasets/date-formats.ts': 'export const readMonth = (v: string) => v;\n',
      'web/preview.ts': "import { normaliseHeader } from '../pipeline/datasets/header-matching.ts';\nimport { readMonth } from '../pipeline/datasets/date-formats.ts';\nexport const p = normaliseHeader(readMonth('x'));\n",
    });
    expect(allowed.output).toContain('no dependency violations');
    const refused = cruise({
      'pipeline/datasets/registry.ts': 'export const DATASETS = [];\n',
      'pipeline/datasets/header-matching.ts': "import { DATASETS } from './registry.ts';\nexport const n = DATASETS.length;\n",
      'web/preview.ts': "import { DATASETS } from '../pipeline/datasets/registry.ts';\nimport { n } from '../pipeline/datasets/header-matching.ts';\nexport const p = DATASETS.length + n;\n",
    });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/web-takes-only-the-contract: web\/preview\.ts → pipeline\/datasets\/registry\.ts/);
    expect(refused.output).toMatch(/shared-rules-are-pure: pipeline\/datasets\/header-matching\.ts → pipeline\/datasets\/registry\.ts/);
  });

  it('keep the API contract pure: it may declare a schema the pipeline shares, and nothing else of the pipeline', () => {
    const shared = {
      'pipeline/reference/area-codes.ts': "export const gssCode = /^E0/;\n",
      'pipeline/boards/intervention-schema.ts': "import { gssCode } from '../reference/area-codes.ts';\nexport const areas = [gssCode];\n",
      'pipeline/db/database.ts': 'export const open = () => 1;\n',
    };
    const allowed = cruise({ ...shared, 'server/contract/interventions.ts': "import { areas } from '../../pipeline/boards/intervention-schema.ts';\nexport const NewIntervention = areas;\n" });
    expect(allowed.output).toContain('no dependency violations');
    const refused = cruise({
      ...shared,
      'server/contract/interventions.ts': "import { areas } from '../../pipeline/boards/intervention-schema.ts';\nimport { open } from '../../pipeline/db/database.ts';\nexport const n = [areas, open];\n",
    });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/contract-is-pure: server\/contract\/interventions\.ts → pipeline\/db\/database\.ts/);
    const impure = cruise({ ...shared, 'pipeline/boards/intervention-schema.ts': "import { open } from '../db/database.ts';\nexport const areas = [open];\n" });
    expect(impure.output).toMatch(/shared-rules-are-pure: pipeline\/boards\/intervention-schema\.ts → pipeline\/db\/database\.ts/);
  });

  it('refuse a cycle made only of type imports', () => {
    const result = cruise({
      'pipeline/a.ts': "import type { B } from './b.ts';\nexport type A = { b?: B };\n",
      'pipeline/b.ts': "import type { A } from './a.ts';\nexport type B = { a?: A };\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/no-circular: pipeline\/a\.ts →/);
  });
});
