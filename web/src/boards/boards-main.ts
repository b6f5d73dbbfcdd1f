/**
 * Entry point of the board pages (boards.html): #priorities, #risks, #interventions and
 * #interventions/<id>. Each page is a show…Page function the dashboard can also mount.
 */
import { renderSiteNav } from '../components/site-nav.ts';
import { currentSession, signOut } from '../sign-in/session-client.ts';
import { el } from './dom.ts';
import { showInterventionPage } from './intervention-page.ts';
import { showPrioritiesPage } from './priorities-page.ts';
import { showRiskRegisterPage } from './risk-register-page.ts';
import '../styles.css';
import './boards.css';

const main = document.getElementById('board');
if (!(main instanceof HTMLElement)) throw new Error('The page has no #board element');
const board = main;

async function route(): Promise<void> {
  const [page = 'priorities', id = null] = location.hash.replace(/^#/, '').split('/');
  document.body.dataset.boardState = 'loading';
  for (const link of document.querySelectorAll('nav.board-nav a')) link.toggleAttribute('aria-current', link.getAttribute('href') === `#${page}`);
  try {
    if (page === 'risks') await showRiskRegisterPage(board);
    else if (page === 'interventions') await showInterventionPage(board, id, (i) => `#interventions/${encodeURIComponent(i)}`);
    else await showPrioritiesPage(board);
    document.body.dataset.boardState = 'ready';
  } catch (error) {
    board.replaceChildren(el('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    document.body.dataset.boardState = 'error';
  }
  board.focus();
}

function showError(error: unknown): void {
  board.replaceChildren(el('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
  document.body.dataset.boardState = 'error';
}

/** The board is for signed-in staff: shows the site navigation, or sends the browser to sign in. */
async function start(): Promise<void> {
  const session = await currentSession();
  if (!session.signedIn) {
    window.location.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.hash)}`);
    return;
  }
  const nav = document.getElementById('site-nav');
  if (nav !== null) renderSiteNav(nav, session, 'board', () => signOut().then(() => window.location.assign('/sign-in'), showError));
  window.addEventListener('hashchange', () => void route());
  await route();
}

start().catch(showError);
