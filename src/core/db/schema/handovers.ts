// Hand-overs of a device's OpenPAYGO token counter from one office to another (docs/sync.md
// "Handing a device over"). The counter has one writer, `openpaygo_devices.owning_office_id`; a
// hand-over moves it and leaves this record, which travels to every office like any ledger row.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAtColumn, idColumn, officeColumn } from './columns';
import { devices } from './registry';
import { offices } from './system';

/** Append-only: written once by the office that gave the device up. */
export const deviceHandovers = sqliteTable(
  'device_handovers',
  {
    id: idColumn(),
    /** The office that wrote the record: the one that gave the counter up. */
    officeId: officeColumn(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    fromOfficeId: text('from_office_id')
      .notNull()
      .references(() => offices.id),
    toOfficeId: text('to_office_id')
      .notNull()
      .references(() => offices.id),
    /** The last count the old office used: the new office's next token starts above it. */
    count: integer('count').notNull(),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('device_handovers_device_idx').on(t.deviceId, t.createdAt)],
);
