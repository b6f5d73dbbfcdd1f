/**
 * Issue 10: every request that reads or changes data is audited without
 * waiting for the database writer; records are buffered and appended when the
 * writer is free and on shutdown, none lost; parameters are cut to a bound; a
 * failed audit write is logged and never fails the read; GET /api/audit is for
 * admins, and a partner reads only the audit of its own data.
 */
import { listValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvents, type AuditEvent } from '../../pipeline/access/audit-store.ts';
import { createApp } from '../../server/app.ts';
import { AuditBuffer } from '../../server/audit/audit-buffer.ts';
import { AUDIT_PARAMETER_LIMIT } from '../../server/middleware/audit/index.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { startServer } from '../../server/serve.ts';
import { bearerFor } from '../support/sign-in.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
let obs: TempObservatory;
let analyst: { authorization: string };
let admin: { authorization: string };
let police: { authorization: string };

beforeAll(async () => {
  obs = await openTempObservatory();
  analyst = await bearerFor(obs.observatory.db, 'analyst', TODAY);
  admin = await bearerFor(obs.observatory.db, 'admin', TODAY);
  police = await bearerFor(obs.observatory.db, 'partner:police', TODAY);
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

function appWith(auditBuffer?: AuditBuffer) {
  return createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY, ...(auditBuffer ? { auditBuffer } : {}) }));
}

async function auditRows(): Promise<number> {
  return Number((await obs.all(`SELECT count(*)::INTEGER AS n FROM audit_event`))[0]?.n);
}

