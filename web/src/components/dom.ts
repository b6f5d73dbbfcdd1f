/**
 * The web app's one DOM helper: elements built from a class name or attributes and children, text
 * always as text nodes, never as HTML.
 */

/**
 * An element: `classOrAttributes` is a class name (or null for none) or the element's attributes;
 * the children follow, strings as text (null and empty strings are skipped).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  classOrAttributes: string | null | Readonly<Record<string, string>> = null,
  ...children: ReadonlyArray<Node | string | null>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (typeof classOrAttributes === 'string') element.className = classOrAttributes;
  else if (classOrAttributes !== null) for (const [name, value] of Object.entries(classOrAttributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== '') element.append(child);
  return element;
}

/** A link. */
export function link(href: string, text: string, className?: string): HTMLAnchorElement {
  const anchor = el('a', className ?? null, text);
  anchor.href = href;
  return anchor;
}

/** A table's head: one row of column headers (`scope="col"`), each with the class `classOf` gives it, if any. */
export function tableHead(columns: readonly string[], classOf: (column: string, index: number) => string | null = () => null): HTMLTableSectionElement {
  const cells = columns.map((column, index) => {
    const th = el('th', classOf(column, index), column);
    th.scope = 'col';
    return th;
  });
  return el('thead', null, el('tr', null, ...cells));
}

/** Labels each cell of a row with its column's name (`data-label`), which a table stacked into cards on a phone (`stack-on-phone`) shows above the cell. */
export function labelCells(row: HTMLTableRowElement, columns: readonly string[]): void {
  [...row.cells].forEach((cell, index) => cell.setAttribute('data-label', columns[index] ?? ''));
}
