// CSV imports: preview (every problem by line and column), then all-or-nothing import.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

export const IMPORT_KINDS = ['customers', 'devices', 'openpaygo-devices'] as const;
export const importKind = z.enum(IMPORT_KINDS);
const editors = ['admin', 'manager', 'clerk'] as const;

/** 50 MB of CSV is several hundred thousand rows: more than any office list. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const importInput = z
  .object({
    kind: importKind,
    fileName: z.string().trim().max(260).default('import.csv'),
    /** The file's bytes, base64: the core detects the encoding (UTF-8 with or without BOM, Windows-1252, UTF-16). */
    contentBase64: z
      .string()
      .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4, { message: 'is larger than 50 MB' }),
    /** field -> column header; fields left out are suggested from the headers. */
    mapping: z.record(z.string().max(40), z.string().max(200).nullable()).optional(),
    mappingName: z.string().trim().max(80).optional(),
    defaults: z
      .object({
        villageId: f.id.optional(),
        modelId: f.id.optional(),
        status: f.deviceStatus.optional(),
        billingMode: f.billingMode.optional(),
      })
      .strict()
      .default({}),
    /** Progress events carry this id so the UI can follow this import. */
    operationId: z.string().max(64).optional(),
  })
  .strict();
export type ImportInput = z.input<typeof importInput>;

export const importProblem = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

const fieldSpec = z.object({
  field: z.string(),
  label: z.string(),
  required: z.boolean(),
  help: z.string().optional(),
});

export const importPreview = z.object({
  kind: importKind,
  encoding: z.string(),
  headers: z.array(z.string()),
  fields: z.array(fieldSpec),
  mapping: z.record(z.string(), z.string().nullable()),
  rows: z.number().int(),
  ready: z.number().int(),
  duplicates: z.array(z.object({ line: z.number().int(), message: z.string() })),
  problems: z.array(importProblem),
  problemCount: z.number().int(),
  sample: z.array(z.record(z.string(), z.string().nullable())),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const importsCommands = {
  'imports.preview': defineCommand({
    name: 'imports.preview',
    summary:
      'Read a CSV file, suggest or apply a column mapping, and list every problem by line and column; writes nothing.',
    input: importInput,
    output: importPreview,
    access: editors,
    kind: 'query',
  }),
  'imports.run': defineCommand({
    name: 'imports.run',
    summary:
      'Import a CSV file all or nothing: any problem refuses the whole file; rows already in GridDesk are reported and skipped.',
    input: importInput,
    output: z.object({
      created: z.number().int(),
      duplicates: z.array(z.object({ line: z.number().int(), message: z.string() })),
    }),
    access: editors,
    kind: 'write',
    long: true,
  }),
  'imports.mappings': defineCommand({
    name: 'imports.mappings',
    summary: 'Saved column mappings for an import kind.',
    input: z.object({ kind: importKind }).strict(),
    output: z.object({
      mappings: z.array(
        z.object({
          id: f.id,
          name: z.string(),
          mapping: z.record(z.string(), z.string().nullable()),
        }),
      ),
    }),
    access: editors,
    kind: 'query',
  }),
  'imports.saveMapping': defineCommand({
    name: 'imports.saveMapping',
    summary: 'Save (or replace) a named column mapping for an import kind.',
    input: z
      .object({
        kind: importKind,
        name: f.requiredText(80),
        mapping: z.record(z.string().max(40), z.string().max(200).nullable()),
      })
      .strict(),
    output: z.object({ id: f.id, name: z.string() }),
    access: editors,
    kind: 'write',
  }),
};
