// Tariffs and their versions (docs/domain.md §4). A tariff is master data (tombstoned,
// HLC-stamped); its versions are an append-only ledger (trigger in resources/migrations): a price
// change is a new version with a later effective date, so a bill can always be recomputed with the
// version that was in force. Defined apart from registry.ts, which imports it for
// devices.tariff_id.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { TariffDefinition } from '../../../domain/tariff';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';

export const tariffs = sqliteTable('tariffs', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
  deletedAt: deletedAtColumn(),
});

export const tariffVersions = sqliteTable(
  'tariff_versions',
  {
    id: idColumn(),
    tariffId: text('tariff_id')
      .notNull()
      .references(() => tariffs.id),
    /** 1, 2, 3... per tariff. */
    version: integer('version').notNull(),
    /** Local calendar date (YYYY-MM-DD) from which the version applies. */
    effectiveFrom: text('effective_from').notNull(),
    /** The prices, in the shape of the domain's TariffDefinition. */
    definition: text('definition', { mode: 'json' }).$type<TariffDefinition>().notNull(),
    approvalRef: text('approval_ref'),
    createdAt: createdAtColumn(),
    /** Username of who added the version. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    uniqueIndex('tariff_versions_tariff_version_unique').on(t.tariffId, t.version),
    index('tariff_versions_effective_idx').on(t.tariffId, t.effectiveFrom),
  ],
);
