// PAYG terms of lockable devices (SHS, e-bikes): the list of devices with their terms and whether
// the counter can sell them days, and setting the terms of one device or many at once. The rule
// is domain/payg-terms.ts; devices.setPaygPlan sets one device with the same rule.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { MAX_PAYMENT_MINOR } from './limits';

const supervisors = ['admin', 'manager'] as const;
const readers = ['admin', 'manager', 'clerk'] as const;

export const lockableKind = z.enum(['shs', 'ebike']);

export const paygTermsRow = z.object({
  id: f.id,
  serial: z.string(),
  kind: lockableKind,
  model: z.string(),
  status: f.deviceStatus,
  customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }).nullable(),
  village: z.string().nullable(),
  dailyPriceMinor: z.number().int().nullable(),
  totalPriceMinor: z.number().int().nullable(),
  /** OpenPAYGO credentials are set, so tokens can be made for it. */
  credentials: z.boolean(),
});
export type PaygTermsRow = z.infer<typeof paygTermsRow>;

export const paygTermsFilters = z
  .object({
    kind: lockableKind.optional(),
    clusterId: f.id.optional(),
    miniGridId: f.id.optional(),
    villageId: f.id.optional(),
    /** Devices with terms, or without them yet. */
    terms: z.enum(['set', 'missing']).optional(),
    text: z.string().trim().max(100).optional(),
  })
  .strict();

export const paygTermsInput = z
  .object({
    deviceIds: z
      .array(f.id)
      .min(1, { message: 'must name at least one device' })
      .max(1000, { message: 'must name at most 1000 devices' }),
    dailyPriceMinor: z
      .number()
      .int({ message: 'must be a whole number of minor units' })
      .min(1, { message: 'must be more than zero' })
      .max(MAX_PAYMENT_MINOR, { message: `must be at most ${MAX_PAYMENT_MINOR} minor units` }),
    totalPriceMinor: f.moneyMinor.nullish().transform((v) => v ?? null),
  })
  .strict();

export const paygTermsCommands = {
  'payg.list': defineCommand({
    name: 'payg.list',
    summary:
      'A page of lockable devices (SHS, e-bikes) with their PAYG terms and whether tokens can be made for them; filtered by kind, site, terms set or missing, and text.',
    input: z
      .object({
        ...f.paging,
        sort: z.enum(['serial', 'village', 'customer', 'dailyPrice']).default('serial'),
        filters: paygTermsFilters.default({}),
      })
      .strict(),
    output: z.object({ rows: z.array(paygTermsRow), total: z.number().int() }),
    access: readers,
    kind: 'query',
  }),
  'payg.setTerms': defineCommand({
    name: 'payg.setTerms',
    summary:
      'Set the PAYG terms (price per day, optional total price that unlocks the device) of one lockable device or many at once; audited with the devices named.',
    input: paygTermsInput,
    output: z.object({ updated: z.number().int() }),
    access: supervisors,
    kind: 'write',
  }),
};
