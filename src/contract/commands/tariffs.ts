// Tariffs and their versions (docs/domain.md §4): money in integer minor units, prices in integer
// milli-minor units per kWh (UGX 756.2/kWh is 756200), VAT in basis points (7.5% is 750). A price
// change is a new version with an effective date no earlier than the latest one, so bills already
// computed stay reproducible with the version that was in force.
import { z } from 'zod';
import { definitionIssues } from '../../domain/tariff';
import { defineCommand } from '../command';
import * as f from '../fields';

const supervisors = ['admin', 'manager'] as const;
const editors = ['admin', 'manager', 'clerk'] as const;

/** 1,000,000,000 minor units per kWh: far above any real price, and safe from overflow. */
const MAX_PRICE = 1_000_000_000_000;

const price = z
  .number()
  .int({ message: 'must be a whole number of milli-minor units per kWh' })
  .min(0, { message: 'must not be negative' })
  .max(MAX_PRICE, { message: `must be at most ${MAX_PRICE}` });

const wholeKwh = z
  .number()
  .int({ message: 'must be a whole number of kWh' })
  .min(1, { message: 'must be at least 1 kWh' })
  .max(1_000_000, { message: 'must be at most 1000000 kWh' });

export const vatBasisPoints = z
  .number()
  .int({ message: 'must be a whole number of basis points (7.5% is 750)' })
  .min(0, { message: 'must be 0 to 10000 basis points' })
  .max(10_000, { message: 'must be 0 to 10000 basis points' });

const definitionShape = {
  /** Progressive per billing period; the last band is open (uptoKwh null); flat is one band. */
  bands: z
    .array(z.object({ uptoKwh: wholeKwh.nullable(), priceMilliMinorPerKwh: price }).strict())
    .min(1, { message: 'must have at least one band' })
    .max(10, { message: 'must have at most 10 bands' }),
  lifeline: z.object({ kwh: wholeKwh, priceMilliMinorPerKwh: price }).strict().nullable(),
  levies: z
    .array(z.object({ name: f.requiredText(80), perKwhMilliMinor: price }).strict())
    .max(10, { message: 'must have at most 10 levies' }),
  accessCharge: z
    .object({ amountMinor: f.moneyMinor, period: z.enum(['daily', 'monthly']) })
    .strict()
    .nullable(),
  minimumPurchaseMinor: f.moneyMinor,
  vatBasisPoints,
};

/** What a client sends: optional parts default to none; VAT must always be stated. */
export const tariffDefinitionInput = z
  .object({
    ...definitionShape,
    lifeline: definitionShape.lifeline.default(null),
    levies: definitionShape.levies.default([]),
    accessCharge: definitionShape.accessCharge.default(null),
    minimumPurchaseMinor: definitionShape.minimumPurchaseMinor.default(0),
  })
  .strict()
  .superRefine((definition, ctx) => {
    // The domain checks ranges again (it is used without zod too): report each field once.
    const reported = new Set(ctx.issues.map((i) => (i.path ?? []).join('.')));
    for (const issue of definitionIssues(definition)) {
      if (reported.has(issue.path.join('.'))) continue;
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
export type TariffDefinitionInput = z.input<typeof tariffDefinitionInput>;

export const tariffDefinition = z.object(definitionShape);

export const tariffVersion = z.object({
  id: f.id,
  version: z.number().int(),
  effectiveFrom: z.string(),
  approvalRef: z.string().nullable(),
  definition: tariffDefinition,
  /** First band + per-kWh levies, VAT included: what a prepaid purchase pays per kWh. */
  prepaidUnitPriceMilliMinorPerKwh: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type TariffVersionView = z.infer<typeof tariffVersion>;

export const tariff = z.object({
  id: f.id,
  name: z.string(),
  /** Oldest first. */
  versions: z.array(tariffVersion),
  /** The version in force today (office time zone); null when every version starts later. */
  current: tariffVersion.nullable(),
  /** Meters billed at this tariff. */
  meters: z.number().int(),
  createdAt: z.string(),
});
export type Tariff = z.infer<typeof tariff>;

const versionFields = {
  effectiveFrom: f.isoDate,
  approvalRef: f.optionalText(120),
  definition: tariffDefinitionInput,
};

/** All meters of one mini-grid or one village, optionally only prepaid or postpaid ones. */
export const meterScope = z
  .object({
    miniGridId: f.id.optional(),
    villageId: f.id.optional(),
    billingMode: f.billingMode.optional(),
  })
  .strict()
  .refine((s) => (s.miniGridId === undefined) !== (s.villageId === undefined), {
    message: 'must name a mini-grid or a village',
    path: ['miniGridId'],
  });

const siteAssignInput = z.object({ tariffId: f.id, scope: meterScope }).strict();

export const tariffsCommands = {
  'tariffs.list': defineCommand({
    name: 'tariffs.list',
    summary:
      'Tariffs with all their versions, the version in force today and how many meters use each.',
    input: z.object({}).strict(),
    output: z.object({ tariffs: z.array(tariff) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'tariffs.create': defineCommand({
    name: 'tariffs.create',
    summary: 'Add a tariff with its first version (prices, effective date, approval reference).',
    input: z.object({ name: f.requiredText(80), ...versionFields }).strict(),
    output: tariff,
    access: supervisors,
    kind: 'write',
  }),
  'tariffs.addVersion': defineCommand({
    name: 'tariffs.addVersion',
    summary:
      'Add a new version of a tariff, in force from a date no earlier than the latest version (versions never change). A date before today needs a reason and is refused once a sale, final invoice or access charge has used those days.',
    input: z
      .object({
        tariffId: f.id,
        ...versionFields,
        /** Why the version starts before today; required then, audited. */
        reason: f.optionalText(500),
      })
      .strict(),
    output: tariff,
    access: supervisors,
    kind: 'write',
  }),
  'tariffs.previewSiteAssign': defineCommand({
    name: 'tariffs.previewSiteAssign',
    summary:
      'How many meters of a mini-grid or village a bulk tariff assignment would change, and which tariffs they are on now.',
    input: siteAssignInput,
    output: z.object({
      /** The place, as "Nku (Katcha)" or "Katcha". */
      place: z.string(),
      meters: z.number().int(),
      changing: z.number().int(),
      /** Meters by the tariff they are on now (null: none yet), the most first. */
      from: z.array(z.object({ tariff: z.string().nullable(), meters: z.number().int() })),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'tariffs.assignSite': defineCommand({
    name: 'tariffs.assignSite',
    summary:
      'Put every meter of a mini-grid or village (optionally only prepaid or postpaid ones) on a tariff; audited with the count.',
    input: siteAssignInput,
    output: z.object({ assigned: z.number().int(), meters: z.number().int(), tariff }),
    access: supervisors,
    kind: 'write',
  }),
  'tariffs.assign': defineCommand({
    name: 'tariffs.assign',
    summary: 'Put meters on a tariff (meters only).',
    input: z
      .object({
        deviceIds: z
          .array(f.id)
          .min(1, { message: 'must name at least one meter' })
          .max(1000, { message: 'must name at most 1000 meters' }),
        tariffId: f.id,
      })
      .strict(),
    output: z.object({ assigned: z.number().int(), tariff }),
    access: editors,
    kind: 'write',
  }),
};
