/** /datasets/{id}: a dataset's data quality over time, with a chart of rows per month and the unusual months marked. */
import { periodBars } from '../extracts-common/bar-chart.ts';
import { el, link } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { facts, percent, table } from '../extracts-common/extract-parts.ts';
import { extractsApi } from '../extracts-common/extracts-api.ts';
import '../extracts-common/extracts.css';

/** Mounts the page for a dataset id. */
export async function mountDataQualityPage(root: HTMLElement, datasetId: string): Promise<void> {
  root.classList.add('extract-pages');
  setPageState('loading');
  document.title = `Data quality of ${datasetId} – Neighbourhood Observatory`;
  root.replaceChildren(el('h1', null, `Data quality: ${datasetId}`));
  const back = el('p');
  back.append(link('/extracts', 'Back to the extract log'));
  root.append(back);
  try {
    const quality = await extractsApi.quality(datasetId);
    root.querySelector('h1')!.textContent = `Data quality: ${quality.title}`;
    const { freshness } = quality;
    root.append(
      el('p', freshness.fresh ? 'outcome' : 'notice', freshness.latestMonth === null
        ? `No month of ${quality.dataset} is loaded yet; the latest expected is ${freshness.expectedMonth}.`
        : freshness.fresh
          ? `Up to date: the latest month in is ${freshness.latestMonth}, the last whole month.`
          : `Not up to date: the latest month in is ${freshness.latestMonth}; ${freshness.expectedMonth} is expected (${count(freshness.monthsBehind ?? 0)} months behind).`),
    );
    const rows = el('section', 'report-part');
    rows.append(el('h2', null, 'Rows per month against the usual'));
    if (quality.periods.length === 0) rows.append(el('p', 'empty', 'No rows are loaded for this dataset.'));
    else {
      rows.append(periodBars(`Rows per month of ${quality.title}`, quality.periods));
      const unusual = quality.periods.filter((p) => p.unusual);
      rows.append(el('p', null, unusual.length === 0 ? 'No month is unusual.' : `Unusual months (marked ! and hatched): ${unusual.map((p) => `${p.period} (${p.why ?? ''})`).join('; ')}.`));
      rows.append(table('Rows per month', ['Month', 'Rows', 'Usual', 'Unusual?'], quality.periods.map((p) => [p.period, p.rows, count(Math.round(p.usual)), p.unusual ? `yes: ${p.why ?? ''}` : 'no'])));
    }
    root.append(rows);
    const extracts = el('section', 'report-part');
    extracts.append(el('h2', null, 'Quarantine and code disagreements by extract'));
    if (quality.extracts.length === 0) extracts.append(el('p', 'empty', 'No extract of this dataset is in force.'));
    else {
      extracts.append(
        table(
          'Extracts in force, oldest first',
          ['Extract', 'Months', 'Rows read', 'Quarantined', 'Reasons', 'Points disagreeing with the supplied code'],
          quality.extracts.map((e) => [
            link(`/extracts/${encodeURIComponent(e.extractId)}`, e.extractId),
            e.periodStart ? `${e.periodStart} to ${e.periodEnd ?? ''}` : '—',
            e.rowsRead,
            `${count(e.rowsQuarantined)} (${percent(e.quarantineRate)})`,
            e.reasons.map((r) => `${r.reason}: ${count(r.rows)} (${percent(r.rate)})`).join('; ') || 'none',
            e.codeDisagreements === null ? 'not recorded' : count(e.codeDisagreements),
          ]),
        ),
      );
    }
    root.append(extracts);
    const method = el('details');
    method.append(el('summary', null, 'How this is worked out'), el('p', null, quality.method));
    root.append(method, facts([['Dataset', quality.dataset]]));
    setPageState('ready');
  } catch (error) {
    showPageError(root, error);
  }
}
