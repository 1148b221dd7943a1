// Offices in sync (docs/sync.md): the company's sync key, join files for new offices, bundles out
// and in, where each office stands, and the review list of changes a person decides.
import { z } from 'zod';
import { defineCommand } from '../command';

const supervisors = ['admin', 'manager'] as const;

/** A file path on this PC, as typed or picked. */
const path = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(1000, { message: 'must be at most 1000 characters' });

/** Where a bundle or join file is written: a new file, named *.gdsync. */
const bundleFile = path.refine((v) => v.toLowerCase().endsWith('.gdsync'), {
  message: 'must be a file name ending in .gdsync',
});

const officeCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,5}$/, { message: 'must be 2 to 5 letters, such as ABJ' });

const importOutcome = z.object({
  bundleId: z.string(),
  from: z.object({ id: z.string(), code: z.string() }),
  applied: z.number().int(),
  skipped: z.number().int(),
  waiting: z.number().int(),
  conflicts: z.number().int(),
});

export const syncPeer = z.object({
  officeId: z.string(),
  code: z.string(),
  name: z.string(),
  lastSentAt: z.string().nullable(),
  lastReceivedAt: z.string().nullable(),
  /** Changes this office holds that the peer has not acknowledged yet. */
  behind: z.number().int(),
  /** Days since a bundle from this office was imported here (null: never). */
  silentDays: z.number().int().nullable(),
});

export const syncConflict = z.object({
  id: z.string(),
  kind: z.enum([
    'duplicate-key',
    'duplicate-customer',
    'missing-parent',
    'deleted-parent',
    'refused',
  ]),
  table: z.string(),
  rowId: z.string(),
  fromOffice: z.string(),
  remote: z.string(),
  local: z.string().nullable(),
  detail: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});

export const syncCommands = {
  'sync.key': defineCommand({
    name: 'sync.key',
    summary:
      "The company's sync key, made on first use, for writing down: every office of the company uses the same one.",
    input: z.object({}).strict(),
    output: z.object({ key: z.string(), made: z.boolean() }),
    access: ['admin'],
    kind: 'write',
  }),
  'sync.joinFile': defineCommand({
    name: 'sync.joinFile',
    summary:
      'Make a join file for a new office: its code and name, and everything this office holds, sealed with the sync key.',
    input: z
      .object({
        officeCode,
        officeName: z.string().trim().min(1, { message: 'is required' }).max(80),
        file: bundleFile,
      })
      .strict(),
    output: z.object({ file: z.string(), officeCode: z.string(), bytes: z.number().int() }),
    access: ['admin'],
    kind: 'write',
  }),
  'sync.join': defineCommand({
    name: 'sync.join',
    summary:
      'First start on a new PC: join an existing company with a join file and the sync key (only while GridDesk is not set up).',
    input: z
      .object({ file: path, key: z.string().min(1, { message: 'is required' }).max(200) })
      .strict(),
    output: z.object({
      officeCode: z.string(),
      companyName: z.string().nullable(),
      /** The administrators who may sign in here (with their passwords from the first office). */
      admins: z.array(z.string()),
      applied: z.number().int(),
    }),
    access: 'public',
    kind: 'write',
  }),
  'sync.export': defineCommand({
    name: 'sync.export',
    summary:
      'Write a bundle for another office (or head office): every change it has not acknowledged yet.',
    input: z.object({ to: officeCode, file: bundleFile }).strict(),
    output: z.object({
      file: z.string(),
      bytes: z.number().int(),
      changes: z.number().int(),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'sync.import': defineCommand({
    name: 'sync.import',
    summary:
      'Import a bundle from another office: checked whole, then applied in one transaction (a backup is taken first).',
    input: z.object({ file: path }).strict(),
    output: importOutcome.extend({ backup: z.string().nullable() }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'sync.status': defineCommand({
    name: 'sync.status',
    summary: 'Where each other office stands: last sent, last received, how far behind.',
    input: z.object({}).strict(),
    output: z.object({
      office: z.string(),
      hasKey: z.boolean(),
      changes: z.number().int(),
      openConflicts: z.number().int(),
      peers: z.array(syncPeer),
      imports: z.array(
        z.object({
          bundleId: z.string(),
          fromOffice: z.string(),
          importedAt: z.string(),
          applied: z.number().int(),
          skipped: z.number().int(),
          waiting: z.number().int(),
          conflicts: z.number().int(),
        }),
      ),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'sync.conflicts': defineCommand({
    name: 'sync.conflicts',
    summary: 'The review list: changes from other offices that could not be placed, both versions.',
    input: z.object({ resolved: z.boolean().default(false) }).strict(),
    output: z.object({ rows: z.array(syncConflict) }),
    access: supervisors,
    kind: 'query',
  }),
  'sync.resolveConflict': defineCommand({
    name: 'sync.resolveConflict',
    summary:
      'Record the decision on a review-list entry (the rows themselves are changed with the ordinary commands).',
    input: z
      .object({
        id: z.string().min(1),
        resolution: z.string().trim().min(1, { message: 'is required' }).max(500),
      })
      .strict(),
    output: syncConflict,
    access: supervisors,
    kind: 'write',
  }),
};
