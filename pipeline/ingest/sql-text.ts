/**
 * SQL expressions that treat text exactly as the TypeScript parsers do, so
 * DuckDB can validate and store values in bulk with the same results:
 * String.prototype.trim's whitespace, and JSON.stringify's escaping.
 * Each takes a column expression built by the caller from whitelisted names.
 */

/** The code points String.prototype.trim removes (WhiteSpace and LineTerminator in ECMA-262). */
export const JS_WHITESPACE_CODE_POINTS: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];

/** The whitespace set as a constant SQL string (chr() keeps control characters out of the SQL text). */
const WHITESPACE = `(${JS_WHITESPACE_CODE_POINTS.map((code) => `chr(${code})`).join(' || ')})`;

/**
 * True when a code point is JavaScript whitespace. Printable ASCII and Latin-1
 * are settled by a range test; the rest by list_contains. Not `IN (…)`: DuckDB
 * plans a long IN list as a join, and a join loses the row order the stage's
 * rowids stand for.
 */
function sqlIsWhitespaceCode(code: string): string {
  return `CASE WHEN ${code} > 32 AND ${code} < 160 THEN false ELSE list_contains([${JS_WHITESPACE_CODE_POINTS.join(', ')}], ${code}) END`;
}

/** True when the value starts or ends with whitespace, i.e. trim would change it; cheap, because most values do not. */
export function sqlNeedsTrim(column: string): string {
  return `(${sqlIsWhitespaceCode(`ascii(${column})`)} OR ${sqlIsWhitespaceCode(`ascii(${column}[-1])`)})`;
}

/** The value trimmed as JavaScript trims it, and NULL when nothing is left (optionalTextSchema). */
export function sqlTrimmedOrNull(column: string): string {
  return `CASE WHEN ${sqlNeedsTrim(column)} THEN nullif(trim(${column}, ${WHITESPACE}), '') ELSE nullif(${column}, '') END`;
}

/**
 * The same as sqlTrimmedOrNull for a file whose only whitespace at the edge of a value can be the
 * space (the byte scan found no other kind): two byte comparisons instead of decoding characters.
 */
export function sqlSpaceTrimmedOrNull(column: string): string {
  return `CASE WHEN starts_with(${column}, ' ') OR ends_with(${column}, ' ') THEN nullif(trim(${column}, ${WHITESPACE}), '') ELSE nullif(${column}, '') END`;
}

/** The value trimmed as JavaScript trims it (for values known to be present). */
export function sqlTrimmed(column: string): string {
  return `CASE WHEN ${sqlNeedsTrim(column)} THEN trim(${column}, ${WHITESPACE}) ELSE ${column} END`;
}

/** The value trimmed as JavaScript trims it, unconditionally. */
export function sqlJsTrim(column: string): string {
  return `trim(${column}, ${WHITESPACE})`;
}

/**
 * True when nothing is left of the value once trimmed (requiredTextSchema fails); NULL counts as empty.
 * A value that does not start with whitespace is settled without trimming it.
 */
export function sqlIsBlank(column: string): string {
  return `(CASE WHEN ${column} IS NULL OR ${column} = '' THEN true WHEN NOT ${sqlIsWhitespaceCode(`ascii(${column})`)} THEN false ELSE trim(${column}, ${WHITESPACE}) = '' END)`;
}

/** JSON.stringify's escape for a control character: the short forms, else \u00xx in lower case. */
function jsonEscape(code: number): string {
  const short: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
  return short[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The value as JSON.stringify writes a string. DuckDB's to_json escapes the
 * same characters the same way except nine control characters, which it
 * writes with upper-case hex; values holding one of those (rare) are escaped
 * by hand: backslash first, so the escapes added later are not escaped again.
 */
export function sqlJsonString(column: string): string {
  let escaped = `replace(replace(${column}, '\\', '\\\\'), '"', '\\"')`;
  for (let code = 0x01; code < 0x20; code++) escaped = `replace(${escaped}, chr(${code}), '${jsonEscape(code)}')`;
  return `CASE WHEN regexp_matches(${column}, '[\\x0B\\x0E\\x0F\\x1A-\\x1F]') THEN '"' || ${escaped} || '"' ELSE to_json(${column})::VARCHAR END`;
}
