import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
  type JS as DuckDBJsValue,
} from '@duckdb/node-api';
import { z } from 'zod';
import { DatabaseBusyError, DatabaseError } from '../errors.ts';
import { applySchema } from './schema.ts';
import { parseRows } from './typed-rows.ts';

export type SqlParams = Record<string, DuckDBValue>;
export type SqlTypes = Record<string, DuckDBType | undefined>;
export type JsonRow = Record<string, unknown>;
/** A value as @duckdb/node-api's JS conversion gives it. */
export type JsValue = DuckDBJsValue;

/** A query's rows: untyped, or checked with a zod schema (typed-rows.ts) and typed by it. */
export interface ReadRows {
  (sql: string, params?: SqlParams, types?: SqlTypes): Promise<JsonRow[]>;
  <S extends z.ZodType>(sql: string, params: SqlParams | undefined, schema: S, types?: SqlTypes): Promise<z.infer<S>[]>;
}

/** Work done inside one write transaction. */
export interface WriteTransaction {
  run(sql: string, params?: SqlParams, types?: SqlTypes): Promise<void>;
  all: ReadRows;
  /** Runs a query and returns its columns as JS values (BIGINT as bigint): for large results, no per-row objects. */
  columns(sql: string, params?: SqlParams, types?: SqlTypes): Promise<Record<string, JsValue[]>>;
  /** An appender for a table; catalog 'temp' for the connection's temporary tables. */
  appender(table: string, catalog?: 'temp'): Promise<DuckDBAppender>;
}

/** The write connection held by Database.exclusive: statements outside a transaction, and transactions. */
export interface WriteSession extends WriteTransaction {
  transaction<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T>;
}

function wrap(error: unknown, sql: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = sql.trim().split('\n')[0] ?? '';
  return new DatabaseError(`${message} (while running: ${firstLine.slice(0, 120)})`, {}, { cause: error });
}

/**
 * The observatory's DuckDB file. One write connection, serialised by a queue so
 * transactions never interleave, and a separate read connection so readers see
 * only committed data (DuckDB's MVCC gives each statement a snapshot).
 */
