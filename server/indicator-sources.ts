import { datasetById } from '../pipeline/datasets/registry.ts';
import { sourceDatasets, type IndicatorDefinition } from '../pipeline/indicators/indicator-definition.ts';
import type { Source } from './contract/index.ts';
import type { ObservatoryState } from './observatory-state.ts';

/** Where the reference indicators come from (published statistics, not partner extracts). */
const REFERENCE_SOURCES = {
  'imd2025-score': {
    partner: 'mhclg',
    partnerName: 'Ministry of Housing, Communities and Local Government',
    dataset: 'imd2025',
    datasetTitle: 'English Indices of Deprivation 2025',
  },
  'imd2025-decile': {
    partner: 'mhclg',
    partnerName: 'Ministry of Housing, Communities and Local Government',
    dataset: 'imd2025',
    datasetTitle: 'English Indices of Deprivation 2025',
  },
  'population-65-plus-share': {
    partner: 'ons',
    partnerName: 'Office for National Statistics',
    dataset: 'census2021',
    datasetTitle: 'Census 2021 population by age',
  },
} as const satisfies Record<string, Source>;

/** The sources of an indicator as users know them: the partners' and the datasets' names beside their ids. */
export function sourcesOf(state: ObservatoryState, definition: IndicatorDefinition): Source[] {
  if (definition.kind === 'reference') return [REFERENCE_SOURCES[definition.source]];
  return sourceDatasets(definition, state.definitions).map((dataset) => {
    const agreement = state.agreements.find((a) => a.dataset === dataset);
    return {
      partner: agreement?.partner ?? dataset.split('.')[0] ?? dataset,
      partnerName: agreement?.partnerName ?? null,
      dataset,
      datasetTitle: datasetById(dataset)?.title ?? null,
    };
  });
}
