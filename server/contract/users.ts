/** Users and tokens as the admin API answers them: never a hash, a secret only once at issue. */
import { z } from 'zod';

export const UserListing = z
  .object({ name: z.string(), role: z.string(), disabled: z.boolean(), hasPassword: z.boolean(), activeTokens: z.number().int(), createdAt: z.string() })
  .meta({ id: 'UserListing' });
export type UserListing = z.infer<typeof UserListing>;

export const UserList = z.object({ users: z.array(UserListing) }).meta({ id: 'UserList' });
export type UserList = z.infer<typeof UserList>;

export const NewUser = z
  .object({ name: z.string().max(64), role: z.string().max(80) })
  .strict()
  .meta({ id: 'NewUser', description: 'role: admin, analyst, executive, public or partner:<partner-id>.' });
export type NewUser = z.infer<typeof NewUser>;

export const User = z.object({ name: z.string(), role: z.string(), disabled: z.boolean() }).meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const NewToken = z
  .object({
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').nullable().optional(),
    label: z.string().max(80).nullable().optional().meta({ description: 'What the token is for (shown in the token list), at most 80 characters.' }),
  })
  .strict()
  .meta({ id: 'NewToken' });
export type NewToken = z.infer<typeof NewToken>;

export const IssuedToken = z
  .object({
    name: z.string(),
    role: z.string(),
    token: z.string().meta({ description: 'Shown only now; only its hash is kept.' }),
    expires: z.string().nullable(),
    id: z.string().meta({ description: 'The token’s id, as the token list shows it (the part after obs_).' }),
    label: z.string().nullable(),
  })
  .meta({ id: 'IssuedToken' });
export type IssuedToken = z.infer<typeof IssuedToken>;

export const TokenListing = z
  .object({
    id: z.string(),
    label: z.string().nullable(),
    createdAt: z.string(),
    expires: z.string().nullable().meta({ description: 'The last day it works (YYYY-MM-DD), or null for no end.' }),
    revokedAt: z.string().nullable(),
    status: z.enum(['live', 'expired', 'revoked']),
  })
  .meta({ id: 'TokenListing', description: 'A token as listed: never its secret or hash. When it was last used is not recorded (that would be a write on every request).' });
export type TokenListing = z.infer<typeof TokenListing>;

export const TokenList = z.object({ name: z.string(), tokens: z.array(TokenListing) }).meta({ id: 'TokenList' });
export type TokenList = z.infer<typeof TokenList>;

export const TokenParams = z.object({
  name: z.string().min(1).max(64).meta({ param: { name: 'name', in: 'path' }, example: 'demo-analyst' }),
  id: z.string().regex(/^[0-9a-f]{16}$/, 'is not a token id (16 hexadecimal characters)').meta({ param: { name: 'id', in: 'path' }, example: '0123456789abcdef' }),
});

export const UserNameParam = z.object({ name: z.string().min(1).max(64).meta({ param: { name: 'name', in: 'path' }, example: 'demo-analyst' }) });

/** The body of the CLI hand-off's password route: the password only ever travels here, in a JSON body. */
export const NewPassword = z.object({ password: z.string().min(1).max(1000) }).strict().meta({ id: 'NewPassword' });
export type NewPassword = z.infer<typeof NewPassword>;
