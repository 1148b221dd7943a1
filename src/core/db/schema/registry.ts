// Sites, customers and devices (DOMAIN.md §2). The registry issue grows these tables; this first
// cut holds what the demo company and the dashboard need.
import { sql } from 'drizzle-orm';
import { index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';

export const clusters = sqliteTable('clusters', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
  deletedAt: deletedAtColumn(),
});

export const miniGrids = sqliteTable(
  'mini_grids',
  {
    id: idColumn(),
    officeId: officeColumn(),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    name: text('name').notNull(),
    code: text('code').notNull(),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [index('mini_grids_cluster_idx').on(t.clusterId)],
);

export const villages = sqliteTable(
  'villages',
  {
    id: idColumn(),
    officeId: officeColumn(),
    miniGridId: text('mini_grid_id')
      .notNull()
      .references(() => miniGrids.id),
    name: text('name').notNull(),
    latitude: real('latitude'),
    longitude: real('longitude'),
    notes: text('notes'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [index('villages_mini_grid_idx').on(t.miniGridId)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: idColumn(),
    officeId: officeColumn(),
    accountNumber: text('account_number').notNull(),
    kind: text('kind', { enum: ['individual', 'business'] }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    businessName: text('business_name'),
    phone: text('phone'),
    gender: text('gender', { enum: ['female', 'male'] }),
    nationalId: text('national_id'),
    villageId: text('village_id')
      .notNull()
      .references(() => villages.id),
    address: text('address'),
    notes: text('notes'),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    uniqueIndex('customers_account_number_unique').on(t.accountNumber),
    index('customers_village_idx').on(t.villageId),
    index('customers_phone_idx').on(t.phone),
  ],
);

export const devices = sqliteTable(
  'devices',
  {
    id: idColumn(),
    officeId: officeColumn(),
    kind: text('kind', { enum: ['meter', 'shs', 'ebike'] }).notNull(),
    manufacturer: text('manufacturer').notNull(),
    model: text('model').notNull(),
    serial: text('serial').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    villageId: text('village_id').references(() => villages.id),
    status: text('status', { enum: ['in_stock', 'installed', 'faulty', 'retired'] }).notNull(),
    billingMode: text('billing_mode', { enum: ['prepaid', 'postpaid'] }),
    installedAt: text('installed_at'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    uniqueIndex('devices_manufacturer_serial_unique').on(t.manufacturer, t.serial),
    index('devices_customer_idx').on(t.customerId),
    index('devices_village_idx').on(t.villageId),
    index('devices_kind_idx')
      .on(t.kind)
      .where(sql`deleted_at IS NULL`),
  ],
);
