import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatabaseError } from '../errors.ts';
import { Database } from './database.ts';
import { bigintText, jsonText } from './typed-rows.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(async () => db.close());

describe('db.all with a schema', () => {
  it('returns rows typed and converted by the schema, JSON text parsed once and BIGINT text as bigint', async () => {
    const rows = await db.all(
      `SELECT 'EX-1' AS id, 3::INTEGER AS n, 9007199254740993::BIGINT AS big, '{"a":1}' AS reasons`,
      {},
      z.object({ id: z.string(), n: z.number(), big: bigintText, reasons: jsonText(z.record(z.string(), z.number())) }),
    );
    expect(rows).toEqual([{ id: 'EX-1', n: 3, big: 9007199254740993n, reasons: { a: 1 } }]);
  });

  it('answers untyped rows without a schema, and takes parameters either way', async () => {
    expect(await db.all(`SELECT $x::INTEGER AS x`, { x: 4 })).toEqual([{ x: 4 }]);
    expect(await db.all(`SELECT $x::INTEGER AS x`, { x: 4 }, z.object({ x: z.literal(4) }))).toEqual([{ x: 4 }]);
  });

  it('refuses a row that does not fit, naming the row and the column', async () => {
    const read = db.all(`SELECT 'a' AS id UNION ALL SELECT NULL`, {}, z.object({ id: z.string() }));
    await expect(read).rejects.toBeInstanceOf(DatabaseError);
    await expect(read).rejects.toThrow(/^row 2, column id: /);
  });

  it('refuses JSON text that does not parse, saying so', async () => {
    await expect(db.all(`SELECT '{oops' AS reasons`, {}, z.object({ reasons: jsonText(z.unknown()) }))).rejects.toThrow(/column reasons: is not valid JSON/);
  });
});
