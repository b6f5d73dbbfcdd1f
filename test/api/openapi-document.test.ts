import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { openTempObservatory, PROJECT_ROOT, type TempObservatory } from '../support/temp-observatory.ts';

const run = promisify(execFile);
const REDOCLY = join(PROJECT_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

let temp: TempObservatory;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  temp = await openTempObservatory();
  app = createApp(observatoryState(temp.observatory, { webDir: null }));
});
afterAll(async () => temp?.dispose());

type Document = { openapi: string; paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document declaring every figures route with its parameters and its error responses as problem+json', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Document;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/health',
      '/api/indicators',
      '/api/indicators/{id}/values',
      '/api/indicators/{id}/series',
      '/api/indicators/{id}/lineage',
      '/api/areas/{code}/profile',
      '/api/multi-agency',
      '/api/geographies/{level}',
      '/api/geographies/{level}/index',
      '/api/geographies/{level}/tiles/{z}/{x}/{y}',
      '/api/interventions',
      '/api/interventions/{id}',
    ]) {
      const get = doc.paths[path]?.get;
      expect(get, path).toBeDefined();
      expect(get?.operationId, path).toBeTruthy();
      expect(get?.responses['200'], path).toBeDefined();
      expect(get?.responses['500']?.content?.['application/problem+json'], path).toBeDefined();
    }
    expect(doc.paths['/api/indicators/{id}/values']?.get?.responses['400']?.content?.['application/problem+json']).toBeDefined();
    // An intervention is added as JSON; its areas may be wards, LSOAs or localities (of one kind).
    const add = doc.paths['/api/interventions']?.post as { requestBody?: { content?: Record<string, unknown> }; description?: string } | undefined;
    expect(add?.requestBody?.content?.['application/json']).toBeDefined();
    expect(add?.description).toMatch(/localities must all be of one kind/);
  });

  it('passes `redocly lint` with the recommended rules, offline, with no errors or warnings', async () => {
    const file = join(temp.dir, 'openapi.json');
    await writeFile(file, await (await app.request('/api/openapi.json')).text());
    const { stdout } = await run(process.execPath, [REDOCLY, 'lint', file, '--extends', 'recommended', '--format', 'json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`redocly lint failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe('GET /api/docs', () => {
  it('serves the interactive reference with its script from this server (no CDN), under a nonce CSP', async () => {
    const response = await app.request('/api/docs');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('/api/docs/scalar.js');
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:\/\//);
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com|fonts\.googleapis|fonts\.scalar\.com/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("connect-src 'self'");
    const script = await app.request('/api/docs/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
  });
});
