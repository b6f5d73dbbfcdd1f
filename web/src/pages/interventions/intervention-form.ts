/**
 * The form analysts record an intervention with (POST /api/interventions): what it was, the areas it
 * covered (wards, LSOAs, or localities of one kind), when it ran, what it meant to move and what to
 * compare it with. The server checks everything; its refusal is shown as it words it.
 */
import { z } from 'zod';
import { AreaCollection, IndicatorList, InterventionDetail, type NewIntervention } from '../../../../server/contract/index.ts';
import { el } from '../../components/dom.ts';

const LEVELS = [
  { level: 'ward', label: 'Wards' },
  { level: 'lsoa', label: 'LSOAs (neighbourhoods)' },
  { level: 'locality', label: 'Localities (policing teams, care networks…)' },
] as const;

/** The chosen areas as the API takes them (the level is the select's, so one of the three). */
function areasOf(level: string, codes: string[]): NewIntervention['areas'] {
  return level === 'locality' ? { level: 'locality', codes } : { level: level === 'lsoa' ? 'lsoa' : 'ward', codes };
}

const Problem = z.object({ detail: z.string() });

async function getJson<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  const response = await fetch(path, { headers: { accept: 'application/json, application/geo+json' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return schema.parse(await response.json());
}

/** A labelled control: the label names it, an optional hint describes it. */
function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'form-field' }, el('label', { for: id }, label), hint ? el('p', { class: 'meta', id: `${id}-hint` }, hint) : null, control);
}

/** The areas of a level as options: localities grouped by their kind, so one kind is chosen at a time. */
function areaOptions(select: HTMLSelectElement, areas: AreaCollection): void {
  const features = [...areas.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name));
  const kinds = new Map<string, HTMLOptGroupElement>();
  const options: HTMLElement[] = [];
  for (const f of features) {
    const option = el('option', { value: f.properties.code }, f.properties.name);
    const kind = f.properties.kind;
    if (!kind) {
      options.push(option);
      continue;
    }
    let group = kinds.get(kind.id);
    if (!group) {
      group = el('optgroup', { label: kind.name });
      kinds.set(kind.id, group);
      options.push(group);
    }
    group.append(option);
  }
  select.replaceChildren(...options);
}

/** Renders the form; on success it calls `created` with the new intervention's id. */
export async function renderInterventionForm(container: HTMLElement, created: (id: string) => void): Promise<void> {
  const { indicators } = await getJson('/api/indicators', IndicatorList);
  const counted = indicators.filter((i) => i.grain !== 'reference' && i.grain !== 'rolling-12-months' && i.withdrawn === null);

  const title = el('input', { type: 'text', required: '', minlength: '3' });
  const id = el('input', { type: 'text', required: '', pattern: '[a-z0-9][a-z0-9\\-]{0,62}' });
  const description = el('textarea', { required: '', minlength: '10', rows: '3' });
  const lead = el('input', { type: 'text' });
  const level = el('select', {}, ...LEVELS.map((l) => el('option', { value: l.level }, l.label)));
  const areas = el('select', { multiple: '', required: '', size: '8' });
  const start = el('input', { type: 'month', required: '', placeholder: 'YYYY-MM' });
  const end = el('input', { type: 'month', placeholder: 'YYYY-MM' });
  const chosen = el('select', { multiple: '', required: '', size: '6' }, ...counted.map((i) => el('option', { value: i.id }, i.title)));
  const comparison = el(
    'select',
    {},
    el('option', { value: 'rest-of-partnership' }, 'The rest of the partnership (for localities: the other localities of their kind)'),
    el('option', { value: 'matched' }, 'Areas matched on deprivation (IMD 2025) and the baseline rate'),
  );
  const message = el('p', { role: 'alert', class: 'form-message' });
  const submit = el('button', { type: 'submit' }, 'Record and evaluate');

  title.addEventListener('input', () => {
    if (id.dataset.edited !== 'yes') id.value = title.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63);
  });
  id.addEventListener('input', () => (id.dataset.edited = 'yes'));
  const loadAreas = async () => {
    areas.replaceChildren();
    areaOptions(areas, await getJson(`/api/geographies/${level.value}`, AreaCollection));
  };
  level.addEventListener('change', () => {
    loadAreas().catch((error: unknown) => (message.textContent = error instanceof Error ? error.message : String(error)));
  });

  const form = el(
    'form',
    { class: 'intervention-form', 'aria-labelledby': 'new-intervention' },
    el('h2', { id: 'new-intervention' }, 'Record an intervention'),
    field('intervention-title', 'Title', title),
    field('intervention-id', 'Short id', id, 'Lower case letters, digits and dashes; it names the intervention’s page.'),
    field('intervention-description', 'What was done', description),
    field('intervention-lead', 'Led by (optional)', lead),
    field('intervention-level', 'Areas covered are', level),
    field('intervention-areas', 'Areas covered', areas, 'Choose one or more (Ctrl or ⌘ to choose several). Localities must all be of one kind: they are compared with the other localities of that kind.'),
    field('intervention-start', 'First month', start),
    field('intervention-end', 'Last month (empty while it runs)', end),
    field('intervention-indicators', 'Indicators it meant to move', chosen),
    field('intervention-comparison', 'Compare with', comparison),
    submit,
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: NewIntervention = {
      id: id.value.trim(),
      title: title.value.trim(),
      description: description.value.trim(),
      ...(lead.value.trim() ? { lead: lead.value.trim() } : {}),
      areas: areasOf(level.value, [...areas.selectedOptions].map((o) => o.value)),
      start: start.value,
      ...(end.value ? { end: end.value } : {}),
      indicators: [...chosen.selectedOptions].map((o) => o.value),
      comparison: comparison.value === 'matched' ? 'matched' : 'rest-of-partnership',
    };
    submit.disabled = true;
    message.textContent = 'Recording…';
    post(body).then(
      (newId) => created(newId),
      (error: unknown) => {
        submit.disabled = false;
        message.textContent = error instanceof Error ? error.message : String(error);
      },
    );
  });
  container.append(form);
  await loadAreas();
}

async function post(body: NewIntervention): Promise<string> {
  const response = await fetch('/api/interventions', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  const answer: unknown = await response.json();
  if (!response.ok) {
    const problem = Problem.safeParse(answer);
    throw new Error(problem.success ? `Not recorded: ${problem.data.detail}` : `Not recorded: the server answered ${response.status}.`);
  }
  return InterventionDetail.parse(answer).intervention.id;
}
