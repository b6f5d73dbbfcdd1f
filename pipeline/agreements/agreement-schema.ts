import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD');

const fieldType = z.enum(['string', 'integer', 'number', 'boolean', 'date', 'datetime']);

const role = z.union([
  z.enum(['admin', 'analyst', 'executive', 'public']),
  z.string().regex(/^partner:[a-z0-9-]+$/, 'must be admin, analyst, executive, public or partner:<id>'),
]);

/** A data-sharing agreement between the partnership and one partner for one dataset (DESIGN.md §3). */
export const agreementSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, dots, dashes'),
    version: z.string().regex(/^\d+(\.\d+)*$/, 'must be a version number like 1 or 1.2'),
    partner: z.string().regex(/^[a-z0-9-]+$/),
    partnerName: z.string().min(1),
    dataset: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_]+$/, 'must be partner.dataset'),
    purpose: z.string().min(20, 'must say what the data is for (at least 20 characters)'),
    lawfulBasis: z.string().min(5),
    signatories: z
      .array(z.object({ name: z.string().min(1), role: z.string().min(1), organisation: z.string().min(1), signedOn: isoDate }))
      .min(2, 'needs at least two signatories (the partner and the partnership)'),
    validFrom: isoDate,
    validTo: isoDate,
    /** When the signatories have agreed to review it (optional: older agreements name none). */
    reviewOn: isoDate.optional(),
    fields: z.object({
      kept: z.array(z.object({ name: z.string().min(1), type: fieldType })).min(1),
      dropped: z.array(z.string().min(1)),
      pseudonymised: z.array(z.object({ name: z.string().min(1), type: fieldType })),
    }),
    geography: z.object({ finest: z.enum(['lsoa', 'ward', 'lad']) }),
    suppression: z.object({
      threshold: z.number().int().min(0).max(100),
      rounding: z.object({ base: z.number().int().min(2) }).nullable(),
    }),
    retentionDays: z.number().int().positive(),
    access: z.object({ rawRows: z.array(role), aggregates: z.array(role) }),
  })
  .superRefine((agreement, ctx) => {
    if (agreement.validTo < agreement.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'is before validFrom' });
    }
    if (!agreement.dataset.startsWith(`${agreement.partner}.`)) {
      ctx.addIssue({ code: 'custom', path: ['dataset'], message: `must belong to partner "${agreement.partner}"` });
    }
    const seen = new Set<string>();
    const all = [
      ...agreement.fields.kept.map((f) => f.name),
      ...agreement.fields.dropped,
      ...agreement.fields.pseudonymised.map((f) => f.name),
    ];
    for (const name of all) {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['fields'], message: `field "${name}" is listed twice` });
      seen.add(name);
    }
  });

export type Agreement = z.infer<typeof agreementSchema>;
