/**
 * The map's controls: indicator, level, colour mode and classification
 * selects, and the period slider with its play button. Filled from the
 * catalogue and kept in step with the view being shown.
 */
import type { Indicator } from '../../api/client.ts';
import { CLASS_METHODS, CLASS_METHOD_LABELS } from '../../map/classify.ts';
import type { LocalityKind } from '../../format/locality-kinds.ts';
import { COLOUR_MODES, COLOUR_MODE_LABELS, levelChoiceValue, levelChoices, mapLevelsOf, parentPhrase } from './view-state.ts';
import type { MapLevel, ViewState } from './view-state.ts';

export interface ControlElements {
  indicator: HTMLSelectElement;
  level: HTMLSelectElement;
  mode: HTMLSelectElement;
  classes: HTMLSelectElement;
  period: HTMLInputElement;
  periodLabel: HTMLOutputElement;
  play: HTMLButtonElement;
}

/** Indicators grouped by theme, themes in the order they first appear. */
export function groupByTheme<T extends { theme: string }>(indicators: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const indicator of indicators) {
    const group = groups.get(indicator.theme);
    if (group === undefined) groups.set(indicator.theme, [indicator]);
    else group.push(indicator);
  }
  return groups;
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

/** Fill the selects whose options do not depend on the indicator. */
export function fillControls(controls: ControlElements, indicators: readonly Indicator[], kinds: readonly LocalityKind[]): void {
  const groups = [...groupByTheme(indicators.filter((indicator) => mapLevelsOf(indicator, kinds).length > 0))].map(([theme, members]) => {
    const group = document.createElement('optgroup');
    group.label = theme;
    group.append(...members.map((indicator) => option(indicator.id, indicator.title)));
    return group;
  });
  controls.indicator.replaceChildren(...groups);
  controls.mode.replaceChildren(...COLOUR_MODES.map((mode) => option(mode, COLOUR_MODE_LABELS[mode])));
  controls.classes.replaceChildren(...CLASS_METHODS.map((method) => option(method, CLASS_METHOD_LABELS[method])));
}

/** The index on the slider of `periodId` among the indicator's periods (oldest first). */
export function periodIndex(indicator: Indicator, periodId: string): number {
  return Math.max(0, indicator.periods.findIndex((period) => period.id === periodId));
}

/**
 * Show `view` in the controls: the indicator's levels (each kind of locality
 * a choice of its own) and periods, the chosen ones selected.
 */
export function showViewInControls(controls: ControlElements, indicator: Indicator, view: ViewState, kinds: readonly LocalityKind[]): void {
  controls.indicator.value = view.indicator;
  const available = new Set<MapLevel>(mapLevelsOf(indicator, kinds));
  controls.level.replaceChildren(
    ...levelChoices(kinds).map((choice) => {
      const element = option(choice.value, choice.label);
      element.disabled = !available.has(choice.level);
      return element;
    }),
  );
  controls.level.value = levelChoiceValue(view);
  // The parent of a local authority or a locality is the partnership: say so rather than "the parent area".
  const parent = controls.mode.querySelector<HTMLOptionElement>('option[value="parent"]');
  if (parent !== null) parent.textContent = `Compared with ${parentPhrase(view.level)} (95% CI)`;
  controls.mode.value = view.mode;
  controls.classes.value = view.classes;
  // Classes only apply when colouring by value.
  controls.classes.disabled = view.mode !== 'value';
  const index = periodIndex(indicator, view.period);
  const label = indicator.periods[index]?.label ?? view.period;
  controls.period.max = String(Math.max(0, indicator.periods.length - 1));
  controls.period.value = String(index);
  controls.period.disabled = indicator.periods.length < 2;
  controls.period.setAttribute('aria-valuetext', label);
  controls.periodLabel.value = label;
  controls.play.disabled = indicator.periods.length < 2;
}
