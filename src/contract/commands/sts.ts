// STS token custody (docs/domain.md §8.2): an STS meter's purchase leaves a pending vendor token; a
// clerk types it, or imports the vendor's CSV batch, once the vendor's system has made it.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;

export const vendorToken = z.object({
  requestId: f.id,
  paymentId: f.id,
  receiptNumber: z.string(),
  deviceId: f.id,
  meterSerial: z.string(),
  customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }),
  wh: z.number().int(),
  amountMinor: z.number().int(),
  requestedAt: z.string(),
  /** Pending until the vendor's token is typed or imported. */
  status: z.enum(['pending', 'recorded']),
  /** 20 digits, no spaces; null while pending. */
  token: z.string().nullable(),
  /** Groups of four for printing; null while pending. */
  grouped: z.string().nullable(),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
  /** True when the payment was reversed since (the token, if any, was already made). */
  reversed: z.boolean(),
});
export type VendorToken = z.infer<typeof vendorToken>;

export const stsCommands = {
  'sts.list': defineCommand({
    name: 'sts.list',
    summary:
      'Vendor tokens of STS meters: pending ones (oldest first) or recorded ones (newest first), optionally for one meter.',
    input: z
      .object({
        status: z.enum(['pending', 'recorded', 'all']).default('pending'),
        deviceId: f.id.optional(),
        page: f.paging.page,
        pageSize: f.paging.pageSize,
      })
      .strict(),
    output: z.object({ rows: z.array(vendorToken), total: z.number().int() }),
    access: counter,
    kind: 'query',
  }),
  'sts.recordToken': defineCommand({
    name: 'sts.recordToken',
    summary:
      "Record the vendor's 20-digit token for a pending STS purchase (typed in); checked for form and never reused.",
    input: z
      .object({
        requestId: f.id,
        token: z.string().trim().min(1, { message: 'is required' }).max(40, {
          message: 'must be at most 40 characters',
        }),
      })
      .strict(),
    output: z.object({ vendorToken, warning: z.string().nullable() }),
    access: counter,
    kind: 'write',
  }),
  'sts.importTokens': defineCommand({
    name: 'sts.importTokens',
    summary:
      "Import the vendor's token batch (CSV with a token column and a receipt or meter-serial column): all or nothing, problems by line; tokens already recorded are reported, not repeated.",
    input: z
      .object({
        csv: z.string().min(1, { message: 'is empty' }).max(5_000_000, {
          message: 'is too large (at most 5 MB)',
        }),
        /** Check only: list what would be recorded and every problem, write nothing. */
        dryRun: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      recorded: z.number().int(),
      alreadyRecorded: z.number().int(),
      problems: z.array(
        z.object({ line: z.number().int(), column: z.string(), message: z.string() }),
      ),
      matches: z.array(
        z.object({ line: z.number().int(), receiptNumber: z.string(), meterSerial: z.string() }),
      ),
    }),
    access: counter,
    kind: 'write',
  }),
};
