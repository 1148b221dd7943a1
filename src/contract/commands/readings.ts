// Meter links and the readings store (docs/domain.md §9): how a meter is reached (port, protocol,
// profile, bus address, line settings), its readings with their flags (reset/swap, jump) and the
// clerk's review, manual entry, CSV import and consumption by day or month.
import { z } from 'zod';
import {
  METER_PROTOCOLS,
  PARITIES,
  READING_FLAGS,
  REVIEW_DECISIONS,
} from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';

const editors = ['admin', 'manager', 'clerk'] as const;

export const meterProtocol = z.enum(METER_PROTOCOLS);
export const parity = z.enum(PARITIES);
export const readingSource = z.enum([
  'manual',
  'modbus',
  'iec62056-21',
  'dlt645',
  'openems',
  'csv',
]);

export const lineSettings = z.object({
  baud: z.number().int(),
  dataBits: z.union([z.literal(7), z.literal(8)]),
  parity,
  stopBits: z.union([z.literal(1), z.literal(2)]),
});
export type LineSettings = z.infer<typeof lineSettings>;

export const meterLink = z.object({
  deviceId: f.id,
  protocol: meterProtocol,
  port: z.string().nullable(),
  profileId: z.string().nullable(),
  busAddress: z.string().nullable(),
  /** What is stored: null takes the default. */
  baud: z.number().int().nullable(),
  dataBits: z.number().int().nullable(),
  parity: parity.nullable(),
  stopBits: z.number().int().nullable(),
  /** The settings a read uses: stored ones over the profile's or protocol's defaults. */
  effective: lineSettings,
  maxKwhPerDay: z.number().int(),
});
export type MeterLink = z.infer<typeof meterLink>;

export const reading = z.object({
  id: f.id,
  deviceId: f.id,
  readAt: z.string(),
  wh: z.number().int(),
  source: readingSource,
  raw: z.string().nullable(),
  extras: z.record(z.string(), z.number()).nullable(),
  flag: z.enum(READING_FLAGS).nullable(),
  flagReason: z.string().nullable(),
  review: z
    .object({
      decision: z.enum(REVIEW_DECISIONS),
      note: z.string(),
      at: z.string(),
      by: z.string(),
    })
    .nullable(),
  /** ok: trusted; flagged: waits for a review; accepted / rejected: reviewed. */
  status: z.enum(['ok', 'flagged', 'accepted', 'rejected']),
  createdBy: z.string(),
});
export type Reading = z.infer<typeof reading>;

const kwhInput = z
  .number()
  .min(0, { message: 'must be 0 or more' })
  .max(99_999_999, { message: 'must be at most 99,999,999 kWh' })
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, {
    message: 'must have at most 3 decimals (Wh)',
  });

const busAddress = z
  .string()
  .trim()
  .regex(/^(\d{1,3}|\d{12})$/, {
    message: 'must be a Modbus id (1-247) or a 12-digit DL/T 645 address',
  });

/** How GridDesk reaches a meter, as the Meters list shows it. */
export const METER_LINK_STATES = ['serial', 'gateway', 'openems', 'none'] as const;

export const meterListRow = z.object({
  id: f.id,
  serial: z.string(),
  model: z.string(),
  status: f.deviceStatus,
  billingMode: f.billingMode.nullable(),
  customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }).nullable(),
  village: z.string().nullable(),
  miniGrid: z.string().nullable(),
  tariff: z.string().nullable(),
  /** serial: a port on this PC; gateway: configured without a port (CSV); openems: an Edge. */
  link: z.enum(METER_LINK_STATES),
  protocol: meterProtocol.nullable(),
  lastReading: z.object({ at: z.string(), wh: z.number().int() }).nullable(),
  /** Readings flagged (reset or jump) and waiting for a review. */
  flagged: z.number().int(),
});
export type MeterListRow = z.infer<typeof meterListRow>;

export const meterListFilters = z
  .object({
    clusterId: f.id.optional(),
    miniGridId: f.id.optional(),
    villageId: f.id.optional(),
    status: f.deviceStatus.optional(),
    billingMode: f.billingMode.optional(),
    link: z.enum(METER_LINK_STATES).optional(),
    /** Only meters with readings waiting for a review. */
    flagged: z.boolean().optional(),
    text: z.string().trim().max(100).optional(),
  })
  .strict();
export const meterListSort = z.enum(['serial', 'village', 'customer', 'lastReading', 'flagged']);

