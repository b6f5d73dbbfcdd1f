/**
 * The indicator, level and period controls: filled from the catalogue and
 * kept in step with the view being shown.
 */
import type { Indicator } from '../api/client.ts';
import { LEVEL_LABELS, MAP_LEVELS, mapLevelsOf } from './view-state.ts';
import type { MapLevel, ViewState } from './view-state.ts';

export interface ControlElements {
  indicator: HTMLSelectElement;
  level: HTMLSelectElement;
  period: HTMLSelectElement;
}

/** Indicators grouped by theme, themes in the order they first appear. */
export function groupByTheme(indicators: readonly Indicator[]): Map<string, Indicator[]> {
  const groups = new Map<string, Indicator[]>();
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

export function fillIndicatorOptions(select: HTMLSelectElement, indicators: readonly Indicator[]): void {
  const groups = [...groupByTheme(indicators.filter((indicator) => mapLevelsOf(indicator).length > 0))].map(
    ([theme, members]) => {
      const group = document.createElement('optgroup');
      group.label = theme;
      group.append(...members.map((indicator) => option(indicator.id, indicator.title)));
      return group;
    },
  );
  select.replaceChildren(...groups);
}

/** Show `view` in the controls: the indicator's levels and periods, the chosen ones selected. */
export function showViewInControls(controls: ControlElements, indicator: Indicator, view: ViewState): void {
  controls.indicator.value = view.indicator;
  const available = new Set<MapLevel>(mapLevelsOf(indicator));
  controls.level.replaceChildren(
    ...MAP_LEVELS.map((level) => {
      const element = option(level, LEVEL_LABELS[level]);
      element.disabled = !available.has(level);
      return element;
    }),
  );
  controls.level.value = view.level;
  // Newest first: the latest period is the one most people want.
  controls.period.replaceChildren(...[...indicator.periods].reverse().map((period) => option(period.id, period.label)));
  controls.period.value = view.period;
}
