/** A small element builder: text goes in as text nodes, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

const RAG_WORDS: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red', 'not-assessed': 'Not assessed' };

/** A RAG status as a badge: coloured, and always with its word, so colour is never the only cue. */
export function ragBadge(rag: string, detail?: string): HTMLElement {
  return el('span', { class: `rag rag-${rag}`, 'data-rag': rag }, RAG_WORDS[rag] ?? rag, detail ? ` ${detail}` : null);
}

/** A number to a fixed number of decimals, or an en dash for none. */
export function fixed(value: number | null | undefined, decimals = 1): string {
  return value === null || value === undefined ? '–' : value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
