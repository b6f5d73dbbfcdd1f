/**
 * What the board pages (/priorities, /risks, /interventions) share: their own small navigation
 * above the page, the page state, RAG badges and fixed-decimal numbers.
 */
import { el } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import './boards.css';

const BOARD_PAGES = [
  { page: 'priorities', href: '/priorities', label: 'Priorities' },
  { page: 'risks', href: '/risks', label: 'Risk register' },
  { page: 'interventions', href: '/interventions', label: 'Evidence of success' },
] as const;

/** Which board page is shown. */
export type BoardPage = (typeof BOARD_PAGES)[number]['page'];

/** Draws the board navigation with `current` marked, then the page that `show` draws into its own container. */
export async function mountBoardPage(root: HTMLElement, current: BoardPage, show: (container: HTMLElement) => Promise<void>): Promise<void> {
  const nav = el(
    'nav',
    { class: 'board-nav', 'aria-label': 'Board pages' },
    el('ul', {}, ...BOARD_PAGES.map((p) => el('li', {}, el('a', p.page === current ? { href: p.href, 'aria-current': 'page' } : { href: p.href }, p.label)))),
  );
  const board = el('div', { id: 'board' });
  root.replaceChildren(nav, board);
  try {
    await show(board);
    // The page is drawn after it loads, so the browser could not scroll to a linked part (#priority-…, #risk-…) itself.
    const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    target?.scrollIntoView();
    setPageState('ready');
  } catch (error) {
    showPageError(board, error);
  }
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
