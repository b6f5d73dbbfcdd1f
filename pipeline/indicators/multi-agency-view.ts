import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCheckedJsonFile } from '../checked-json.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import type { IndicatorDefinition } from './indicator-definition.ts';

/** datasets/<partnership>/multi-agency.json: which indicators the multi-agency view combines, and its method. */
export const multiAgencyConfigSchema = z.object({
  title: z.string().min(3),
  inputs: z.array(z.string()).min(2),
  method: z.string().min(20),
});
export type MultiAgencyConfig = z.infer<typeof multiAgencyConfigSchema>;

/** Loads and checks the view's configuration (inputs must be counted indicators of one grain). */
export function loadMultiAgencyConfig(partnershipDir: string, definitions: readonly IndicatorDefinition[]): MultiAgencyConfig | null {
  const file = join(partnershipDir, 'multi-agency.json');
  if (!existsSync(file)) return null;
  const config = readCheckedJsonFile(file, multiAgencyConfigSchema, (message, location, cause) => new IndicatorDefinitionError(message, location, { cause }));
  const grains = new Set<string>();
  for (const id of config.inputs) {
    const d = definitions.find((x) => x.id === id);
    if (!d || d.kind !== 'counted') throw new IndicatorDefinitionError(`input "${id}" is not a counted indicator`, { file, field: 'inputs' });
    grains.add(d.grain);
  }
  if (grains.size > 1) throw new IndicatorDefinitionError('inputs must share one period grain', { file, field: 'inputs' });
  return config;
}

export type MultiAgencyInput = { indicator: string; area: string; value: number | null; significance: string | null; suppressed: boolean };

export type MultiAgencyArea = {
  area: string;
  highDemand: string[];
  highDemandCount: number;
  composite: number | null;
  withheldInputs: string[];
  inputs: Record<string, { value: number | null; significance: string | null; zScore: number | null }>;
};

/** Counts significantly high inputs per area and computes the weighted z-score composite. */
export function combineInputs(inputs: readonly MultiAgencyInput[], weights: Readonly<Record<string, number>>): MultiAgencyArea[] {
  const ids = Object.keys(weights);
  const stats = new Map<string, { mean: number; sd: number }>();
  for (const id of ids) {
    const values = inputs.filter((i) => i.indicator === id && !i.suppressed && i.value !== null).map((i) => i.value as number);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(values.length - 1, 1);
    stats.set(id, { mean, sd: Math.sqrt(variance) });
  }
  const byArea = new Map<string, MultiAgencyInput[]>();
  for (const i of inputs) byArea.set(i.area, [...(byArea.get(i.area) ?? []), i]);
  const areas: MultiAgencyArea[] = [];
  for (const [area, own] of byArea) {
    let weighted = 0;
    let weightSum = 0;
    const result: MultiAgencyArea = { area, highDemand: [], highDemandCount: 0, composite: null, withheldInputs: [], inputs: {} };
    for (const id of ids) {
      const input = own.find((i) => i.indicator === id);
      const s = stats.get(id);
      if (!input || input.suppressed || input.value === null || !s) {
        result.withheldInputs.push(id);
        result.inputs[id] = { value: null, significance: null, zScore: null };
        continue;
      }
      const z = s.sd > 0 ? (input.value - s.mean) / s.sd : 0;
      result.inputs[id] = { value: input.value, significance: input.significance, zScore: z };
      if (input.significance === 'higher') result.highDemand.push(id);
      weighted += (weights[id] ?? 0) * z;
      weightSum += weights[id] ?? 0;
    }
    result.highDemandCount = result.highDemand.length;
    result.composite = weightSum > 0 ? weighted / weightSum : null;
    areas.push(result);
  }
  return areas.sort((a, b) => b.highDemandCount - a.highDemandCount || (b.composite ?? -Infinity) - (a.composite ?? -Infinity) || a.area.localeCompare(b.area));
}
