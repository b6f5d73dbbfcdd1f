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
import { DatabaseBusyError, DatabaseError, ObservatoryError, StorageFullError } from '../errors.ts';
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

/** How a transaction ends when its work returns normally: committed, or rolled back (a trial run, such as a dry-run ingest). */
export type TransactionOptions = { rollback?: boolean };

/** The write connection held by Database.exclusive: statements outside a transaction, and transactions. */
export interface WriteSession extends WriteTransaction {
  transaction<T>(fn: (tx: WriteTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Asks DuckDB to stop the statement running on the write connection (it then fails with an interrupt error); a cancelled ingest's way out of a long statement. */
  interrupt(): void;
}

/** DuckDB's words for a write the disk or the process's file size limit refused (ENOSPC, EFBIG, EDQUOT). */
const STORAGE_FULL = /no space left on device|file too large|disk quota exceeded/i;

/** A DuckDB failure as a typed error: storage full when the disk refused a write, else a database error naming the statement. */
function wrap(error: unknown, sql: string, path: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (STORAGE_FULL.test(message)) {
    // A failed write inside a transaction keeps nothing of it. A failed checkpoint is either a large
    // commit's own (DuckDB writes those straight to the file, so the commit fails whole) or a later
    // one (what was committed stays in the write-ahead log): either way each change is whole or absent.
    const outcome = /checkpoint/i.test(message)
      ? `while checkpointing the database ${path}: each change is in it whole or not at all; free some space, then run the same command again (an extract already loaded answers "unchanged") and observatory check`
      : `while writing the database ${path}: nothing of this change was stored; free some space and run it again`;
    return new StorageFullError(`the disk is full (or a file size limit was reached) ${outcome} (DuckDB said: ${message})`, { file: path }, { cause: error });
  }
  const firstLine = sql.trim().split('\n')[0] ?? '';
  return new DatabaseError(`${message} (while running: ${firstLine.slice(0, 120)})`, {}, { cause: error });
}

/** How many read connections a database opens: reads run side by side, each on its own connection. */
export const READ_CONNECTIONS = 4;

/**
 * Read connections lent one query at a time, so concurrent reads run side by side
 * instead of queueing behind one connection (and never behind the writer).
 */
class ReadPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];

  constructor(readonly connections: readonly DuckDBConnection[]) {
    this.idle = [...connections];
  }

  /** Runs fn on a free read connection, waiting for one if all are busy. */
  async use<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
      if (this.idle.length === this.connections.length) for (const resolve of this.drainers.splice(0)) resolve();
    }
  }

  private readonly drainers: (() => void)[] = [];

  /** Resolves once every connection is back and no read waits for one. */
  drained(): Promise<void> {
    if (this.idle.length === this.connections.length) return Promise.resolve();
    return new Promise((resolve) => this.drainers.push(resolve));
  }
}

/**
 * The observatory's DuckDB file. One write connection, serialised by a queue so
 * transactions never interleave, and a pool of read connections so readers see
 * only committed data (DuckDB's MVCC gives each statement a snapshot) and never
 * wait for the writer or for each other.
 */
