/** An extract's ingest report: what loaded, what was quarantined and why (with a chart), what was dropped, and what it changed. */
import type { ExtractReport } from '../../../../server/contract/extracts.ts';
import { horizontalBars } from '../extracts-common/bar-chart.ts';
import { el, link } from '../../components/dom.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { facts, table } from '../extracts-common/extract-parts.ts';

/** A map link for an indicator and period. */
function mapLink(indicator: string, period: string): string {
  return `/?${new URLSearchParams({ indicator, level: 'lsoa', period })}`;
}

/** What happened to the extract, in a sentence. */
function outcome(report: ExtractReport): string {
  switch (report.status) {
    case 'loaded':
      return `Loaded ${count(report.rowsLoaded)} of ${count(report.rowsRead)} rows; ${count(report.rowsQuarantined)} quarantined; ${count(report.rowsOutsideArea)} outside the partnership's area (counted, not kept).`;
    case 'refused':
      return `Refused: ${report.refusalReason ?? 'no reason was recorded'}. Nothing of the file was stored.`;
    default:
      return `Status: ${report.status}.`;
  }
}

/** Renders the report into a new section. */
export function reportView(report: ExtractReport, headingLevel: 'h2' | 'h3' = 'h2'): HTMLElement {
  const section = el('section', 'extract-report');
  section.setAttribute('aria-labelledby', `report-${report.extractId}`);
  const heading = el(headingLevel, null, `Extract ${report.extractId}: ${report.file}`);
  heading.id = `report-${report.extractId}`;
  section.append(heading, el('p', 'outcome', outcome(report)));
  if (report.supersededBy) {
    const note = el('p', 'notice', 'This extract was replaced whole by ');
    note.append(link(`/extracts/${encodeURIComponent(report.supersededBy)}`, report.supersededBy), '; its rows are no longer used.');
    section.append(note);
  }
  const replaced = el('span');
  report.replaced.forEach((id, i) => replaced.append(i > 0 ? ', ' : '', link(`/extracts/${encodeURIComponent(id)}`, id)));
  section.append(
    facts([
      ['Partner', report.partnerName ?? report.partner ?? 'not recognised'],
      ['Dataset', report.datasetTitle ?? report.dataset ?? 'not recognised'],
      ['Months', report.periodStart ? `${report.periodStart} to ${report.periodEnd ?? report.periodStart}` : 'none loaded'],
      ['Agreement', report.agreement ? `${report.agreement.id} version ${report.agreement.version} (valid ${report.agreement.validFrom} to ${report.agreement.validTo})` : 'none'],
      ['Rows read', count(report.rowsRead)],
      ['Loaded', count(report.rowsLoaded)],
      ['Quarantined', count(report.rowsQuarantined)],
      ['Outside the area', count(report.rowsOutsideArea)],
      ['Loaded by', `${report.loadedBy}, ${report.loadedAt.replace('T', ' ').replace('Z', ' UTC')}`],
      ['SHA-256', el('code', 'hash', report.sha256)],
      ['Replaced', report.replaced.length > 0 ? replaced : 'nothing'],
      ['Encoding', report.quality.encoding ? `${report.quality.encoding}${report.quality.byteOrderMark ? ' with a byte-order mark' : ''}` : 'not read'],
    ]),
  );

  const reasons = Object.entries(report.quarantineReasons).map(([label, value]) => ({ label, value }));
  const quarantine = el('section', 'report-part');
  quarantine.append(el(headingLevel === 'h2' ? 'h3' : 'h4', null, 'Quarantined rows by reason'));
  if (reasons.length === 0) quarantine.append(el('p', null, report.status === 'loaded' ? 'No row was quarantined.' : 'No rows were read.'));
  else {
    quarantine.append(horizontalBars('Quarantined rows by reason', reasons));
    quarantine.append(table('Quarantined rows by reason', ['Reason', 'Rows'], reasons.map((r) => [r.label, r.value])));
    quarantine.append(link(`/extracts/${encodeURIComponent(report.extractId)}#quarantine`, `Open the quarantine of ${report.extractId}`));
  }
  section.append(quarantine);

  const fields = el('section', 'report-part');
  fields.append(el(headingLevel === 'h2' ? 'h3' : 'h4', null, 'Fields under the agreement'));
  fields.append(
    facts([
      ['Kept', report.fields.kept.join(', ') || 'none'],
      ['Pseudonymised', report.fields.pseudonymised.join(', ') || 'none'],
      ['Dropped before storage', report.fields.dropped.join(', ') || 'none'],
    ]),
  );
  section.append(fields);

  const changed = el('section', 'report-part');
  changed.append(el(headingLevel === 'h2' ? 'h3' : 'h4', null, 'Indicators and periods it feeds'));
  if (report.indicators.length === 0) changed.append(el('p', null, 'No published indicator is built on this extract.'));
  else {
    const list = el('ul', 'changed-indicators');
    for (const indicator of report.indicators) {
      const item = el('li', null, `${indicator.title}: `);
      indicator.periods.slice(0, 6).forEach((period, i) => item.append(i > 0 ? ', ' : '', link(mapLink(indicator.id, period), period)));
      if (indicator.periods.length > 6) item.append(`, and ${indicator.periods.length - 6} more`);
      list.append(item);
    }
    changed.append(list);
  }
  section.append(changed);
  return section;
}
