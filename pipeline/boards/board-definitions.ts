/** The partnership's board files, loaded and checked together at start-up. */
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { loadInterventions, type Intervention } from './interventions.ts';
import { loadPriorities, type Priority } from './priorities.ts';
import { loadRiskRegister, type RiskRegister } from './risks.ts';

export type BoardDefinitions = { priorities: Priority[]; risks: RiskRegister; interventions: Intervention[] };

/** Reads priorities.json, risks.json and interventions.json of a partnership folder (each optional). */
export function loadBoardDefinitions(partnershipDir: string, definitions: readonly IndicatorDefinition[]): BoardDefinitions {
  const priorities = loadPriorities(partnershipDir, definitions);
  const risks = loadRiskRegister(partnershipDir, definitions, new Set(priorities.map((p) => p.id)));
  const interventions = loadInterventions(partnershipDir, definitions);
  return { priorities, risks, interventions };
}