export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  /**
   * The first fatal error DuckDB reported (a checkpoint the disk refused): the instance then refuses
   * every statement, so later failures (a finally's clean-up, the ROLLBACK) report this one instead
   * of hiding it, and close() does not checkpoint.
   */
  private fatal: Error | null = null;

  /** Wraps a DuckDB failure as a typed error, keeping the first fatal one. */
  private failed(error: unknown, sql: string): Error {
    if (this.fatal) return this.fatal;
    const wrapped = wrap(error, sql, this.path);
    const message = error instanceof Error ? error.message : String(error);
    if (/FATAL|invalidated/i.test(message)) this.fatal = wrapped;
    return wrapped;
  }

  /** Whether DuckDB has failed fatally (a write the disk refused), so every statement fails until the file is opened again. */
  get failedFatally(): boolean {
    return this.fatal !== null;
  }

  /**
   * After a fatal failure, opens the file again at its last commit (DuckDB replays the write-ahead
   * log), so a long-running server recovers once there is room instead of failing until restarted.
   * Waits for earlier writes and for reads in flight (which fail with the fatal error) to finish.
   * Returns whether it reopened; if the file cannot be opened yet, the fatal error stays and this
   * may be tried again.
   */
  async reopenAfterFatal(): Promise<boolean> {
    return this.enqueueWrite(async () => {
      if (!this.fatal) return false;
      await this.readers.drained();
      this.closeConnections();
      let instance: DuckDBInstance;
      try {
        instance = await DuckDBInstance.create(this.path);
      } catch (error) {
        // Still no room to replay the log: the closed instance keeps every statement failing with the fatal error.
        throw wrap(error, 'reopening the database', this.path);
      }
      this.instance = instance;
      this.writer = await instance.connect();
      this.readers = new ReadPool(await Promise.all(Array.from({ length: READ_CONNECTIONS }, () => instance.connect())));
      this.closed = false;
      this.fatal = null;
      return true;
    });
  }

  /** Whether no write is running or queued: the moment to append work that must not delay others (the audit). */
  get writerIdle(): boolean {
    return this.pendingWrites === 0;
  }

  /** Queues fn on the write connection after every earlier write, counting it as pending until it settles. */
  private enqueueWrite<T>(fn: () => Promise<T>): Promise<T> {
    this.pendingWrites++;
    const run = () => fn();
    const next = this.writeQueue.then(run, run).finally(() => {
      this.pendingWrites--;
    });
    this.writeQueue = next.catch(() => undefined);
    return next;
  }
  private readers: ReadPool;

  private constructor(
    readonly path: string,
    private instance: DuckDBInstance,
    private writer: DuckDBConnection,
    readers: readonly DuckDBConnection[],
  ) {
    this.readers = new ReadPool(readers);
    this.all = this.rowsOn((sql, params, types) => this.readers.use((reader) => this.allOn(reader, sql, params, types)));
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
    const readers = await Promise.all(Array.from({ length: READ_CONNECTIONS }, () => instance.connect()));
    const database = new Database(path, instance, writer, readers);
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
      throw this.failed(error, sql);
    }
  }

  private async columnsOn(connection: DuckDBConnection, sql: string, params?: SqlParams, types?: SqlTypes): Promise<Record<string, JsValue[]>> {
    try {
      const reader = await connection.runAndReadAll(sql, params, types);
      return reader.getColumnsObjectJS();
    } catch (error) {
      throw this.failed(error, sql);
    }
  }

  private async allOn(connection: DuckDBConnection, sql: string, params?: SqlParams, types?: SqlTypes): Promise<JsonRow[]> {
    try {
      const reader = await connection.runAndReadAll(sql, params, types);
      return reader.getRowObjectsJson() as JsonRow[];
    } catch (error) {
      throw this.failed(error, sql);
    }
  }

  /** Rows read through allOn (a pooled reader, or the writer), checked with the schema when one is given. */
  private rowsOn(allOn: (sql: string, params?: SqlParams, types?: SqlTypes) => Promise<JsonRow[]>): ReadRows {
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
      return await this.readers.use(async (reader) => {
        const result = await reader.run(sql, params, types);
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
      });
    } catch (error) {
      throw this.failed(error, sql);
    }
  }

  /** Streams a read-only query row by row (as JSON-compatible objects). */
  async *stream(sql: string, params?: SqlParams): AsyncGenerator<JsonRow> {
    // The generator holds one read connection until it is finished or abandoned.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let lent!: (connection: DuckDBConnection) => void;
    const connection = new Promise<DuckDBConnection>((resolve) => (lent = resolve));
    const held = this.readers.use(async (reader) => {
      lent(reader);
      await released;
    });
    try {
      const reader = await connection;
      let result;
      try {
        result = await reader.stream(sql, params);
      } catch (error) {
        throw this.failed(error, sql);
      }
      for await (const rows of result.yieldRowObjectJson()) {
        for (const row of rows) yield row as JsonRow;
      }
    } finally {
      release();
      await held;
    }
  }

  /** The write connection's statements, outside or inside a transaction. */
  private writerStatements(): WriteTransaction {
    return {
      run: (sql, params, types) => this.runOn(this.writer, sql, params, types),
      all: this.rowsOn((sql, params, types) => this.allOn(this.writer, sql, params, types)),
      columns: (sql, params, types) => this.columnsOn(this.writer, sql, params, types),
      appender: async (table, catalog) => {
        try {
          return await this.writer.createAppender(table, catalog ? 'main' : null, catalog ?? null);
        } catch (error) {
          throw this.failed(error, `appender for ${table}`);
        }
      },
    };
  }

  /** BEGIN, fn, COMMIT (ROLLBACK when options.rollback) on the write connection; ROLLBACK if fn throws. Callers hold the write queue. */
  private async inTransaction<T>(fn: (tx: WriteTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    await this.runOn(this.writer, 'BEGIN TRANSACTION');
    try {
      const value = await fn(this.writerStatements());
      await this.runOn(this.writer, options.rollback ? 'ROLLBACK' : 'COMMIT');
      return value;
    } catch (error) {
      // An appender's flush fails with DuckDB's own error: type a full disk (the user's to fix), leave anything else as thrown.
      const failure = !(error instanceof ObservatoryError) && error instanceof Error && STORAGE_FULL.test(error.message) ? this.failed(error, 'the transaction') : error;
      await this.runOn(this.writer, 'ROLLBACK').catch((rollbackError: unknown) => {
        // After a fatal error DuckDB refuses the ROLLBACK too: report the error that caused it.
        if (this.fatal) throw failure;
        // The original error matters more; keep the rollback failure as its cause chain.
        throw new DatabaseError('rollback failed after an error', {}, { cause: [failure, rollbackError] });
      });
      throw failure;
    }
  }

  /**
   * Runs fn inside one transaction on the write connection: it commits if fn
   * resolves and rolls back if it throws, so a failure leaves nothing half-done.
   * With `{ rollback: true }` it rolls back when fn resolves too (a trial: fn's
   * answer, none of its changes).
   */
  async transaction<T>(fn: (tx: WriteTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.exclusive((session) => session.transaction(fn, options));
  }

  /**
   * Holds the write connection for fn, which may run statements outside a
   * transaction (such as building a temporary table, which DuckDB then scans
   * in parallel, unlike one created inside the transaction that reads it) and
   * then transactions, with no other write in between.
   */
  async exclusive<T>(fn: (session: WriteSession) => Promise<T>): Promise<T> {
    return this.enqueueWrite(() =>
      fn({ ...this.writerStatements(), transaction: (body, options) => this.inTransaction(body, options), interrupt: () => this.writer.interrupt() }),
    );
  }

  /** Runs a statement outside an explicit transaction (schema, checkpoints). */
  async exec(sql: string, params?: SqlParams): Promise<void> {
    return this.enqueueWrite(() => this.runOn(this.writer, sql, params));
  }

  /** Closes both connections and the instance; the WAL is checkpointed first. */
  async close(): Promise<void> {
    await this.writeQueue;
    try {
      // After a fatal error the checkpoint would fail too and hide the error that caused it; the WAL
      // is replayed at the next open instead.
      if (!this.fatal) await this.runOn(this.writer, 'CHECKPOINT');
    } finally {
      this.closeConnections();
    }
  }

  /** Whether the connections and the instance are closed (by close, or by a reopen that could not open the file again). */
  private closed = false;

  private closeConnections(): void {
    if (this.closed) return;
    this.closed = true;
    for (const reader of this.readers.connections) reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
