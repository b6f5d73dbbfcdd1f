/**
 * What the board's own views add to "What needs attention": the priorities that are red (off track and
 * not improving) and the risks scored red or risen at their latest review, in words, for the report's
 * cover and anywhere else a one-page summary is wanted.
 */
import type { PriorityList, RiskList } from '../api/client.ts';

/** One line per kind of concern, none when nothing needs attention. */
export function boardAttention(priorities: PriorityList | null, risks: RiskList | null): string[] {
  const lines: string[] = [];
  const red = priorities?.priorities.filter((priority) => priority.rag === 'red') ?? [];
  if (red.length > 0) lines.push(`Priorities off track and not improving (red): ${red.map((priority) => priority.title).join('; ')}.`);
  const redRisks = risks?.risks.filter((risk) => risk.current.rag === 'red') ?? [];
  if (redRisks.length > 0) lines.push(`Risks scored red: ${redRisks.map((risk) => `${risk.title} (${risk.current.score})`).join('; ')}.`);
  const risen = risks?.risks.filter((risk) => risk.current.movement === 'up') ?? [];
  if (risen.length > 0) lines.push(`Risks that rose at their latest review: ${risen.map((risk) => `${risk.title} (${risk.current.previousScore} to ${risk.current.score})`).join('; ')}.`);
  return lines;
}
