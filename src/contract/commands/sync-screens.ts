// What the Sync screen and the shared-folder mode need beside the file-path commands of
// commands/sync.ts (docs/sync.md "Screens"): bundles and join files as bytes (the page cannot
// read or write the PC's files itself, in the desktop app as in browser mode), and the shared
// folder this PC drops bundles into and picks them up from.
import { z } from 'zod';
import { defineCommand } from '../command';

const supervisors = ['admin', 'manager'] as const;

/** Chosen by the screen, so that the progress events of this one operation can be told apart. */
const operationId = z.string().max(100).optional();

const officeCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,5}$/, { message: 'must be 2 to 5 letters, such as ABJ' });

/** A bundle or join file carried as base64 (at most about 50 MB of file). */
const fileBytes = z
  .string()
  .min(1, { message: 'is required: choose a file' })
  .max(70_000_000, { message: 'is too large for one bundle (at most 50 MB)' });

const fileOut = z.object({
  /** A suggested name for the download, ending in .gdsync. */
  fileName: z.string(),
  contentBase64: z.string(),
  bytes: z.number().int(),
});

/** What the last shared-folder run did (kept in this PC's local data: it does not travel). */
export const syncFolderRun = z.object({
  at: z.string(),
  /** false: the folder is not there (a USB stick not plugged in); a quiet state, not an error. */
  present: z.boolean(),
  imported: z.array(
    z.object({
      file: z.string(),
      fromOffice: z.string(),
      applied: z.number().int(),
      conflicts: z.number().int(),
    }),
  ),
  exported: z.array(
    z.object({ file: z.string(), toOffice: z.string(), changes: z.number().int() }),
  ),
  /** Files of the folder that were refused, with the reason in words. */
  refused: z.array(z.object({ file: z.string(), message: z.string() })),
  /** Why nothing could run (no sync key, no backup passphrase); null when it ran. */
  message: z.string().nullable(),
});

export const syncScreensCommands = {
  'sync.exportDownload': defineCommand({
    name: 'sync.exportDownload',
    summary:
      'A bundle for another office (or head office) as a download: every change it has not acknowledged yet.',
    input: z.object({ to: officeCode, operationId }).strict(),
    output: fileOut.extend({ changes: z.number().int() }),
    access: supervisors,
    kind: 'write',
  }),
  'sync.importUpload': defineCommand({
    name: 'sync.importUpload',
    summary:
      'Import a bundle chosen on the Sync screen: checked whole, a backup taken, then applied in one transaction.',
    input: z
      .object({
        fileName: z.string().trim().max(300).default('bundle.gdsync'),
        contentBase64: fileBytes,
        operationId,
      })
      .strict(),
    output: z.object({
      bundleId: z.string(),
      from: z.object({ id: z.string(), code: z.string() }),
      applied: z.number().int(),
      skipped: z.number().int(),
      waiting: z.number().int(),
      conflicts: z.number().int(),
      backup: z.string().nullable(),
    }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'sync.joinFileDownload': defineCommand({
    name: 'sync.joinFileDownload',
    summary:
      'A join file for a new office as a download: its code and name, and everything this office holds, sealed with the sync key.',
    input: z
      .object({
        officeCode,
        officeName: z.string().trim().min(1, { message: 'is required' }).max(80),
      })
      .strict(),
    output: fileOut.extend({ officeCode: z.string(), officeName: z.string() }),
    access: ['admin'],
    kind: 'write',
  }),
  'sync.folder': defineCommand({
    name: 'sync.folder',
    summary:
      'The shared folder of this PC (where bundles are dropped and picked up), whether it is there now, and what its last run did.',
    input: z.object({}).strict(),
    output: z.object({
      folder: z.string().nullable(),
      present: z.boolean(),
      lastRun: syncFolderRun.nullable(),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'sync.setFolder': defineCommand({
    name: 'sync.setFolder',
    summary:
      'Set or clear the shared folder of this PC (a USB stick or a synced folder); it is not a company setting and does not travel.',
    input: z
      .object({
        folder: z
          .string()
          .trim()
          .min(1, { message: 'is required' })
          .max(1000, { message: 'must be at most 1000 characters' })
          .nullable(),
      })
      .strict(),
    output: z.object({ folder: z.string().nullable() }),
    access: supervisors,
    kind: 'write',
  }),
  'sync.folderRun': defineCommand({
    name: 'sync.folderRun',
    summary:
      'Exchange through the shared folder now (the app also does it by itself every few minutes): import the bundles addressed to this office, then drop a bundle for each office that has something new.',
    input: z.object({}).strict(),
    output: syncFolderRun,
    access: supervisors,
    kind: 'write',
    long: true,
  }),
};
