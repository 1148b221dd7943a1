// How GridDesk reaches each meter, and what it read (docs/domain.md §9). A meter's link is master
// data (one row per device, HLC-stamped). Readings and their reviews are append-only ledgers
// (triggers in resources/migrations): a wrong reading is rejected by a review, never edited or
// deleted, so a bill can always show the readings it was computed from. OpenEMS Edges are master
// data whose password is sealed like the OpenPAYGO keys.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';
import { devices } from './registry';
import {
  METER_PROTOCOLS,
  PARITIES,
  READING_FLAGS,
  READING_SOURCES,
  REVIEW_DECISIONS,
} from '../../../domain/vocabulary';

export const meterLinks = sqliteTable('meter_links', {
  deviceId: text('device_id')
    .primaryKey()
    .references(() => devices.id),
  protocol: text('protocol', { enum: METER_PROTOCOLS }).notNull(),
  /** COM3, /dev/ttyUSB0; null when the meter is read through a gateway (OpenEMS, CSV). */
  port: text('port'),
  profileId: text('profile_id'),
  /** Modbus slave id (1..247) as text, or the 12-digit DL/T 645 address. */
  busAddress: text('bus_address'),
  /** Line settings; null takes the profile's (or the protocol's) default. */
  baud: integer('baud'),
  dataBits: integer('data_bits'),
  parity: text('parity', { enum: PARITIES }),
  stopBits: integer('stop_bits'),
  /** Growth above this many kWh a day flags a reading as a jump. */
  maxKwhPerDay: integer('max_kwh_per_day').notNull(),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
});

export const meterReadings = sqliteTable(
  'meter_readings',
  {
    id: idColumn(),
    officeId: officeColumn(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    /** When the meter showed the value (UTC instant). */
    readAt: text('read_at').notNull(),
    /** Cumulative import energy. */
    wh: integer('wh').notNull(),
    source: text('source', { enum: READING_SOURCES }).notNull(),
    /** The value as read (register value, OBIS text, CSV cell), for audits of the conversion. */
    raw: text('raw'),
    /** Voltage, current, power read alongside, when the source gives them. */
    extras: text('extras', { mode: 'json' }).$type<Record<string, number>>(),
    flag: text('flag', { enum: READING_FLAGS }),
    flagReason: text('flag_reason'),
    /** Re-importing the same file or pulling the same value again finds this key. */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAtColumn(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('meter_readings_device_time_idx').on(t.deviceId, t.readAt),
    // Flagged readings are few: the Meters list counts and filters them per meter through this
    // partial index instead of reading every reading of every meter.
    index('meter_readings_flagged_idx')
      .on(t.deviceId)
      .where(sql`${t.flag} IS NOT NULL`),
    uniqueIndex('meter_readings_dedupe_unique').on(t.dedupeKey),
  ],
);

export const readingReviews = sqliteTable('reading_reviews', {
  readingId: text('reading_id')
    .primaryKey()
    .references(() => meterReadings.id),
  decision: text('decision', { enum: REVIEW_DECISIONS }).notNull(),
  note: text('note').notNull(),
  reviewedAt: text('reviewed_at').notNull(),
  reviewedBy: text('reviewed_by').notNull(),
});

export const openemsEdges = sqliteTable('openems_edges', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  /** e.g. http://192.168.1.20:8084 */
  url: text('url').notNull(),
  username: text('username').notNull(),
  passwordSealed: text('password_sealed').notNull(),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
});

export const openemsChannels = sqliteTable('openems_channels', {
  deviceId: text('device_id')
    .primaryKey()
    .references(() => devices.id),
  edgeId: text('edge_id')
    .notNull()
    .references(() => openemsEdges.id),
  /** The Edge component id, e.g. meter0. */
  component: text('component').notNull(),
  /** Unmapped: a tombstone, so the unmapping travels like any change (synced rows are never deleted). */
  deletedAt: deletedAtColumn(),
  updatedHlc: updatedHlcColumn(),
});
