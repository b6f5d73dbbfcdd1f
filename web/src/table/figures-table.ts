/**
 * The table of figures: the accessible alternative to the map, listing every
 * area's value, confidence limits, numerator, denominator and status.
 * Columns sort on their header buttons; an area's name button selects it.
 * `figureRowText` and `sortFigures` are pure and shared with the tests.
 */
import type { AreaFigure } from '../api/client.ts';
import { decimalsFor, formatCount, formatNumber } from '../format/numbers.ts';

export type FigureColumn = 'area' | 'name' | 'value' | 'lower' | 'upper' | 'numerator' | 'denominator' | 'status';
export type SortDirection = 'ascending' | 'descending';

export interface FigureRowText {
  area: string;
  name: string;
  value: string;
  lower: string;
  upper: string;
  numerator: string;
  denominator: string;
  status: string;
}

/** Decimal places shared by one set of figures' values and confidence limits. */
export function decimalsForFigures(figures: readonly AreaFigure[]): number {
  return decimalsFor(figures.flatMap((figure) => [figure.value, figure.lower, figure.upper]));
}

/** What the status column says about a figure. */
export function figureStatus(figure: AreaFigure): string {
  if (figure.suppressed) {
    return figure.suppressionReason ? `Withheld: ${figure.suppressionReason}` : 'Withheld';
  }
  return figure.value === null ? 'No data' : 'Published';
}

/** The text of each cell of a figure's row, as the table shows it. */
export function figureRowText(figure: AreaFigure, decimals: number): FigureRowText {
  return {
    area: figure.area,
    name: figure.name,
    value: figure.suppressed ? 'Withheld' : formatNumber(figure.value, decimals),
    lower: formatNumber(figure.lower, decimals),
    upper: formatNumber(figure.upper, decimals),
    numerator: formatCount(figure.numerator),
    denominator: formatCount(figure.denominator),
    status: figureStatus(figure),
  };
}

const NUMERIC_COLUMNS: ReadonlySet<FigureColumn> = new Set(['value', 'lower', 'upper', 'numerator', 'denominator']);

function sortKey(figure: AreaFigure, column: FigureColumn): number | string | null {
  switch (column) {
    case 'area':
      return figure.area;
    case 'name':
      return figure.name;
    case 'status':
      return figureStatus(figure);
    case 'value':
      return figure.suppressed ? null : figure.value;
    default:
      return figure[column];
  }
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Figures sorted by `column`; missing and withheld figures always last. */
export function sortFigures(figures: readonly AreaFigure[], column: FigureColumn, direction: SortDirection): AreaFigure[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...figures].sort((a, b) => {
    const left = sortKey(a, column);
    const right = sortKey(b, column);
    if (left === null || right === null) {
      if (left === right) return collator.compare(a.name, b.name);
      return left === null ? 1 : -1;
    }
    const order =
      typeof left === 'number' && typeof right === 'number' ? left - right : collator.compare(String(left), String(right));
    return order === 0 ? collator.compare(a.name, b.name) : sign * order;
  });
}

interface ColumnSpec {
  key: FigureColumn;
  heading: string;
}

export interface FiguresTableData {
  caption: string;
  unit: string;
  figures: readonly AreaFigure[];
  decimals: number;
}

export interface FiguresTableOptions {
  onSelect(areaCode: string): void;
}

export class FiguresTable {
  readonly #table: HTMLTableElement;
  readonly #caption: HTMLTableCaptionElement;
  readonly #headRow: HTMLTableRowElement;
  readonly #body: HTMLTableSectionElement;
  readonly #options: FiguresTableOptions;
  #data: FiguresTableData | null = null;
  #sortColumn: FigureColumn = 'name';
  #sortDirection: SortDirection = 'ascending';
  #selected: string | null = null;

