/**
 * The headline table the dashboard and the board report both show: one row an indicator, with
 * the partnership's latest figure and its interval, the direction of travel, the RAG against the
 * target, a sparkline, and a last column each page fills its own way. On a phone each row stacks
 * with its column names (`stack-on-phone`, `data-label`).
 */
import type { AreaFigure, Indicator, SeriesPoint } from '../api/client.ts';
import { badge, ragJudgement, trendJudgement } from '../format/judgements.ts';
import { formatNumber } from '../format/numbers.ts';
import { scrollingRegion } from './charts/chart-figure.ts';
import { sparkline } from './charts/sparkline.ts';
import { el, labelCells, tableHead } from './dom.ts';

/** One indicator's row. */
export interface SummaryRow {
  indicator: Indicator;
  /** The partnership's latest figure. */
  figure: AreaFigure;
  decimals: number;
  /** The indicator's name as the page shows it (a link on screen, plain text in print). */
  name: Node;
  /** When the figure is for, under its value. */
  periodNote: string;
  /** The partnership's series, oldest first, for the sparkline. */
  series: readonly SeriesPoint[];
  /** The last column's content. */
  last: Node | string;
}

export interface SummaryTable {
  caption: string;
  /** The accessible name of the scrolling region around the table. */
  regionLabel: string;
  /** Classes beside `data-table stack-on-phone`. */
  className: string;
  /** The last column's heading. */
  lastColumn: string;
  rows: readonly SummaryRow[];
}

const COLUMNS = ['Indicator', 'Latest figure', 'Direction of travel', 'Target (RAG)', 'Over time'] as const;

/** A figure as words: its value, "Withheld" with the reason, or "No data". */
export function figureText(figure: Pick<AreaFigure, 'value' | 'suppressed' | 'suppressionReason'>, decimals: number): string {
  if (figure.suppressed) return figure.suppressionReason ? `Withheld: ${figure.suppressionReason}` : 'Withheld';
  if (figure.value === null) return 'No data';
  return formatNumber(figure.value, decimals);
}

function note(text: string): HTMLSpanElement {
  return el('span', 'figure-note', text);
}

/** What the sparkline shows, in words: from the first published figure to the last, and how many periods were withheld. */
function seriesWords(row: SummaryRow): string {
  const published = row.series.filter((point) => !point.suppressed && point.value !== null);
  const first = published[0];
  const last = published.at(-1);
  if (first === undefined || last === undefined || first === last) return 'One period only';
  const withheld = row.series.filter((point) => point.suppressed).length;
  return `${row.indicator.title} from ${formatNumber(first.value, row.decimals)} (${first.period.label}) to ${formatNumber(last.value, row.decimals)} (${last.period.label})${withheld > 0 ? `; ${withheld} ${withheld === 1 ? 'period' : 'periods'} withheld` : ''}`;
}

function summaryRow(row: SummaryRow, columns: readonly string[]): HTMLTableRowElement {
  const { figure, decimals, indicator } = row;
  const name = el('th', { scope: 'row' }, row.name, note(indicator.unit));
  const interval = figure.lower !== null && figure.upper !== null ? `${formatNumber(figure.lower, decimals)} to ${formatNumber(figure.upper, decimals)}, ` : '';
  const latest = el('td', 'numeric', el('span', figure.suppressed ? 'withheld-label' : 'figure-value', figureText(figure, decimals)), note(`${interval}${row.periodNote}`));
  const trend = el('td', null, badge(trendJudgement(figure.trend)));
  const ragText = ragJudgement(figure.rag);
  const target = indicator.target === null ? null : note(`Target ${formatNumber(indicator.target.value, 1)}${indicator.target.by ? ` by ${indicator.target.by}` : ''}`);
  const rag = ragText === null ? el('td', null, note('No target set')) : el('td', null, badge(ragText), target);
  const words = seriesWords(row);
  const spark = el('td', 'sparkline-cell', sparkline(row.series, words) ?? note(words));
  const tr = el('tr', { 'data-indicator': indicator.id }, name, latest, trend, rag, spark, el('td', null, row.last));
  labelCells(tr, columns);
  return tr;
}

/** The table, in its scrolling region. */
export function indicatorSummaryTable(table: SummaryTable): HTMLDivElement {
  const columns = [...COLUMNS, table.lastColumn];
  const element = el(
    'table',
    `data-table ${table.className} stack-on-phone`,
    el('caption', null, table.caption),
    tableHead(columns, (_column, index) => (index === 1 ? 'numeric' : null)),
    el('tbody', null, ...table.rows.map((row) => summaryRow(row, columns))),
  );
  return scrollingRegion('table-wrap', table.regionLabel, element);
}
