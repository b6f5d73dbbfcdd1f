import { z } from 'zod';

/** The fixed roles of DESIGN.md §6; partners are `partner:<partner-id>`. */
export const FIXED_ROLES = ['admin', 'analyst', 'executive', 'public'] as const;

/** A role as stored and as agreements name it. */
export const roleSchema = z.union([
  z.enum(FIXED_ROLES),
  z.templateLiteral(['partner:', z.string().regex(/^[a-z0-9-]+$/)]),
], { message: 'must be admin, analyst, executive, public or partner:<partner-id>' });

export type Role = z.infer<typeof roleSchema>;

/** The partner id of a `partner:<id>` role, or null for the other roles. */
export function partnerOfRole(role: Role): string | null {
  return role.startsWith('partner:') ? role.slice('partner:'.length) : null;
}

/** A user's name: letters, digits, dots, dashes and underscores, starting with a letter or digit. */
export const userNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
