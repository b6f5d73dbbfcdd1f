/**
 * What the two readers share: the input of a load, the stage they leave for the
 * judge (ingest/bulk-load.ts), and the check that a stage keeps file order.
 */
import { z } from 'zod';
import type { SqlParams, SqlTypes, WriteTransaction } from '../db/database.ts';
import type { DatasetModule } from '../datasets/dataset-module.ts';
import { jsonText } from '../db/typed-rows.ts';
import type { RecordPlacer } from '../placement/record-placer.ts';
import type { FirstCount } from './bulk-outcomes.ts';
import type { LineBreak } from './csv-shape-scan.ts';
import type { CsvDelimiter, EncodingReport } from './extract-reader.ts';
import type { Pseudonymiser } from './pseudonymiser.ts';
import type { RowLineMap } from './row-line-map.ts';

/** DuckDB's reader cannot stage this file exactly as the streaming reader would; nothing it did is kept, and the streaming reader reads it. */
export class BulkLoadUnsupported extends Error {
  constructor(readonly why: string) {
    super(`native read not possible: ${why}`);
  }
}

export type LoadInput = {
  file: string;
  fileBytes: number;
  module: DatasetModule;
  columnOf: ReadonlyMap<string, number>;
  headerFields: number;
  encoding: EncodingReport;
  delimiter: CsvDelimiter;
  /** Whether DuckDB's reader may try the file (with its line break), or why only the streaming reader can read it. */
  native: { ok: true; lineBreak: LineBreak } | { ok: false; why: string };
  kept: ReadonlySet<string>;
  pseudonymised: ReadonlySet<string>;
  placer: RecordPlacer;
  pseudonymiser: Pseudonymiser;
  onProgress?: (progress: { rows: number; bytesRead: number; totalBytes: number }) => void;
  /** Told which reader filled the stage and, for the streaming one, why DuckDB's could not. */
  onReader?: (reader: 'native' | 'streaming', why: string | null) => void;
  /** Aborted to cancel the load before its commit (cancellation.ts): it then throws CancelledError and keeps nothing. */
  signal?: AbortSignal;
  /** Awaited once the stage is filled (IngestContext.testPause). */
  pause?: (point: 'staged', signal: AbortSignal | null) => Promise<void>;
};

/** A filled stage: its rows in file order from rowid `base`, the editor line of each, and the records that could not be rows (already in the ragged table). */
export type Staged = {
  rows: number;
  base: bigint;
  lines: RowLineMap;
  ragged: { count: number; reasons: Map<string, FirstCount> };
  /** Some value may start or end with whitespace other than a space (trimming must then test for all of JavaScript's). */
  otherWhitespace: boolean;
};

/** The reason a record with the wrong number of fields is quarantined. */
export function raggedReason(fields: number, headerFields: number): string {
  return `row has ${fields} fields but the header has ${headerFields}`;
}

/** Plan operators that keep the source's row order all the way into the stage, so a stage rowid is a file row (a filter drops rows, never reorders them). */
const FILE_ORDER_OPERATORS = new Set(['BATCH_CREATE_TABLE_AS', 'PROJECTION', 'FILTER', 'READ_CSV']);

type PlanNode = { name?: string | undefined; children?: PlanNode[] | undefined };

const planNode: z.ZodType<PlanNode> = z.lazy(() => z.object({ name: z.string().optional(), children: z.array(planNode).optional() }).loose());
const explainRow = z.object({ explain_key: z.string(), explain_value: jsonText(z.array(planNode)) });

/**
 * Checks, from DuckDB's own plan, that the stage keeps file order: a plain
 * chain of projections from the reader into an order-preserving table write.
 * Anything else (a join the optimiser made of an IN list, say) would scramble
 * the line numbers, so the load is refused instead.
 */
export async function assertFileOrderPlan(session: WriteTransaction, stage: { sql: string; params: SqlParams; types: SqlTypes }): Promise<void> {
  const rows = await session.all(`EXPLAIN (FORMAT json) ${stage.sql}`, stage.params, explainRow, stage.types);
  const plan = rows.find((row) => row.explain_key === 'physical_plan');
  const names: string[] = [];
  let nodes: PlanNode[] = plan?.explain_value ?? [];
  while (nodes.length > 0) {
    if (nodes.length > 1) throw new BulkLoadUnsupported('the stage plan branches');
    const node = nodes[0] as PlanNode;
    names.push(node.name ?? '?');
    nodes = node.children ?? [];
  }
  if (names[0] !== 'BATCH_CREATE_TABLE_AS' || names.some((name) => !FILE_ORDER_OPERATORS.has(name))) {
    throw new BulkLoadUnsupported(`the stage plan (${names.join(' ← ')}) would not keep file order`);
  }
}
