// Company and office settings.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { empty, settings } from './common';

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
