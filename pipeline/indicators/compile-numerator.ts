import type { DuckDBValue } from '@duckdb/node-api';
import { datasetById } from '../datasets/registry.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import type { Condition, NumeratorPart } from './indicator-definition.ts';

export type CompiledQuery = { sql: string; params: Record<string, DuckDBValue> };

/**
 * Compiles one numerator part to parameterised SQL giving, per LSOA and month,
 * the count of matching rows and whether any matching count was withheld by the
 * sender. Field names are checked against the dataset module (identifiers
 * cannot be parameters); every value is a parameter.
 */
export function compileNumeratorPart(part: NumeratorPart, prefix: string): CompiledQuery {
  const module = datasetById(part.dataset);
  if (!module) throw new IndicatorDefinitionError(`unknown dataset "${part.dataset}"`, { field: 'numerator' });
  const storable = new Set(module.fields.filter((f) => f.storage !== undefined).map((f) => f.name));
  const params: Record<string, DuckDBValue> = {};
  let n = 0;
  const param = (value: string | number | boolean): string => {
    const name = `${prefix}${n++}`;
    params[name] = value;
    return `$${name}`;
  };
  const clause = (c: Condition): string => {
    if (!storable.has(c.field)) throw new IndicatorDefinitionError(`"${c.field}" is not a stored field of ${module.id}`, { field: 'where' });
    if ('equals' in c) return `${c.field} = ${param(c.equals)}`;
    if ('in' in c) return `${c.field} IN (${c.in.map(param).join(', ')})`;
    return `${c.field} NOT IN (${c.notIn.map(param).join(', ')})`;
  };
  const where = part.where.length ? part.where.map(clause).join('\n  AND ') : 'TRUE';
  const count = module.countColumn ? `coalesce(sum(${module.countColumn}), 0)` : 'count(*)';
  const withheld = module.countColumn ? `bool_or(${module.countColumn} IS NULL)` : 'false';
  const sql = `SELECT lsoa21_code, period, ${count}::BIGINT AS n, ${withheld} AS sender_withheld
FROM ${module.table}
WHERE ${where}
GROUP BY lsoa21_code, period`;
  return { sql, params };
}
