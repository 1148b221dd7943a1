// Company and office settings.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { empty, settings } from './common';
import { MAX_PAYMENT_MINOR } from './limits';

/** A page of terms under the contract's schedule. */
export const MAX_TERMS_CHARS = 4000;
/** A cancellation is for second thoughts right after the sale, not a way out of a debt. */
export const MAX_CANCEL_DAYS = 90;

export const settingsUpdateInput = z
  .object({
    company: z
      .object({ name: f.companyName.optional(), country: f.countryCode.optional() })
      .strict()
      .optional(),
    currency: z
      .object({ code: f.currencyCode.optional(), decimals: f.currencyDecimals.optional() })
      .strict()
      .optional(),
    office: z
      .object({ name: f.officeName.optional(), timeZone: f.timeZone.optional() })
      .strict()
      .optional(),
    counter: z
      .object({
        payInstalmentsFirst: z.boolean().optional(),
        payAccessDebtFirst: z.boolean().optional(),
        maxPaymentMinor: z
          .number()
          .int({ message: 'must be a whole number of minor units' })
          .min(1, { message: 'must be more than zero' })
          .max(MAX_PAYMENT_MINOR, { message: `must be at most ${MAX_PAYMENT_MINOR} minor units` })
          .optional(),
      })
      .strict()
      .optional(),
    contracts: z
      .object({
        terms: z
          .string()
          .trim()
          .min(1, { message: 'is required: the contract prints them' })
          .max(MAX_TERMS_CHARS, { message: `must be at most ${MAX_TERMS_CHARS} characters` })
          .optional(),
        cancelWithinDays: z
          .number()
          .int({ message: 'must be a whole number of days' })
          .min(0, { message: 'must be 0 (no cancellations) or more' })
          .max(MAX_CANCEL_DAYS, { message: `must be at most ${MAX_CANCEL_DAYS} days` })
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SettingsUpdateInput = z.input<typeof settingsUpdateInput>;

export const settingsCommands = {
  'settings.get': defineCommand({
    name: 'settings.get',
    summary: 'Company, currency and office settings.',
    input: empty,
    output: settings,
    access: 'signed-in',
    kind: 'query',
  }),
  'settings.update': defineCommand({
    name: 'settings.update',
    summary:
      'Change company, currency or office settings (the office code is fixed at setup: it is part of account and invoice numbers).',
    input: settingsUpdateInput,
    output: settings,
    access: ['admin', 'manager'],
    kind: 'write',
  }),
};
