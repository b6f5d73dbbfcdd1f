/**
 * The page a signed-in user sees when the API refuses them something (403): it
 * says what they may not see and why, in the API's own words, and where to go
 * instead; never a half-drawn screen.
 */
import { el } from '../../components/dom.ts';
import { setPageState } from '../../components/page-state.ts';

/** Replaces the page with "You do not have access to {what}". */
export function showAccessRefused(root: HTMLElement, what: string, detail: string, ownPage: { href: string; text: string } | null): void {
  document.title = `No access – Neighbourhood Observatory`;
  root.replaceChildren(
    el(
      'section',
      { class: 'access-refused', 'aria-labelledby': 'refused-heading' },
      el('h1', { id: 'refused-heading' }, `You do not have access to ${what}`),
      el('p', {}, `The observatory refused this page: ${detail.replace(/\.?$/, '.')}`),
      el('p', {}, 'Each partner sees only its own agreements, extracts and usage. If you think you should see this, ask an administrator of the observatory.'),
      ownPage ? el('p', {}, el('a', { href: ownPage.href }, ownPage.text)) : null,
    ),
  );
  setPageState('forbidden');
}
