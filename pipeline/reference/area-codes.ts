/**
 * The shapes of area codes, shared with the API contract (so it imports nothing but zod):
 * GSS codes of the census geographies, and the partnership's own locality codes.
 */
import { z } from 'zod';

/** A GSS code of England or Wales (E01… LSOA, E05… ward, E06–E09… local authority). */
export const gssCode = z.string().regex(/^[EW]0[0-9]{7}$/, 'is not a GSS area code');

// Locality codes live beside GSS codes in the area table and in URLs: lower case words, never a GSS shape.
/** A locality's code (datasets/<partnership>/localities.json). */
export const localityCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{2,39}$/, 'must be 3 to 40 lower case letters, digits and dashes, starting with a letter');
