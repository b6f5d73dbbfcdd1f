/** Entry point of the map page. */
import { createApiClient } from './api/client.ts';
import { MapPage } from './page/map-page.ts';
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

void page.start();