  constructor(container: HTMLElement, options: FiguresTableOptions) {
    this.#options = options;
    this.#table = document.createElement('table');
    this.#table.className = 'figures-table';
    this.#caption = this.#table.createCaption();
    this.#caption.id = 'figures-table-caption';
    this.#headRow = this.#table.createTHead().insertRow();
    this.#body = this.#table.createTBody();
    const scroller = document.createElement('div');
    scroller.className = 'table-scroller';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-labelledby', this.#caption.id);
    scroller.append(this.#table);
    container.replaceChildren(scroller);
  }

  show(data: FiguresTableData): void {
    this.#data = data;
    this.#render();
  }

  /** Mark the row of `areaCode` as the current area (null for none). */
  select(areaCode: string | null): void {
    this.#selected = areaCode;
    for (const row of this.#body.rows) {
      if (row.dataset.area === areaCode) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  #columns(unit: string): ColumnSpec[] {
    return [
      { key: 'area', heading: 'Area code' },
      { key: 'name', heading: 'Area name' },
      { key: 'value', heading: `Value (${unit})` },
      { key: 'lower', heading: 'Lower confidence limit' },
      { key: 'upper', heading: 'Upper confidence limit' },
      { key: 'numerator', heading: 'Numerator' },
      { key: 'denominator', heading: 'Denominator' },
      { key: 'status', heading: 'Status' },
    ];
  }

  #sortBy(column: FigureColumn): void {
    if (this.#sortColumn === column) {
      this.#sortDirection = this.#sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.#sortColumn = column;
      this.#sortDirection = NUMERIC_COLUMNS.has(column) ? 'descending' : 'ascending';
    }
    this.#render();
    this.#headRow.querySelector<HTMLButtonElement>(`button[data-column="${column}"]`)?.focus();
  }

  #render(): void {
    const data = this.#data;
    if (data === null) return;
    this.#caption.textContent = data.caption;
    const columns = this.#columns(data.unit);
    this.#headRow.replaceChildren(
      ...columns.map((column) => {
        const cell = document.createElement('th');
        cell.scope = 'col';
        if (NUMERIC_COLUMNS.has(column.key)) cell.className = 'numeric';
        const sorted = this.#sortColumn === column.key;
        if (sorted) cell.setAttribute('aria-sort', this.#sortDirection);
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'sort-button';
        button.dataset.column = column.key;
        button.textContent = column.heading;
        const indicator = document.createElement('span');
        indicator.className = 'sort-indicator';
        indicator.setAttribute('aria-hidden', 'true');
        indicator.textContent = sorted ? (this.#sortDirection === 'ascending' ? ' ▲' : ' ▼') : '';
        button.append(indicator);
        button.addEventListener('click', () => this.#sortBy(column.key));
        cell.append(button);
        return cell;
      }),
    );
    const rows = sortFigures(data.figures, this.#sortColumn, this.#sortDirection).map((figure) =>
      this.#row(figure, figureRowText(figure, data.decimals)),
    );
    this.#body.replaceChildren(...rows);
    this.select(this.#selected);
  }

  #row(figure: AreaFigure, text: FigureRowText): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.area = figure.area;
    if (figure.suppressed) row.classList.add('is-withheld');
    const cell = (content: string, className?: string): HTMLTableCellElement => {
      const td = document.createElement('td');
      td.textContent = content;
      if (className) td.className = className;
      return td;
    };
    const nameCell = document.createElement('th');
    nameCell.scope = 'row';
    const nameButton = document.createElement('button');
    nameButton.type = 'button';
    nameButton.className = 'area-button';
    nameButton.textContent = text.name;
    nameButton.addEventListener('click', () => this.#options.onSelect(figure.area));
    nameCell.append(nameButton);
    row.append(
      cell(text.area, 'code'),
      nameCell,
      cell(text.value, 'numeric'),
      cell(text.lower, 'numeric'),
      cell(text.upper, 'numeric'),
      cell(text.numerator, 'numeric'),
      cell(text.denominator, 'numeric'),
      cell(text.status, 'status'),
    );
    return row;
  }
}
