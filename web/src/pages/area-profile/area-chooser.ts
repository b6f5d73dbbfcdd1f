/**
 * `/areas`: the areas that have a profile, from the boundaries the
 * observatory holds: local authorities and wards as lists, LSOAs grouped by
 * local authority name, each a link to its profile; localities grouped by
 * their kind (policing teams, care networks…), as the geography names them.
 */
import type { ApiClient, AreaCollection } from '../../api/client.ts';
import { el, link } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { featuresOfKind, localityKindsOf } from '../../format/locality-kinds.ts';

function areaList(areas: AreaCollection, className: string): HTMLElement {
  const list = el('ul', className);
  const sorted = [...areas.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB'));
  for (const feature of sorted) {
    const item = el('li');
    item.append(link(`/areas/${encodeURIComponent(feature.properties.code)}`, feature.properties.name));
    list.append(item);
  }
  return list;
}

/** Put the list of areas into `root`. */
export async function mountAreaChooser(root: HTMLElement, api: ApiClient): Promise<void> {
  document.title = 'Area profiles – Neighbourhood Observatory';
  root.replaceChildren(el('h1', 'page-title', 'Area profiles'), el('p', null, 'Choose an area to see every indicator for it beside its local authority and the partnership.'));
  try {
    const [districts, wards, lsoas, localities] = await Promise.all([
      api.geography('lad'),
      api.geography('ward'),
      api.geography('lsoa'),
      api.geography('locality'),
    ]);
    const sections: Array<[string, HTMLElement]> = [
      ['Local authorities', areaList(districts, 'area-list')],
      ...localityKindsOf(localities).map((kind): [string, HTMLElement] => [kind.name, areaList(featuresOfKind(localities, kind.id), 'area-list')]),
      ['Wards', areaList(wards, 'area-list area-list-columns')],
      ['LSOAs (neighbourhoods)', areaList(lsoas, 'area-list area-list-columns')],
    ];
    for (const [title, list] of sections) {
      const details = el('details', 'area-group');
      if (title !== 'LSOAs (neighbourhoods)') details.open = true;
      details.append(el('summary', null, `${title} (${list.children.length})`), list);
      root.append(details);
    }
    setPageState('ready');
  } catch (error) {
    showPageError(root, error);
  }
}