describe('the audit buffer', () => {
  it('answers reads while the writer is held by an ingest, and writes their records once it is free', async () => {
    const db = obs.observatory.db;
    const buffer = new AuditBuffer({ append: (events) => appendAuditEvents(db, events), writerIdle: () => db.writerIdle });
    const app = appWith(buffer);
    const before = await auditRows();
    let release = () => {};
    const held = db.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const started = Date.now();
      for (let i = 0; i < 5; i++) expect((await app.request(`/api/indicators?i=${i}`, { headers: analyst })).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(buffer.size).toBe(5);
      await buffer.flushIfIdle(); // the writer is busy: nothing is written, nothing waits
      expect(buffer.size).toBe(5);
    } finally {
      release();
      await held;
    }
    await buffer.flushIfIdle();
    expect(buffer.size).toBe(0);
    expect(await auditRows()).toBe(before + 5);
  });

  it('keeps records when a write fails, logs it, and never turns the read into a 500', async () => {
    const logged: string[] = [];
    let failing = true;
    const written: AuditEvent[] = [];
    const buffer = new AuditBuffer({
      append: async (events) => {
        if (failing) throw new Error('disk full');
        written.push(...events);
      },
      writerIdle: () => true,
      log: (message) => logged.push(message),
    });
    const app = appWith(buffer);
    const response = await app.request('/api/indicators', { headers: analyst });
    expect(response.status).toBe(200);
    await buffer.flush();
    expect(logged.join('\n')).toMatch(/could not write 1 audit record/);
    expect(buffer.size).toBe(1);
    failing = false;
    await app.request('/api/extracts', { headers: analyst });
    await buffer.close(); // shutdown writes what is left
    expect(written.map((e) => e.action)).toEqual(['read-catalogue', 'list-extracts']);
    expect(buffer.size).toBe(0);
  });

  it('refuses one bad record when it is queued, so it cannot block the records after it from the real audit table', async () => {
    const db = obs.observatory.db;
    const logged: string[] = [];
    const buffer = new AuditBuffer({ append: (events) => appendAuditEvents(db, events), writerIdle: () => db.writerIdle, log: (message) => logged.push(message) });
    const app = appWith(buffer);
    const before = await auditRows();
    expect((await app.request('/api/indicators?before-the-bad-one', { headers: analyst })).status).toBe(200);
    // A record a broken caller made: an instant the table cannot take, a value past every bound.
    buffer.record({ occurredAt: 'not a time', requestId: 'bad', actor: 'x'.repeat(10_000), role: 'analyst', action: 'read-figures', method: 'GET', route: '/api/indicators', parameters: '{}', indicator: null, area: null, extract: null, period: null, datasets: [], partners: [], outcome: 200 });
    for (let i = 0; i < 3; i++) expect((await app.request(`/api/extracts?after-${i}`, { headers: analyst })).status).toBe(200);
    await buffer.flush();
    expect(buffer.size).toBe(0);
    expect(buffer.counts.rejected).toBe(1);
    expect(logged.join('\n')).toMatch(/refused an audit record \(occurredAt: .*actor: /);
    expect(await auditRows()).toBe(before + 4);
    expect(await obs.all(`SELECT count(*)::INTEGER AS n FROM audit_event WHERE request_id = 'bad'`)).toEqual([{ n: 0 }]);
  });

  it('lets a reader see every request before it, even those in a flush still under way', async () => {
    const written: AuditEvent[] = [];
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const buffer = new AuditBuffer({
      append: async (events) => {
        if (written.length === 0) await slow;
        written.push(...events);
      },
      writerIdle: () => true,
    });
    const app = appWith(buffer);
    await app.request('/api/indicators?first', { headers: analyst });
    const underWay = buffer.flushIfIdle(); // the first record is being written, slowly
    await app.request('/api/indicators?second', { headers: analyst });
    const settled = buffer.settleForReader();
    release();
    await settled;
    await underWay;
    expect(written.map((event) => event.parameters)).toEqual([expect.stringContaining('first'), expect.stringContaining('second')]);
  });

  it('cuts parameters to a bound, so long query strings cannot fill the disk', async () => {
    const written: AuditEvent[] = [];
    const buffer = new AuditBuffer({ append: async (events) => void written.push(...events), writerIdle: () => true });
    const app = appWith(buffer);
    await app.request(`/api/indicators/all-crime/values?level=lsoa&period=2019-01&junk=${'x'.repeat(20_000)}`, { headers: analyst });
    await buffer.flush();
    const event = written[0];
    expect(event?.parameters.length).toBeLessThanOrEqual(AUDIT_PARAMETER_LIMIT);
    expect(JSON.stringify(event).length).toBeLessThan(2000);
    expect(event).toMatchObject({ actor: 'test-analyst', role: 'analyst', action: 'read-figures', indicator: 'all-crime', period: '2019-01', datasets: ['police.street_crime'], partners: ['police'] });
    expect(event?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records refusals too: who tried, and the 401 or 403 they got', async () => {
    const written: AuditEvent[] = [];
    const buffer = new AuditBuffer({ append: async (events) => void written.push(...events), writerIdle: () => true });
    const app = appWith(buffer);
    await app.request('/api/extracts');
    await app.request('/api/extracts?partner=fire', { headers: police });
    await buffer.flush();
    expect(written.map((e) => [e.actor, e.outcome])).toEqual([
      ['anonymous', 401],
      ['test-partner-police', 403],
    ]);
  });
});

describe('the audit on the running server', () => {
  it('keeps every record of many concurrent reads served from the figures cache, written when the server shuts down', async () => {
    const server = await startServer(obs.observatory, { host: '127.0.0.1', port: 0, webDir: null });
    // The catalogue: read inside one build and answered from the figures cache, as published figures are.
    const url = new URL('/api/indicators', server.url).toString();
    let ids: string[];
    const started = new Date(Date.now() - 1000);
    try {
      const answers = await Promise.all(Array.from({ length: 300 }, () => fetch(url, { headers: analyst })));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      await Promise.all(answers.map((a) => a.arrayBuffer()));
      ids = answers.map((a) => a.headers.get('x-request-id') ?? '');
    } finally {
      await server.close();
    }
    expect(new Set(ids).size).toBe(300);
    const rows = await obs.all(
      `SELECT request_id, actor, action, indicator, period, datasets, outcome, occurred_at >= CAST($started AS TIMESTAMP) AS recent
       FROM audit_event WHERE request_id IN (SELECT unnest($ids::VARCHAR[]))`,
      { ids: listValue(ids), started: started.toISOString() },
    );
    expect(rows).toHaveLength(300);
    expect(rows[0]).toEqual({ request_id: expect.any(String), actor: 'test-analyst', action: 'read-catalogue', indicator: null, period: null, datasets: ',', outcome: 200, recent: true });
  });
});

describe('GET /api/audit', () => {
  it('is for admins, filterable, and shows a partner only the audit of its own data', async () => {
    const app = appWith();
    await app.request('/api/indicators/all-crime/values?level=lad&period=2019-01', { headers: analyst });
    await app.request('/api/indicators/fire-incidents-all/values?level=lad&period=2019-01', { headers: analyst });
    const read = async (query: string, headers: { authorization: string }) => {
      const response = await app.request(`/api/audit${query}`, { headers });
      expect(response.status).toBe(200);
      return ((await response.json()) as { events: AuditEvent[] }).events;
    };
    const all = await read('?user=test-analyst', admin);
    expect(all.map((e) => e.indicator)).toEqual(expect.arrayContaining(['all-crime', 'fire-incidents-all']));
    expect((await read('?dataset=fire.incidents', admin)).every((e) => e.datasets.includes('fire.incidents'))).toBe(true);
    expect(await read('?from=2000-01-01&to=2000-01-02', admin)).toEqual([]);
    const partner = await read('', police);
    expect(partner.length).toBeGreaterThan(0);
    expect(partner.every((e) => e.partners.includes('police'))).toBe(true);
    expect((await app.request('/api/audit?partner=fire', { headers: police })).status).toBe(403);
    expect((await app.request('/api/audit', { headers: analyst })).status).toBe(403);
    expect((await app.request('/api/audit', { method: 'DELETE', headers: admin })).status).toBe(404);
  });
});
