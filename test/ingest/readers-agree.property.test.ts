/**
 * One load path, two readers: for generated extracts of every dataset (rows from the
 * generators in test/ingest/support/ and datasets/tools/, with mess: padding, quotes,
 * line breaks inside values, blank lines, ragged rows, a BOM and every line ending),
 * DuckDB's reader and the streaming reader leave the same stage table, the same
 * editor line for each of its rows and the same ragged records. Everything after the
 * stage is one judge-and-write step, so equal stages mean equal loads.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { agreementInForce } from '../../pipeline/agreements/load-agreements.ts';
import type { WriteSession } from '../../pipeline/db/database.ts';
import { fieldRoles } from '../../pipeline/datasets/field-roles.ts';
import { recognise } from '../../pipeline/datasets/header-matching.ts';
import { DATASETS } from '../../pipeline/datasets/registry.ts';
import { RAGGED, STAGE, type BulkSqlInput } from '../../pipeline/ingest/bulk-load-sql.ts';
import { detectEncoding, fingerprintFile, readHeader } from '../../pipeline/ingest/extract-reader.ts';
import { detectNativeDialect } from '../../pipeline/ingest/native-csv-dialect.ts';
import { BulkLoadUnsupported, type LoadInput, type Staged } from '../../pipeline/ingest/stage.ts';
import { stageNatively } from '../../pipeline/ingest/stage-native.ts';
import { stageStreamed } from '../../pipeline/ingest/stage-streamed.ts';
import { loadAreas, partnershipSources } from '../../datasets/tools/areas.ts';
import { Rng } from '../../datasets/tools/rng.ts';
import { policeRow as generatedPoliceRow, syntheticProfile } from '../../datasets/tools/police.ts';
import { PILOT_DIR, temporaryObservatoryPerFile, writeExtract } from '../support/temp-observatory.ts';
import { COUNCIL_HEADER, councilRow, FIRE_HEADER, fireRow, HEALTH_HEADER, healthRow, POLICE_HEADER, policeRow, render } from './support/extracts.ts';

const TODAY = '2026-11-23';
const RUNS = Number(process.env.READERS_RUNS ?? 60);

const temporary = temporaryObservatoryPerFile();

/** Values that stress a reader: padding of every kind, quotes, separators and line breaks inside values, non-ASCII text. */
const MESSY = fc.constantFrom('', ' ', '  padded  ', '\tTab\t', '\u00a0nbsp\u3000', 'a "quoted" word', 'comma, inside', 'two\nlines', 'x', 'café ünïcödé', '"', '2018-13', 'E01024915');

/** Map points of the pilot's LSOAs, as the generator of whole-force files snaps crimes to them. */
const POLICE_POOL = syntheticProfile(loadAreas(partnershipSources(PILOT_DIR)), 20, new Rng(7, 'readers'), 100);

/** One generated row of a dataset, some of its fields replaced by messy values. */
function datasetRow(dataset: number): fc.Arbitrary<string[]> {
  const header = [POLICE_HEADER, FIRE_HEADER, COUNCIL_HEADER, HEALTH_HEADER][dataset] ?? POLICE_HEADER;
  return fc.tuple(fc.array(fc.tuple(fc.nat(header.length - 1), MESSY), { maxLength: 3 }), fc.nat(1000), fc.boolean()).map(([replacements, seed, generated]) => {
    const row =
      dataset === 0
        ? generated
          ? generatedPoliceRow(POLICE_POOL, '2018-01', 'Lancashire Constabulary', new Rng(seed, 'row'))
          : policeRow()
        : dataset === 1
          ? fireRow()
          : dataset === 2
            ? councilRow()
            : healthRow();
    for (const [index, value] of replacements) row[index] = value;
    return row;
  });
}

