// Backups and restore (docs/backups.md): the passphrase, where backups go and how often, backing
// up now, the history, verifying any backup file, and the restore preview.
import { z } from 'zod';
import { defineCommand } from '../command';
import { empty } from './common';
import { passphraseStrength } from '../../domain/backup/passphrase';
import { BACKUP_REASONS, BACKUP_STATUSES } from '../../domain/backup/vocabulary';

const supervisors = ['admin', 'manager'] as const;

/** A folder or file path on this PC, as typed or picked. */
const path = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(1000, { message: 'must be at most 1000 characters' })
  .refine((v) => !v.includes('\u0000'), { message: 'must not contain a NUL character' });

/** Chosen by the screen, so that the progress events of this one operation can be told apart. */
const operationId = z.string().max(100).optional();

const passphrase = z
  .string()
  .min(1, { message: 'is required' })
  .max(200, { message: 'must be at most 200 characters' });

export const backupSettings = z.object({
  /** A second folder (USB stick, network share) that also receives every backup. */
  secondFolder: z.string().nullable(),
  /** Hours between automatic backups while GridDesk runs. */
  intervalHours: z.number().int(),
  /** Managers see a red banner when no backup has succeeded for this many days. */
  warnAfterDays: z.number().int(),
});
export type BackupSettings = z.infer<typeof backupSettings>;

const manifestView = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  office: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  companyName: z.string(),
  counts: z.record(z.string(), z.number().int()),
});

export const backupEntry = z.object({
  id: z.string(),
  fileName: z.string(),
  folder: z.string(),
  /** The full path of the file ('' when nothing was written). */
  file: z.string(),
  createdAt: z.string(),
  sizeBytes: z.number().int().nullable(),
  status: z.enum(BACKUP_STATUSES),
  verifiedAt: z.string().nullable(),
  error: z.string().nullable(),
  reason: z.enum(BACKUP_REASONS),
  actor: z.string(),
  removedAt: z.string().nullable(),
});
export type BackupEntry = z.infer<typeof backupEntry>;

export const backupTargetResult = z.object({
  folder: z.string(),
  ok: z.boolean(),
  fileName: z.string().nullable(),
  file: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** Why this folder got no backup (missing, read-only, full, failed verification). */
  message: z.string().nullable(),
});

export const restoreReport = z.object({
  at: z.string(),
  file: z.string(),
  backupTakenAt: z.string(),
  office: z.string(),
  /** Where the replaced database and key are kept; null for an empty data folder. */
  undoPoint: z.string().nullable(),
  /** Set when this was the undo of a restore: the backup file that restore had put in place. */
  undoOf: z.string().optional(),
  /** OpenPAYGO devices whose counts may have been behind, and how they moved. */
  raised: z.array(
    z.object({
      deviceId: z.string(),
      serial: z.string(),
      from: z.number().int(),
      to: z.number().int(),
      basis: z.enum(['replaced-database', 'margin']),
    }),
  ),
});
export type RestoreReport = z.infer<typeof restoreReport>;

