/** The partnership's board files, loaded and checked together at start-up. */
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import type { Intervention } from './intervention-schema.ts';
import { loadInterventions, type LocalityKinds } from './interventions.ts';
import { loadPriorities, type Priority } from './priorities.ts';
import { loadRiskRegister, type RiskRegister } from './risks.ts';

export type BoardDefinitions = { priorities: Priority[]; risks: RiskRegister; interventions: Intervention[] };

/** Reads priorities.json, risks.json and interventions.json of a partnership folder (each optional), given its localities' kinds. */
export function loadBoardDefinitions(partnershipDir: string, definitions: readonly IndicatorDefinition[], localityKinds: LocalityKinds): BoardDefinitions {
  const priorities = loadPriorities(partnershipDir, definitions);
  const risks = loadRiskRegister(partnershipDir, definitions, new Set(priorities.map((p) => p.id)));
  const interventions = loadInterventions(partnershipDir, definitions, localityKinds);
  return { priorities, risks, interventions };
}
