/** Risk reviews recorded after the register shipped: one row each in risk_review, never changed. */
import type { Database } from '../db/database.ts';
import { InputError } from '../errors.ts';
import { scoreProblem, type Risk, type ScoringMatrix } from './risks.ts';

/** A review as the register keeps it, shipped or recorded. */
export type StoredRiskReview = {
  date: string;
  likelihood: number;
  impact: number;
  note: string;
  reviewer: string | null;
  source: 'register' | 'recorded';
  recordedAt: string | null;
};

/** A new review: scores on the partnership's scales and a note; the date defaults to today. */
export type NewRiskReview = { likelihood: number; impact: number; note: string; date: string; recordedBy: string };

/** Every review of a risk, the shipped ones then the recorded ones, in date order (recorded last on a tie). */
export async function riskReviews(db: Database, risk: Risk): Promise<StoredRiskReview[]> {
  const rows = await db.all(
    `SELECT reviewed_on::VARCHAR AS date, likelihood, impact, note, recorded_by, recorded_at::VARCHAR AS recorded_at
     FROM risk_review WHERE risk_id = $id ORDER BY reviewed_on, recorded_at`,
    { id: risk.id },
  );
  const shipped: StoredRiskReview[] = risk.reviews.map((r) => ({ date: r.date, likelihood: r.likelihood, impact: r.impact, note: r.note, reviewer: r.reviewer ?? null, source: 'register', recordedAt: null }));
  const recorded: StoredRiskReview[] = rows.map((r) => ({
    date: String(r.date),
    likelihood: Number(r.likelihood),
    impact: Number(r.impact),
    note: String(r.note),
    reviewer: String(r.recorded_by),
    source: 'recorded',
    recordedAt: String(r.recorded_at),
  }));
  // A stable sort keeps shipped reviews before recorded ones on the same date.
  return [...shipped, ...recorded].sort((a, b) => a.date.localeCompare(b.date));
}

/** Records a review after checking its scores against the matrix and its date against today. */
export async function recordRiskReview(db: Database, matrix: ScoringMatrix, risk: Risk, review: NewRiskReview, today: string): Promise<void> {
  const problem = scoreProblem(matrix, review);
  if (problem) throw new InputError(problem, { field: problem.startsWith('likelihood') ? 'likelihood' : 'impact' });
  if (review.date > today) throw new InputError(`a review cannot be dated after today (${today})`, { field: 'date' });
  if (review.note.trim().length < 3) throw new InputError('say in a note why the score is what it is', { field: 'note' });
  await db.transaction((tx) =>
    tx.run(`INSERT INTO risk_review VALUES ($risk, $date::DATE, $likelihood, $impact, $note, $by, now()::TIMESTAMP)`, {
      risk: risk.id,
      date: review.date,
      likelihood: review.likelihood,
      impact: review.impact,
      note: review.note.trim(),
      by: review.recordedBy,
    }),
  );
}