export const backupsCommands = {
  'backups.status': defineCommand({
    name: 'backups.status',
    summary:
      'Backup settings, whether a passphrase is set, the last good backup and drill, and whether backups are overdue.',
    input: empty,
    output: z.object({
      passphraseSet: z.boolean(),
      settings: backupSettings,
      /** The data folder's own backup folder (always a target). */
      defaultFolder: z.string(),
      lastGood: backupEntry.nullable(),
      lastDrill: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).nullable(),
      /** No verified backup for `warnAfterDays` days (or none at all). */
      overdue: z.boolean(),
      /** The last restore into this data folder, with its counter raises. */
      lastRestore: restoreReport.nullable(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'backups.list': defineCommand({
    name: 'backups.list',
    summary: 'The backup history, newest first: when, where, size, verified or why it failed.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ backups: z.array(backupEntry) }),
    access: supervisors,
    kind: 'query',
  }),
  'backups.setPassphrase': defineCommand({
    name: 'backups.setPassphrase',
    summary:
      'Set the backup passphrase (stored encrypted with this PC’s key, never in clear). Backups made before keep their old passphrase.',
    input: z
      .object({ passphrase, passphraseConfirm: z.string() })
      .strict()
      .superRefine((value, ctx) => {
        for (const problem of passphraseStrength(value.passphrase).problems) {
          ctx.addIssue({ code: 'custom', path: ['passphrase'], message: problem });
        }
        if (value.passphrase !== value.passphraseConfirm) {
          ctx.addIssue({
            code: 'custom',
            path: ['passphraseConfirm'],
            message: 'does not match the passphrase',
          });
        }
      }),
    output: z.object({ level: z.string(), bits: z.number().int() }),
    access: ['admin'],
    kind: 'write',
  }),
  'backups.updateSettings': defineCommand({
    name: 'backups.updateSettings',
    summary:
      'Change the second backup folder, the interval of automatic backups or the warning age.',
    input: z
      .object({
        secondFolder: path.nullable().optional(),
        intervalHours: z
          .number()
          .int({ message: 'must be a whole number of hours' })
          .min(1, { message: 'must be at least 1 hour' })
          .max(24, { message: 'must be at most 24 hours' })
          .optional(),
        warnAfterDays: z
          .number()
          .int({ message: 'must be a whole number of days' })
          .min(1, { message: 'must be at least 1 day' })
          .max(60, { message: 'must be at most 60 days' })
          .optional(),
      })
      .strict(),
    output: backupSettings,
    access: supervisors,
    kind: 'write',
  }),
  'backups.run': defineCommand({
    name: 'backups.run',
    summary:
      'Back up now: into the data folder’s backups and the second folder (or only into `folder`), each file verified; a folder that cannot take it is a warning.',
    input: z
      .object({
        /** Only this folder (the CLI's --to). */
        folder: path.optional(),
        /** Overrides the passphrase from settings (the CLI's GRIDDESK_BACKUP_PASSPHRASE). */
        passphrase: passphrase.optional(),
        reason: z.enum(BACKUP_REASONS).default('manual'),
        operationId,
      })
      .strict(),
    output: z.object({
      /** At least one folder has a new, verified backup. */
      ok: z.boolean(),
      results: z.array(backupTargetResult),
      /** Old backups deleted by the retention rule. */
      removed: z.number().int(),
    }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'backups.verify': defineCommand({
    name: 'backups.verify',
    summary:
      'Verify any backup file: decrypt it, check the database (integrity check) and that its row counts equal the manifest.',
    input: z.object({ file: path, passphrase: passphrase.optional(), operationId }).strict(),
    output: z.object({ ok: z.literal(true), manifest: manifestView }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'backups.previewRestore': defineCommand({
    name: 'backups.previewRestore',
    summary:
      'What restoring a backup would do: its office, date and counts, and what would be lost (payments, tokens and invoices newer than the backup).',
    input: z.object({ file: path, passphrase: passphrase.optional(), operationId }).strict(),
    output: z.object({
      manifest: manifestView,
      /** Why it cannot be restored here; null when it can. */
      refusal: z.string().nullable(),
      /** Records in the current database that the backup does not have. */
      wouldLose: z.object({
        payments: z.number().int(),
        tokens: z.number().int(),
        invoices: z.number().int(),
      }),
      /** The office code to type to confirm. */
      confirmCode: z.string(),
    }),
    access: ['admin'],
    kind: 'query',
  }),
  'backups.restore': defineCommand({
    name: 'backups.restore',
    summary:
      'Restore a backup over this office’s data, confirmed by typing the office code: a last backup and an undo point are kept, the app reopens (everyone signs in again) and OpenPAYGO counts that may be behind are raised.',
    input: z
      .object({
        file: path,
        passphrase: passphrase.optional(),
        confirmCode: z.string().trim().max(10),
        operationId,
      })
      .strict(),
    output: restoreReport,
    access: ['admin'],
    kind: 'write',
    long: true,
  }),
  'backups.undoRestore': defineCommand({
    name: 'backups.undoRestore',
    summary:
      'Undo the last restore, confirmed by typing the office code: the database and key it replaced come back from its undo point; the data that was in use is kept as a new undo point (so the undo can be undone); the app reopens and OpenPAYGO counts that may be behind are raised.',
    input: z.object({ confirmCode: z.string().trim().max(10), operationId }).strict(),
    output: restoreReport,
    access: ['admin'],
    kind: 'write',
    long: true,
  }),
  'backups.drill': defineCommand({
    name: 'backups.drill',
    summary:
      'Restore drill: restore the newest good backup into a scratch folder, open it as GridDesk would (migrations, integrity, the device key) and report, without touching the live data.',
    input: empty,
    output: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'setup.restore': defineCommand({
    name: 'setup.restore',
    summary:
      'First start on a new PC: restore a backup instead of setting up a new office (only while GridDesk is not set up). Sign in afterwards with the backup’s users.',
    input: z.object({ file: path, passphrase, operationId }).strict(),
    output: restoreReport,
    access: 'public',
    kind: 'write',
    long: true,
  }),
};
