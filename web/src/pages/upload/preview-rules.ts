/**
 * What the upload page can tell from the start of a file, before anything is sent: the dataset and
 * agreement its header matches (with the pipeline's own header rules), the header mapping, and the
 * problems already visible. Pure, so it is tested without a browser.
 */
import { recognise } from '../../../../pipeline/datasets/header-matching.ts';
import { DATE_FORMAT_LABELS, readDate } from '../../../../pipeline/datasets/date-formats.ts';
import type { DatasetLayout, LayoutField } from '../../../../server/contract/datasets.ts';

/** What the preview worker read from the start of the file. */
export type FileStart = {
  header: string[];
  /** The first data rows, with the line each starts on (header = line 1). */
  rows: { line: number; cells: string[] }[];
};

export type ColumnMapping = { column: string; position: number; field: LayoutField | null; note: string };

export type PreviewProblem = { severity: 'refusal' | 'warning' | 'note'; text: string };

export type Preview = {
  dataset: DatasetLayout | null;
  mapping: ColumnMapping[];
  problems: PreviewProblem[];
};

const HANDLING_NOTES: Record<LayoutField['handling'], string> = {
  kept: 'kept',
  pseudonymised: 'pseudonymised (replaced by a keyed hash)',
  dropped: 'dropped before storage',
  used: 'used to date or place each row, not stored',
};

/** How many unreadable dates are quoted by line before the rest are only counted. */
const LINES_QUOTED = 5;

/** The preview of a file start against the datasets the caller may upload. */
export function previewFile(layouts: readonly DatasetLayout[], start: FileStart): Preview {
  const recognition = recognise(layouts, start.header);
  if (!recognition.ok) {
    return {
      dataset: null,
      mapping: start.header.map((column, position) => ({ column, position, field: null, note: 'matches no dataset' })),
      problems: [{ severity: 'refusal', text: `The observatory would refuse this file: ${recognition.explanation}.` }],
    };
  }
  const { module: dataset, columnOf, unknownColumns, duplicated } = recognition.match;
  const fieldAt = new Map([...columnOf].map(([name, index]) => [index, dataset.fields.find((f) => f.name === name) ?? null]));
  const mapping = start.header.map((column, position) => {
    const field = fieldAt.get(position) ?? null;
    return { column, position, field, note: field ? HANDLING_NOTES[field.handling] : 'not part of the layout: dropped before storage' };
  });
  const problems: PreviewProblem[] = [];
  for (const twice of duplicated) problems.push({ severity: 'refusal', text: `The header names “${twice.header}” more than once (columns ${twice.columns.join(' and ')}); the observatory would refuse the file.` });
  if (!dataset.agreement) problems.push({ severity: 'refusal', text: `No agreement covers ${dataset.title}; nothing can be loaded.` });
  else if (!dataset.agreement.inForce) problems.push({ severity: 'refusal', text: `Agreement ${dataset.agreement.id} is not in force (valid ${dataset.agreement.validFrom} to ${dataset.agreement.validTo}); the file would be refused.` });
  const missingOptional = dataset.fields.filter((f) => !f.required && !columnOf.has(f.name)).map((f) => f.header);
  if (missingOptional.length > 0) problems.push({ severity: 'note', text: `Optional columns not in the file: ${missingOptional.join(', ')}.` });
  const personal = mapping.filter((m) => m.field?.personal).map((m) => m.column.trim());
  if (personal.length > 0) problems.push({ severity: 'warning', text: `Personal data that will be dropped before storage: ${personal.join(', ')}.` });
  const otherDropped = mapping.filter((m) => (m.field ? m.field.handling === 'dropped' && !m.field.personal : true)).map((m) => m.column.trim()).filter((c) => c !== '');
  if (otherDropped.length > 0) problems.push({ severity: 'note', text: `Other columns the agreement does not keep (dropped before storage): ${otherDropped.join(', ')}.` });
  if (unknownColumns.length > 0) problems.push({ severity: 'note', text: `Columns not in the ${dataset.id} layout: ${unknownColumns.map((c) => c.trim()).join(', ')}.` });
  const ragged = start.rows.filter((r) => r.cells.length !== start.header.length);
  if (ragged.length > 0) problems.push({ severity: 'warning', text: `${ragged.length} of the first ${start.rows.length} rows have a different number of fields from the header (first at line ${ragged[0]?.line}); they will be quarantined.` });
  for (const field of dataset.fields) {
    const index = columnOf.get(field.name);
    if (!field.dateFormat || index === undefined) continue;
    const format = field.dateFormat;
    const bad = start.rows.filter((r) => r.cells.length === start.header.length && readDate(format, (r.cells[index] ?? '').trim()) === null).map((r) => r.line);
    if (bad.length === 0) continue;
    const quoted = bad.slice(0, LINES_QUOTED).join(', ');
    problems.push({
      severity: 'warning',
      text: `${bad.length} of the first ${start.rows.length} rows have a ${field.header} that is not a date in the form ${DATE_FORMAT_LABELS[format]} (line${bad.length > 1 ? 's' : ''} ${quoted}${bad.length > LINES_QUOTED ? ', …' : ''}); they will be quarantined.`,
    });
  }
  return { dataset, mapping, problems };
}
