/** Entry point of the map page. */
import { createApiClient } from './api/client.ts';
import { MapPage } from './page/map-page.ts';
import { currentSession, signOut } from './sign-in/session-client.ts';
import './styles.css';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page has no #${id} ${type.name}`);
  return found;
}

const page = new MapPage(createApiClient(), {
  controls: {
    indicator: element('indicator-select', HTMLSelectElement),
    level: element('level-select', HTMLSelectElement),
    period: element('period-select', HTMLSelectElement),
  },
  status: element('status', HTMLElement),
  error: element('error', HTMLElement),
  title: element('indicator-title', HTMLElement),
  description: element('indicator-description', HTMLElement),
  sources: element('indicator-sources', HTMLElement),
  notice: element('indicator-notice', HTMLElement),
  map: element('map', HTMLElement),
  legend: element('legend', HTMLElement),
  details: element('details', HTMLElement),
  table: element('figures-table', HTMLElement),
});

/** Sends the browser to the sign-in page when the API needs a signed-in user, and adds a sign-out button when there is one. */
async function ensureSignedIn(): Promise<boolean> {
  const session = await currentSession();
  if (session.signedIn) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sign-out';
    button.textContent = `Sign out (${session.name})`;
    button.addEventListener('click', () => void signOut().then(() => window.location.assign('/sign-in')));
    document.querySelector('.site-header')?.append(button);
    return true;
  }
  if (session.publicAggregates) return true;
  window.location.replace(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  return false;
}

void ensureSignedIn().then(
  (ready) => (ready ? page.start() : undefined),
  // The session check failing (server down) is reported by the page's own first request.
  () => page.start(),
);