/** A whole extract: rows, a few blank or ragged lines between them, in a file style. */
const extract = fc.nat(3).chain((dataset) =>
  fc.record({
    dataset: fc.constant(dataset),
    rows: fc.array(fc.oneof({ arbitrary: datasetRow(dataset), weight: 8 }, { arbitrary: fc.constantFrom<string[]>([''], ['a', 'b'], ['', '', '']), weight: 1 }), { minLength: 1, maxLength: 25 }),
    eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
    bom: fc.boolean(),
    trailingBlankLines: fc.nat(2),
  }),
);

type Stage = { rows: unknown[]; lines: number[]; ragged: unknown[] };

/** Fills the stage with one reader and reads it back, or says why DuckDB's reader would not take the file. */
async function stageWith(session: WriteSession, input: LoadInput, sqlInput: BulkSqlInput, reader: 'native' | 'streaming'): Promise<Stage | { unsupported: string }> {
  try {
    await session.run(`CREATE OR REPLACE TEMP TABLE ${RAGGED} (line_number INTEGER, reason VARCHAR)`);
    let staged: Staged;
    try {
      staged = reader === 'native' && input.native.ok ? await stageNatively(session, input, sqlInput, input.native.lineBreak) : await stageStreamed(session, input, sqlInput);
    } catch (error) {
      if (error instanceof BulkLoadUnsupported) return { unsupported: error.why };
      throw error;
    }
    const rows = await session.all(`SELECT * FROM ${STAGE} ORDER BY rowid`);
    return {
      rows,
      lines: rows.map((_, row) => staged.lines.lineOf(row)),
      ragged: await session.all(`SELECT * FROM ${RAGGED} ORDER BY line_number`),
    };
  } finally {
    for (const table of [STAGE, RAGGED, 'bulk_appended']) await session.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

const compared: Record<string, number> = {};

test('DuckDB’s reader and the streaming reader leave the same stage for the same file', async () => {
  const context = temporary().observatory.ingest;
  await fc.assert(
    fc.asyncProperty(extract, async ({ rows, eol, bom, trailingBlankLines, dataset }) => {
      const header = [POLICE_HEADER, FIRE_HEADER, COUNCIL_HEADER, HEALTH_HEADER][dataset] ?? POLICE_HEADER;
      const file = await writeExtract(temporary().dir, 'readers.csv', render(header, rows, { eol, bom, trailingBlankLines }).bytes);
      const encoding = await detectEncoding(file, (await fingerprintFile(file)).validUtf8);
      const head = await readHeader(file, encoding);
      const recognition = recognise(DATASETS, head.cells);
      if (!recognition.ok) throw new Error(recognition.explanation);
      const module = recognition.match.module;
      const agreement = agreementInForce(context.agreements, module.id, TODAY);
      const native = await detectNativeDialect(file, encoding);
      const input: LoadInput = {
        file,
        fileBytes: 0,
        module,
        columnOf: recognition.match.columnOf,
        headerFields: head.cells.length,
        encoding,
        delimiter: head.delimiter,
        native,
        kept: new Set(agreement.fields.kept.map((f) => f.name)),
        pseudonymised: new Set(agreement.fields.pseudonymised.map((f) => f.name)),
        placer: context.placer,
        pseudonymiser: context.pseudonymiser,
      };
      const sqlInput: BulkSqlInput = { module, roles: fieldRoles(module), columnOf: input.columnOf, headerFields: input.headerFields, kept: input.kept, pseudonymised: input.pseudonymised };
      await context.db.exclusive(async (session) => {
        const fromDuckDb = await stageWith(session, input, sqlInput, 'native');
        const fromStream = await stageWith(session, input, sqlInput, 'streaming');
        if ('unsupported' in fromDuckDb) {
          compared.unsupported = (compared.unsupported ?? 0) + 1;
          return;
        }
        compared[module.id] = (compared[module.id] ?? 0) + 1;
        expect(fromStream).toEqual(fromDuckDb);
      });
    }),
    { numRuns: RUNS, seed: 20261207 },
  );
  // The property compared stages of every dataset, not only files DuckDB's reader declined.
  for (const id of ['police.street_crime', 'fire.incidents', 'council.service_requests', 'health.activity']) expect(compared[id] ?? 0, id).toBeGreaterThan(0);
}, 300_000);
