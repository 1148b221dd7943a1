// Output shapes shared by several command groups.
import { z } from 'zod';
import * as f from '../fields';

export const empty = z.object({}).strict();

export const userPublic = z.object({
  id: f.id,
  username: z.string(),
  displayName: z.string(),
  role: f.role,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserPublic = z.infer<typeof userPublic>;

export const settings = z.object({
  company: z.object({ name: z.string(), country: z.string() }),
  currency: z.object({ code: z.string(), decimals: z.number().int() }),
  office: z.object({ id: f.id, name: z.string(), code: z.string(), timeZone: z.string() }),
  /**
   * How counter payments are split (docs/domain.md §5, each step on or off) and the largest one.
   */
  counter: z.object({
    payInstalmentsFirst: z.boolean(),
    payAccessDebtFirst: z.boolean(),
    maxPaymentMinor: z.number().int(),
  }),
  /**
   * Appliance contracts (docs/appliances.md): the terms printed on every contract sold from now
   * on (one term a line), and how many days after the sale a contract may still be cancelled.
   */
  contracts: z.object({
    terms: z.string(),
    cancelWithinDays: z.number().int(),
  }),
});
export type Settings = z.infer<typeof settings>;

export const session = z.object({
  token: z.string(),
  user: userPublic,
});
export type SessionInfo = z.infer<typeof session>;