export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {
    this.all = this.rowsOn(reader);
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static async open(path: string): Promise<Database> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) {
        throw new DatabaseBusyError(
          `the database ${path} is in use by another process (is "observatory serve" running?)`,
          { file: path },
          { cause: error },
        );
      }
      throw new DatabaseError(message, { file: path }, { cause: error });
    }
    const writer = await instance.connect();
    const reader = await instance.connect();
    const database = new Database(path, instance, writer, reader);
    await applySchema(
      (sql) => database.runOn(writer, sql),
      (sql) => database.allOn(writer, sql),
    );
    return database;
  }

  private async runOn(connection: DuckDBConnection, sql: string, params?: SqlParams, types?: SqlTypes): Promise<void> {
    try {
      await connection.run(sql, params, types);
    } catch (error) {
      throw wrap(error, sql);
    }
  }

  private async columnsOn(connection: DuckDBConnection, sql: string, params?: SqlParams, types?: SqlTypes): Promise<Record<string, JsValue[]>> {
    try {
      const reader = await connection.runAndReadAll(sql, params, types);
      return reader.getColumnsObjectJS();
    } catch (error) {
      throw wrap(error, sql);
    }
  }

  private async allOn(connection: DuckDBConnection, sql: string, params?: SqlParams, types?: SqlTypes): Promise<JsonRow[]> {
    try {
      const reader = await connection.runAndReadAll(sql, params, types);
      return reader.getRowObjectsJson() as JsonRow[];
    } catch (error) {
      throw wrap(error, sql);
    }
  }

  /** The rows of a query on a connection, checked with the schema when one is given. */
  private rowsOn(connection: DuckDBConnection): ReadRows {
    const allOn = (sql: string, params?: SqlParams, types?: SqlTypes) => this.allOn(connection, sql, params, types);
    function read(sql: string, params?: SqlParams, types?: SqlTypes): Promise<JsonRow[]>;
    function read<S extends z.ZodType>(sql: string, params: SqlParams | undefined, schema: S, types?: SqlTypes): Promise<z.infer<S>[]>;
    async function read(sql: string, params?: SqlParams, schemaOrTypes?: z.ZodType | SqlTypes, types?: SqlTypes): Promise<unknown[]> {
      if (schemaOrTypes instanceof z.ZodType) return parseRows(await allOn(sql, params, types), schemaOrTypes, sql);
      return allOn(sql, params, schemaOrTypes);
    }
    return read;
  }

  /**
   * Runs a read-only query against committed data; with a schema, every row is checked and typed by
   * it. BIGINTs come back as strings (typed-rows.ts has bigintText), so cast in SQL where you can.
   */
  readonly all: ReadRows;

  /**
   * Runs a read-only query against committed data whose columns are all numbers without nulls
   * (cast in SQL), and returns each column as a Float64Array: large results (millions of counts)
   * are copied a chunk at a time instead of becoming JS values one by one.
   */
  async numberColumns(sql: string, params?: SqlParams, types?: SqlTypes): Promise<Float64Array[]> {
    try {
      const result = await this.reader.run(sql, params, types);
      const rows = result.rowCount;
      const columns = Array.from({ length: result.columnCount }, () => new Float64Array(rows));
      let at = 0;
      for (let c = 0; c < result.chunkCount; c++) {
        const chunk = result.getChunk(c);
        const n = chunk.rowCount;
        columns.forEach((column, k) => {
          const vector = chunk.getColumnVector(k);
          const items: unknown = Reflect.get(vector, 'items');
          if (items instanceof Float64Array || items instanceof Int32Array) {
            for (let i = 0; i < n; i++) column[at + i] = items[i] ?? Number.NaN;
          } else {
            for (let i = 0; i < n; i++) column[at + i] = Number(vector.getItem(i));
          }
        });
        at += n;
      }
      return columns;
    } catch (error) {
      throw wrap(error, sql);
    }
  }

  /** Streams a read-only query row by row (as JSON-compatible objects). */
  async *stream(sql: string, params?: SqlParams): AsyncGenerator<JsonRow> {
    let result;
    try {
      result = await this.reader.stream(sql, params);
    } catch (error) {
      throw wrap(error, sql);
    }
    for await (const rows of result.yieldRowObjectJson()) {
      for (const row of rows) yield row as JsonRow;
    }
  }

  /** The write connection's statements, outside or inside a transaction. */
  private writerStatements(): WriteTransaction {
    return {
      run: (sql, params, types) => this.runOn(this.writer, sql, params, types),
      all: this.rowsOn(this.writer),
      columns: (sql, params, types) => this.columnsOn(this.writer, sql, params, types),
      appender: async (table, catalog) => {
        try {
          return await this.writer.createAppender(table, catalog ? 'main' : null, catalog ?? null);
        } catch (error) {
          throw wrap(error, `appender for ${table}`);
        }
      },
    };
  }

  /** BEGIN, fn, COMMIT on the write connection; ROLLBACK if fn throws. Callers hold the write queue. */
  private async inTransaction<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    await this.runOn(this.writer, 'BEGIN TRANSACTION');
    try {
      const value = await fn(this.writerStatements());
      await this.runOn(this.writer, 'COMMIT');
      return value;
    } catch (error) {
      await this.runOn(this.writer, 'ROLLBACK').catch((rollbackError: unknown) => {
        // The original error matters more; keep the rollback failure as its cause chain.
        throw new DatabaseError('rollback failed after an error', {}, { cause: [error, rollbackError] });
      });
      throw error;
    }
  }

  /**
   * Runs fn inside one transaction on the write connection: it commits if fn
   * resolves and rolls back if it throws, so a failure leaves nothing half-done.
   */
  async transaction<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.exclusive((session) => session.transaction(fn));
  }

  /**
   * Holds the write connection for fn, which may run statements outside a
   * transaction (such as building a temporary table, which DuckDB then scans
   * in parallel, unlike one created inside the transaction that reads it) and
   * then transactions, with no other write in between.
   */
  async exclusive<T>(fn: (session: WriteSession) => Promise<T>): Promise<T> {
    const run = () => fn({ ...this.writerStatements(), transaction: (body) => this.inTransaction(body) });
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /** Runs a statement outside an explicit transaction (schema, checkpoints). */
  async exec(sql: string, params?: SqlParams): Promise<void> {
    const run = () => this.runOn(this.writer, sql, params);
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /** Closes both connections and the instance; the WAL is checkpointed first. */
  async close(): Promise<void> {
    await this.writeQueue;
    try {
      await this.writer.run('CHECKPOINT');
    } finally {
      this.reader.closeSync();
      this.writer.closeSync();
      this.instance.closeSync();
    }
  }
}