export const readingsCommands = {
  'meters.list': defineCommand({
    name: 'meters.list',
    summary:
      'A page of meters with how each is reached, its latest reading and the readings waiting for a review; filtered by site, status, link or flags.',
    input: z
      .object({
        ...f.paging,
        sort: meterListSort.default('serial'),
        filters: meterListFilters.default({}),
      })
      .strict(),
    output: z.object({ rows: z.array(meterListRow), total: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'meters.configure': defineCommand({
    name: 'meters.configure',
    summary:
      'Say how GridDesk reaches a meter: protocol, port (or none: read through a gateway or CSV), profile, bus address, line settings, and the kWh a day above which a reading is flagged.',
    input: z
      .object({
        deviceId: f.id,
        protocol: meterProtocol,
        // Empty means no port: the meter is read through a gateway or from CSV.
        port: z
          .string()
          .trim()
          .nullish()
          .transform((v) => v || null)
          .pipe(f.serialPortPath.nullable()),
        profileId: z
          .string()
          .trim()
          .max(80)
          .nullish()
          .transform((v) => v || null),
        busAddress: busAddress.nullish().transform((v) => v ?? null),
        baud: z
          .number()
          .int()
          .refine(
            (b) => [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(b),
            {
              message: 'must be a standard baud rate (300 to 115200)',
            },
          )
          .nullish()
          .transform((v) => v ?? null),
        dataBits: z
          .union([z.literal(7), z.literal(8)])
          .nullish()
          .transform((v) => v ?? null),
        parity: parity.nullish().transform((v) => v ?? null),
        stopBits: z
          .union([z.literal(1), z.literal(2)])
          .nullish()
          .transform((v) => v ?? null),
        maxKwhPerDay: z.number().int().min(1).max(1_000_000).default(100),
      })
      .strict(),
    output: meterLink,
    access: editors,
    kind: 'write',
  }),
  'meters.get': defineCommand({
    name: 'meters.get',
    summary:
      "A meter's link (or null when not configured), its latest reading and how many readings wait for a review.",
    input: z.object({ deviceId: f.id }).strict(),
    output: z.object({
      link: meterLink.nullable(),
      latest: reading.nullable(),
      flaggedCount: z.number().int(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'readings.list': defineCommand({
    name: 'readings.list',
    summary: 'Readings of a meter, newest first, with flags and reviews.',
    input: z
      .object({
        deviceId: f.id,
        status: z.enum(['all', 'flagged']).default('all'),
        page: f.paging.page,
        pageSize: f.paging.pageSize,
      })
      .strict(),
    output: z.object({ rows: z.array(reading), total: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'readings.addManual': defineCommand({
    name: 'readings.addManual',
    summary:
      "Enter a reading by hand (kWh as shown on the display), checked like every reading: lower than the previous or a jump above the meter's kWh a day is flagged for review.",
    input: z
      .object({
        deviceId: f.id,
        kwh: kwhInput,
        /** When the display showed it; now when omitted. */
        readAt: f.isoInstant.optional(),
        note: f.optionalText(300),
      })
      .strict(),
    output: reading,
    access: editors,
    kind: 'write',
  }),
  'readings.review': defineCommand({
    name: 'readings.review',
    summary:
      'Accept or reject a flagged reading with a note (a reset or meter swap is accepted; a misread rejected).',
    input: z
      .object({
        readingId: f.id,
        decision: z.enum(REVIEW_DECISIONS),
        note: f.requiredText(300),
      })
      .strict(),
    output: reading,
    access: editors,
    kind: 'write',
  }),
  'readings.import': defineCommand({
    name: 'readings.import',
    summary:
      'Import readings from CSV (timestamp,meter_id,energy_total or read_at,meter_serial,reading_kwh, or mapped columns): all or nothing, problems by line and column; a reading already stored is reported, not repeated.',
    input: z
      .object({
        csv: z.string().min(1, { message: 'is empty' }).max(20_000_000, {
          message: 'is too large (at most 20 MB)',
        }),
        /** Header names for the three fields, when the file's names are not recognised. */
        mapping: z
          .object({
            readAt: z.string().nullable(),
            meter: z.string().nullable(),
            kwh: z.string().nullable(),
          })
          .partial()
          .optional(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      headers: z.array(z.string()),
      mapping: z.object({
        readAt: z.string().nullable(),
        meter: z.string().nullable(),
        kwh: z.string().nullable(),
      }),
      rows: z.number().int(),
      imported: z.number().int(),
      duplicates: z.number().int(),
      flagged: z.number().int(),
      problems: z.array(
        z.object({ line: z.number().int(), column: z.string(), message: z.string() }),
      ),
    }),
    access: editors,
    kind: 'write',
  }),
  'readings.consumption': defineCommand({
    name: 'readings.consumption',
    summary:
      'Consumption of a meter per local day or month from its trusted readings (a reset starts a new baseline; never negative).',
    input: z
      .object({
        deviceId: f.id,
        granularity: z.enum(['daily', 'monthly']).default('daily'),
        from: f.isoDate.optional(),
        to: f.isoDate.optional(),
      })
      .strict(),
    output: z.object({
      buckets: z.array(z.object({ period: z.string(), wh: z.number().int() })),
      totalWh: z.number().int(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
};
