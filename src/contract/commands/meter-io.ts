// Talking to meters over USB-serial (docs/domain.md §9): ports, profiles, read now, bulk reads with
// progress and cancel, and the commissioning tools (address scan, new address). One request at a
// time per bus; timeouts and CRC errors are retried, then reported per meter, never stored as 0.
import { z } from 'zod';
import { READING_FLAGS } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';
import { lineSettings, parity, reading } from './readings';

const editors = ['admin', 'manager', 'clerk'] as const;

export const readOutcome = z.enum([
  'ok',
  'no-answer',
  'timeout',
  'crc',
  'mismatch',
  'exception',
  'implausible',
  'port',
  'not-configured',
  'cancelled',
  'other',
]);

const operationId = z.string().max(64).optional();

const lineOverrides = {
  baud: z.number().int().min(300).max(115200).optional(),
  dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
  parity: parity.optional(),
  stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
};

const portPath = f.serialPortPath;

export const meterIoCommands = {
  'meters.ports': defineCommand({
    name: 'meters.ports',
    summary: 'Serial ports on this computer (name, manufacturer, USB vendor and product id).',
    input: z.object({}).strict(),
    output: z.object({
      ports: z.array(
        z.object({
          path: z.string(),
          manufacturer: z.string().nullable(),
          vendorId: z.string().nullable(),
          productId: z.string().nullable(),
          serialNumber: z.string().nullable(),
        }),
      ),
    }),
    access: editors,
    kind: 'query',
  }),
  'meters.testPort': defineCommand({
    name: 'meters.testPort',
    summary: 'Open and close a serial port to check it exists and is free.',
    input: z.object({ port: portPath, ...lineOverrides }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
    access: editors,
    kind: 'query',
  }),
  'meters.profiles': defineCommand({
    name: 'meters.profiles',
    summary:
      "Meter profiles (built-in and the data folder's meter-profiles/), with any file that could not be used.",
    input: z.object({}).strict(),
    output: z.object({
      profiles: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          manufacturer: z.string(),
          phases: z.number().int(),
          defaults: lineSettings.extend({ address: z.number().int() }),
          measurements: z.array(z.string()),
          canSetAddress: z.boolean(),
          verifyHint: z.string(),
        }),
      ),
      problems: z.array(z.object({ file: z.string(), message: z.string() })),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'meters.readNow': defineCommand({
    name: 'meters.readNow',
    summary:
      'Read a meter now over its port (Modbus, IEC 62056-21 or DL/T 645) and store the import energy as a reading, with voltage, current and power where the profile has them.',
    input: z
      .object({
        deviceId: f.id,
        timeoutMs: z.number().int().min(50).max(10_000).default(1000),
        retries: z.number().int().min(0).max(5).default(2),
      })
      .strict(),
    output: z.object({
      outcome: readOutcome,
      message: z.string(),
      reading: reading.nullable(),
      values: z.record(z.string(), z.number()),
    }),
    access: editors,
    kind: 'write',
    long: true,
  }),
  'meters.bulkRead': defineCommand({
    name: 'meters.bulkRead',
    summary:
      'Read every configured meter on a port or in a mini-grid, one request at a time per bus, with progress and cancel; stores the readings and answers per meter.',
    input: z
      .object({
        port: portPath.optional(),
        miniGridId: f.id.optional(),
        timeoutMs: z.number().int().min(50).max(10_000).default(1000),
        retries: z.number().int().min(0).max(5).default(2),
        operationId,
      })
      .strict()
      .refine((v) => v.port !== undefined || v.miniGridId !== undefined, {
        message: 'give a port or a mini-grid',
        path: ['port'],
      }),
    output: z.object({
      results: z.array(
        z.object({
          deviceId: f.id,
          serial: z.string(),
          port: z.string().nullable(),
          outcome: readOutcome,
          message: z.string(),
          attempts: z.number().int(),
          wh: z.number().int().nullable(),
          flag: z.enum(READING_FLAGS).nullable(),
        }),
      ),
      summary: z.object({
        total: z.number().int(),
        ok: z.number().int(),
        failed: z.number().int(),
        flagged: z.number().int(),
        cancelled: z.boolean(),
      }),
    }),
    access: editors,
    kind: 'write',
    long: true,
  }),
  'meters.scan': defineCommand({
    name: 'meters.scan',
    summary:
      'Commissioning: ask every Modbus address in a range on a port (1..247 by default) for a probe value of a profile; shows who answers. Progress and cancel.',
    input: z
      .object({
        port: portPath,
        profileId: z.string().min(1),
        from: z.number().int().min(1).max(247).default(1),
        to: z.number().int().min(1).max(247).default(247),
        timeoutMs: z.number().int().min(50).max(5000).default(200),
        ...lineOverrides,
        operationId,
      })
      .strict(),
    output: z.object({
      found: z.array(
        z.object({
          address: z.number().int(),
          value: z.number().nullable(),
          problem: z.string().nullable(),
        }),
      ),
      scanned: z.number().int(),
      cancelled: z.boolean(),
      probe: z.string(),
    }),
    access: editors,
    kind: 'query',
    long: true,
  }),
  'meters.setAddress': defineCommand({
    name: 'meters.setAddress',
    summary:
      'Commissioning: give the meter that is alone on a port at one Modbus address a new address, then verify by reading it there.',
    input: z
      .object({
        port: portPath,
        profileId: z.string().min(1),
        current: z.number().int().min(1).max(247),
        next: z.number().int().min(1).max(247),
        timeoutMs: z.number().int().min(50).max(5000).default(1000),
        ...lineOverrides,
      })
      .strict(),
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      /** The probe's value read at the new address. */
      value: z.number().nullable(),
    }),
    access: editors,
    kind: 'write',
    long: true,
  }),
  'operations.cancel': defineCommand({
    name: 'operations.cancel',
    summary: 'Ask a running long operation (bulk read, scan) to stop before its next step.',
    input: z.object({ operationId: z.string().min(1).max(64) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    access: 'signed-in',
    kind: 'query',
  }),
};
