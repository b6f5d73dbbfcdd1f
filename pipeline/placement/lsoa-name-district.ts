/**
 * ONS names every LSOA after its local authority district and MSOA: "Preston 001A" is LSOA A
 * of MSOA 001 in Preston. The district part names where a record lies when its point or code is
 * outside the partnership, so such rows can be counted by district without keeping them.
 */
const LSOA_NAME = /^(.*\S)\s+\d{3}[A-Z]$/;

/** The district an LSOA name belongs to ("Blackburn with Darwen 012C" → "Blackburn with Darwen"), or null when the name is not in that form. */
export function districtOfLsoaName(name: string | null): string | null {
  if (name === null) return null;
  return LSOA_NAME.exec(name.trim())?.[1] ?? null;
}
