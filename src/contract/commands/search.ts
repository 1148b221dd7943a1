// Quick search across customers and devices.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

export const searchHit = z.object({
  kind: z.enum(['customer', 'device']),
  id: f.id,
  /** What to show first: customer name, or device serial. */
  title: z.string(),
  /** Account number, phone, village; or device model and its customer. */
  subtitle: z.string(),
  accountNumber: z.string().nullable(),
  customerId: f.id.nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchCommands = {
  'search.quick': defineCommand({
    name: 'search.quick',
    summary:
      'Find customers and devices by any part of a name, phone number (any format), account number, national ID or serial.',
    input: z
      .object({
        q: z.string().max(100, { message: 'must be at most 100 characters' }),
        limit: z.number().int().min(1).max(50).default(12),
      })
      .strict(),
    output: z.object({ hits: z.array(searchHit) }),
    access: 'signed-in',
    kind: 'query',
  }),
};
