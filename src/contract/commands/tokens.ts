// Supervisor OpenPAYGO tokens and the token checker (docs/domain.md §8.1). SET_TIME, DISABLE_PAYG
// and COUNTER_SYNC are supervisor actions with a reason; every counter role may check a typed
// token.
import { z } from 'zod';
import { TOKEN_KINDS } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';
import { issuedToken } from './payments';

const supervisors = ['admin', 'manager'] as const;
const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;

export const supervisorTokenType = z.enum(['SET_TIME', 'DISABLE_PAYG', 'COUNTER_SYNC']);

/** The largest raw value a SET_TIME token carries (days x time divider). */
const MAX_SET_VALUE = 995;

export const tokensCommands = {
  'tokens.supervisor': defineCommand({
    name: 'tokens.supervisor',
    summary:
      'Issue one SET_TIME, DISABLE_PAYG or COUNTER_SYNC token for a device, with a reason; warns how many unentered ADD_TIME tokens it cancels.',
    input: z
      .object({
        deviceId: f.id,
        type: supervisorTokenType,
        /** SET_TIME only: the days the device is set to (0..995 after the time divider). */
        days: z
          .number()
          .int({ message: 'must be a whole number of days' })
          .min(0, { message: 'must be 0 or more' })
          .max(MAX_SET_VALUE, { message: `must be at most ${MAX_SET_VALUE}` })
          .optional(),
        reason: f.requiredText(500),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.type === 'SET_TIME' && v.days === undefined) {
          ctx.addIssue({ code: 'custom', path: ['days'], message: 'is required for SET_TIME' });
        }
        if (v.type !== 'SET_TIME' && v.days !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['days'], message: 'is only for SET_TIME' });
        }
      }),
    output: z.object({
      /** As typed on the device, no spaces. */
      token: z.string(),
      /** Groups of three for reading aloud. */
      grouped: z.string(),
      count: z.number().int(),
      type: supervisorTokenType,
      /** How many unentered ADD_TIME tokens this token cancels; null when none. */
      warning: z.string().nullable(),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'tokens.check': defineCommand({
    name: 'tokens.check',
    summary:
      'Check a typed OpenPAYGO token against a device: its count, type and value, whether the device would accept it at its last confirmed count, and who issued it.',
    input: z
      .object({
        deviceId: f.id,
        token: z
          .string()
          .trim()
          .min(1, { message: 'is required' })
          .max(40, { message: 'must be at most 40 characters' })
          .regex(/^[0-9 -]+$/, { message: 'may use digits, spaces and dashes only' }),
      })
      .strict(),
    output: z.object({
      found: z.boolean(),
      type: z.enum(TOKEN_KINDS).optional(),
      /** Raw encoded value (days x divider; 998 DISABLE_PAYG, 999 COUNTER_SYNC). */
      value: z.number().int().optional(),
      count: z.number().int().optional(),
      wouldAccept: z.boolean(),
      reason: z.string(),
      /** The stored token with these digits for this device, when GridDesk issued it. */
      issued: z
        .object({
          tokenId: f.id,
          at: z.string(),
          by: z.string(),
          paymentId: f.id.nullable(),
          receiptNumber: z.string().nullable(),
          entered: z.boolean(),
        })
        .nullable(),
    }),
    access: counter,
    kind: 'query',
  }),
  'tokens.list': defineCommand({
    name: 'tokens.list',
    summary:
      'Every OpenPAYGO token issued for a device (sales and supervisor tokens), newest count first, with its receipt and whether it was entered.',
    input: z.object({ deviceId: f.id, page: f.paging.page, pageSize: f.paging.pageSize }).strict(),
    output: z.object({
      rows: z.array(
        issuedToken.extend({ paymentId: f.id.nullable(), receiptNumber: z.string().nullable() }),
      ),
      total: z.number().int(),
      /** ADD_TIME tokens not yet confirmed entered (a SET_TIME token would cancel them). */
      outstanding: z.number().int(),
    }),
    access: counter,
    kind: 'query',
  }),
  'tokens.handOver': defineCommand({
    name: 'tokens.handOver',
    summary:
      "Hand a device's OpenPAYGO token counter over to another office (docs/sync.md): this office stops issuing its tokens and the other continues from the count in the hand-over record, which travels in the next bundle.",
    input: z
      .object({
        deviceId: f.id,
        /** The code of the office that issues the device's tokens from now on. */
        toOffice: f.officeCode,
        reason: f.requiredText(500),
      })
      .strict(),
    output: z.object({
      handoverId: f.id,
      serial: z.string(),
      /** The last count this office used; the new office's next token is above it. */
      count: z.number().int(),
      toOffice: z.string(),
    }),
    access: supervisors,
    kind: 'write',
  }),
};
