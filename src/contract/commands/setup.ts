// First start: the wizard that creates the company, this office and the first administrator.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { empty, session } from './common';

export const setupInput = z
  .object({
    company: z.object({ name: f.companyName, country: f.countryCode }).strict(),
    currency: z.object({ code: f.currencyCode, decimals: f.currencyDecimals }).strict(),
    office: z.object({ name: f.officeName, code: f.officeCode, timeZone: f.timeZone }).strict(),
    admin: z
      .object({
        username: f.username,
        displayName: f.displayName,
        password: f.password,
        passwordConfirm: z.string().max(200),
      })
      .strict()
      .superRefine(f.confirmMatches('password', 'passwordConfirm')),
    loadDemo: z.boolean().default(false),
  })
  .strict();
export type SetupInput = z.input<typeof setupInput>;

export const setupCommands = {
  'setup.status': defineCommand({
    name: 'setup.status',
    summary: 'Whether this installation has been set up, and the company name if so.',
    input: empty,
    output: z.object({ initialised: z.boolean(), companyName: z.string().nullable() }),
    access: 'public',
    kind: 'query',
  }),
  'setup.initialise': defineCommand({
    name: 'setup.initialise',
    summary:
      'First-start wizard: company, currency, this office, the first administrator, optional demo data. Signs the administrator in.',
    input: setupInput,
    output: z.object({
      session,
      demo: z
        .object({
          clusters: z.number(),
          miniGrids: z.number(),
          villages: z.number(),
          customers: z.number(),
          devices: z.number(),
        })
        .nullable(),
    }),
    access: 'public',
    kind: 'write',
  }),
};
