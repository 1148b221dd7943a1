// Facts about this installation, and the dashboard figures.
import { z } from 'zod';
import { defineCommand } from '../command';
import { empty } from './common';

export const systemCommands = {
  'system.info': defineCommand({
    name: 'system.info',
    summary: 'Application version, data folder and database schema version.',
    input: empty,
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'system.checkDatabase': defineCommand({
    name: 'system.checkDatabase',
    summary:
      "Check every page and index of the database now (SQLite's integrity_check, seconds on a large database; other commands keep working meanwhile). Start-up does this only after an unclean shutdown.",
    input: empty,
    output: z.object({
      ok: z.boolean(),
      /** "ok", or SQLite's description of the first problems found (up to 10). */
      result: z.string(),
    }),
    access: ['admin', 'manager'],
    kind: 'query',
  }),
};
