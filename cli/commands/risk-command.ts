import { existsSync } from 'node:fs';
import { z } from 'zod';
import { publishedSeries } from '../../pipeline/boards/published-series.ts';
import { PublishedFigures } from '../../pipeline/indicators/published-figures.ts';
import { recordRiskReview } from '../../pipeline/boards/risk-review-store.ts';
import { findRisk, riskReport } from '../../pipeline/boards/risk-report.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { DatabaseBusyError, InputError } from '../../pipeline/errors.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { serverFileOf } from '../../server/serve.ts';
import type { CommandIo } from '../command-io.ts';
import { parseServerFile, safeJson } from '../server-hand-off.ts';

export type RiskReviewOptions = { riskId: string; likelihood: string | undefined; impact: string | undefined; note: string | undefined; date: string | undefined; json: boolean; today: string };

const options = z.object({
  likelihood: z.coerce.number({ message: 'give --likelihood L, a whole number on the partnership scale' }).int('must be a whole number'),
  impact: z.coerce.number({ message: 'give --impact I, a whole number on the partnership scale' }).int('must be a whole number'),
  note: z.string({ message: 'give --note "…": why the score is what it is' }).trim().min(3, 'say in --note why the score is what it is'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
});

function parseOptions(raw: RiskReviewOptions): z.infer<typeof options> {
  const parsed = options.safeParse({ likelihood: raw.likelihood ?? undefined, impact: raw.impact ?? undefined, note: raw.note, date: raw.date });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? 'is invalid', { field: `--${issue?.path.join('.') ?? 'options'}` });
  }
  if (raw.likelihood === undefined || raw.impact === undefined) throw new InputError('give both --likelihood and --impact', { field: raw.likelihood === undefined ? '--likelihood' : '--impact' });
  return parsed.data;
}

/** What the command prints of a risk after its review (and reads back from the server when it hands off). */
const printedRisk = z.object({
  id: z.string(),
  current: z.object({ date: z.string(), likelihood: z.number(), impact: z.number(), score: z.number(), rag: z.string(), band: z.string(), movement: z.string(), previousScore: z.number().nullable() }).loose(),
});
type PrintedRisk = z.infer<typeof printedRisk>;

/** A running server holds the database: record the review through its API instead. */
async function handOffToServer(config: ObservatoryConfig, riskId: string, body: z.infer<typeof options>, io: CommandIo): Promise<PrintedRisk> {
  const serverFile = serverFileOf(config.databasePath);
  if (!existsSync(serverFile)) {
    throw new DatabaseBusyError(`the database ${config.databasePath} is locked by another process that is not an observatory server; stop it and retry`, { file: config.databasePath });
  }
  const { url } = parseServerFile(serverFile);
  if (!config.token) {
    throw new InputError(`the database is held by the running server at ${url}: set OBSERVATORY_TOKEN to an admin's token (observatory token create <name>) to record the review through it, or stop the server`, { field: 'OBSERVATORY_TOKEN' });
  }
  io.err(`The database is held by the running server at ${url}; recording the review through it.`);
  const response = await fetch(new URL(`api/risks/${encodeURIComponent(riskId)}/reviews`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    const problem = z.object({ detail: z.string() }).safeParse(safeJson(text));
    throw new InputError(`the server refused the review (${response.status}): ${problem.success ? problem.data.detail : text.slice(0, 200)}`);
  }
  const parsed = z.object({ risk: printedRisk }).safeParse(safeJson(text));
  if (!parsed.success) throw new InputError(`the server at ${url} answered the review with an unexpected body: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.risk;
}

/** observatory risk review <id> --likelihood L --impact I --note "…" [--date YYYY-MM-DD] [--json]: records a review of a risk. */
export async function riskReviewCommand(config: ObservatoryConfig, raw: RiskReviewOptions, io: CommandIo): Promise<number> {
  const review = parseOptions(raw);
  let report: PrintedRisk;
  try {
    const observatory = await openObservatory(config);
    try {
      const register = observatory.boards.risks;
      const risk = findRisk(register, raw.riskId);
      await recordRiskReview(observatory.db, register.scoring, risk, { ...review, date: review.date ?? raw.today, recordedBy: config.user }, raw.today);
      report = await riskReport(risk, {
        db: observatory.db,
        register,
        definitions: observatory.definitions,
        series: publishedSeries(new PublishedFigures(observatory.db, observatory.definitions, observatory.agreements, () => raw.today)),
        partnershipCode: observatory.partnership.id,
      });
    } finally {
      await observatory.db.close();
    }
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    report = await handOffToServer(config, raw.riskId, review, io);
  }
  if (raw.json) io.out(JSON.stringify({ risk: report.id, current: report.current }));
  else {
    const c = report.current;
    io.out(`${report.id}: ${c.likelihood} × ${c.impact} = ${c.score} (${c.rag}, ${c.band}) on ${c.date}: ${c.movement}${c.previousScore === null ? '' : ` from ${c.previousScore}`}`);
  }
  return 0;
}
