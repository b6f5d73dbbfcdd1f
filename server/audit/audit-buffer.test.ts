import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../pipeline/access/audit-store.ts';
import { AuditBuffer } from './audit-buffer.ts';

function event(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    occurredAt: new Date(Date.UTC(2026, 11, 7, 12, 0, n)).toISOString(),
    requestId: `request-${n}`,
    actor: 'someone',
    role: 'analyst',
    action: 'read-figures',
    method: 'GET',
    route: '/api/indicators/:id/values',
    parameters: '{}',
    indicator: 'all-crime',
    area: null,
    extract: null,
    period: '2019-01',
    datasets: ['police.street_crime'],
    partners: ['police'],
    outcome: 200,
    ...overrides,
  };
}

/** A database stand-in that refuses any batch holding a poisoned request id, as an append that cannot convert a value would. */
function store(options: { poisoned?: Set<string>; down?: () => boolean } = {}) {
  const written: AuditEvent[] = [];
  const append = async (events: readonly AuditEvent[]) => {
    if (options.down?.()) throw new Error('disk full');
    const bad = events.find((e) => options.poisoned?.has(e.requestId));
    if (bad) throw new Error(`cannot convert ${bad.requestId}`);
    written.push(...events);
  };
  return { written, append };
}

describe('the audit buffer keeps only valid, bounded records', () => {
  it('refuses a record with a bad timestamp or an over-long value when it is queued, logs why, counts it, and writes the rest', async () => {
    const logged: string[] = [];
    const { written, append } = store();
    const buffer = new AuditBuffer({ append, writerIdle: () => true, log: (message) => logged.push(message) });
    buffer.record(event(1));
    buffer.record(event(2, { occurredAt: 'yesterday-ish' }));
    buffer.record(event(3, { parameters: 'x'.repeat(5000) }));
    buffer.record(event(4, { datasets: ['police.street_crime,fire.incidents'] }));
    buffer.record({ action: 'read-figures' });
    buffer.record(event(5));
    expect(buffer.size).toBe(2);
    expect(buffer.counts.rejected).toBe(4);
    expect(logged[0]).toMatch(/refused an audit record \(occurredAt: /);
    expect(logged[1]).toMatch(/parameters: .*500/);
    expect(logged[2]).toMatch(/datasets\.0: must not contain a comma/);
    expect(logged.join('\n')).not.toContain('x'.repeat(200));
    await buffer.flush();
    expect(written.map((e) => e.requestId)).toEqual(['request-1', 'request-5']);
  });
});

describe('a batch the database refuses does not wedge the buffer', () => {
  it('writes every record but the one the database refuses, sets that one aside with a log line, and writes later records', async () => {
    const logged: string[] = [];
    const { written, append } = store({ poisoned: new Set(['request-7']) });
    const buffer = new AuditBuffer({ append, writerIdle: () => true, log: (message) => logged.push(message) });
    for (let n = 1; n <= 20; n++) buffer.record(event(n));
    await buffer.flush();
    expect(buffer.size).toBe(0);
    expect(buffer.counts.undeliverable).toBe(1);
    expect(written.map((e) => e.requestId).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `request-${i + 1}`)
        .filter((id) => id !== 'request-7')
        .sort(),
    );
    expect(logged.join('\n')).toMatch(/refused an audit record on its own \(read-figures by someone .* request request-7\); set aside/);
    for (let n = 21; n <= 25; n++) buffer.record(event(n));
    await buffer.flush();
    expect(written.map((e) => e.requestId).slice(-5)).toEqual(['request-21', 'request-22', 'request-23', 'request-24', 'request-25']);
  });

  it('gets past two refused records that split every batch in two, within a few flushes', async () => {
    const { written, append } = store({ poisoned: new Set(['request-2', 'request-60']) });
    const buffer = new AuditBuffer({ append, writerIdle: () => true, log: () => {} });
    for (let n = 1; n <= 64; n++) buffer.record(event(n));
    for (let flush = 0; flush < 4 && buffer.size > 0; flush++) await buffer.flush();
    expect(buffer.size).toBe(0);
    expect(written).toHaveLength(62);
    expect(buffer.counts.undeliverable).toBe(2);
    buffer.record(event(65));
    await buffer.flush();
    expect(written.at(-1)?.requestId).toBe('request-65');
  });

  it('keeps everything while the database takes nothing (a full disk), sets nothing aside, and writes it all once it can', async () => {
    let down = true;
    const logged: string[] = [];
    const { written, append } = store({ down: () => down });
    const buffer = new AuditBuffer({ append, writerIdle: () => true, log: (message) => logged.push(message) });
    for (let n = 1; n <= 30; n++) buffer.record(event(n));
    for (let i = 0; i < 6; i++) await buffer.flush();
    expect(buffer.size).toBe(30);
    expect(buffer.counts).toEqual({ rejected: 0, undeliverable: 0, dropped: 0 });
    expect(logged.every((line) => /could not write \d+ audit record\(s\); keeping them to retry/.test(line))).toBe(true);
    down = false;
    await buffer.flush();
    expect(buffer.size).toBe(0);
    expect(written.map((e) => e.requestId)).toEqual(Array.from({ length: 30 }, (_, i) => `request-${i + 1}`));
  });

  it('drops the oldest beyond its bound while nothing can be written, and says how many', async () => {
    const logged: string[] = [];
    const buffer = new AuditBuffer({ append: store({ down: () => true }).append, writerIdle: () => true, maxPending: 10, log: (message) => logged.push(message) });
    for (let n = 1; n <= 15; n++) buffer.record(event(n));
    await buffer.flush();
    expect(buffer.size).toBe(10);
    expect(buffer.counts.dropped).toBe(5);
    expect(logged.join('\n')).toMatch(/5 audit record\(s\) dropped/);
  });
});
