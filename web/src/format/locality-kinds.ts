/**
 * Localities (named groups of LSOAs such as neighbourhood policing teams or
 * primary care networks) come in kinds that overlap: every LSOA is in one
 * locality of each kind. The kinds are read from the locality geography, so
 * nothing here knows the pilot's; these helpers list them and name them.
 */
import type { AreaCollection } from '../api/client.ts';

/** A kind of locality as the geography names it (the name is plural, e.g. "Primary care networks"). */
export interface LocalityKind {
  id: string;
  name: string;
}

/** The kinds of the localities in `collection`, in the order they first appear. */
export function localityKindsOf(collection: AreaCollection): LocalityKind[] {
  const kinds = new Map<string, LocalityKind>();
  for (const feature of collection.features) {
    const kind = feature.properties.kind;
    if (kind !== undefined && !kinds.has(kind.id)) kinds.set(kind.id, { id: kind.id, name: kind.name });
  }
  return [...kinds.values()];
}

/** The features of `collection` of kind `kindId` only. */
export function featuresOfKind(collection: AreaCollection, kindId: string): AreaCollection {
  return { type: 'FeatureCollection', features: collection.features.filter((feature) => feature.properties.kind?.id === kindId) };
}

/** One of a kind, from its plural name: "Primary care networks" → "Primary care network", "Communities" → "Community". */
export function singularKindName(name: string): string {
  const trimmed = name.trim();
  if (/ies$/i.test(trimmed)) return `${trimmed.slice(0, -3)}y`;
  if (/[^s]s$/i.test(trimmed)) return trimmed.slice(0, -1);
  return trimmed;
}

/** The singular name as it reads inside a sentence: "by primary care network" (a leading acronym such as "NHS" is kept). */
export function kindPhrase(name: string): string {
  return inSentence(singularKindName(name));
}

/** The plural name as it reads inside a sentence: "most primary care networks". */
export function kindPluralPhrase(name: string): string {
  return inSentence(name.trim());
}

function inSentence(words: string): string {
  return /^[A-Z]{2}/.test(words) ? words : words.charAt(0).toLowerCase() + words.slice(1);
}
