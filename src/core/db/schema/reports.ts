// Targets managers set for a mini-grid or a cluster (docs/reports.md "Targets"): a metric to reach
// between two local dates. Master data: changed in place (the latest change wins when offices
// merge), removed by a tombstone.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { TARGET_METRICS, TARGET_SCOPES } from '../../../domain/vocabulary';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';

export const targets = sqliteTable(
  'targets',
  {
    id: idColumn(),
    officeId: officeColumn(),
    scope: text('scope', { enum: TARGET_SCOPES }).notNull(),
    /** The mini-grid's or the cluster's id, as `scope` says. */
    scopeId: text('scope_id').notNull(),
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    /** Minor units, a count, Wh or basis points, as the metric says. */
    value: integer('value').notNull(),
    /** Local dates, both included: the actual is counted from `fromDate` to `byDate`. */
    fromDate: text('from_date').notNull(),
    byDate: text('by_date').notNull(),
    notes: text('notes'),
    createdAt: createdAtColumn(),
    createdBy: text('created_by').notNull(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [index('targets_scope_idx').on(t.scope, t.scopeId)],
);
