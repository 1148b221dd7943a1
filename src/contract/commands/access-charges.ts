// Access-charge debt of prepaid meters (docs/domain.md §4): accrued per period from the tariff in
// force, idempotently, at start and daily while the app runs; the next purchase pays it first (§5).
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

const supervisors = ['admin', 'manager'] as const;

export const accessChargesCommands = {
  'accessCharges.accrue': defineCommand({
    name: 'accessCharges.accrue',
    summary:
      'Accrue access charges of every prepaid meter up to today (the app does it at start and daily); running it again adds nothing.',
    input: z.object({}).strict(),
    output: z.object({
      through: f.isoDate,
      meters: z.number().int(),
      amountMinor: z.number().int(),
      /** Meters left out of this run (a tariff whose charge cannot be counted), with why. */
      skipped: z.array(z.object({ deviceId: f.id, serial: z.string(), reason: z.string() })),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'accessCharges.status': defineCommand({
    name: 'accessCharges.status',
    summary: 'How many prepaid meters have access charges not yet accrued up to today.',
    input: z.object({}).strict(),
    output: z.object({ today: f.isoDate, due: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'accessCharges.debt': defineCommand({
    name: 'accessCharges.debt',
    summary: 'The access-charge debt of a meter: accrued, paid, and what is still owed.',
    input: z.object({ deviceId: f.id }).strict(),
    output: z.object({
      accruedMinor: z.number().int(),
      paidMinor: z.number().int(),
      owedMinor: z.number().int(),
      accruedThrough: f.isoDate.nullable(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
};
