// Sites, customers, manufacturers and models, devices and their history, OpenPAYGO credentials,
// the appliance catalog (docs/domain.md §2, §8.1). Master data is tombstoned (deleted_at), never
// deleted; device history is an append-only ledger.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  createdAtColumn,
  deletedAtColumn,
  idColumn,
  officeColumn,
  updatedHlcColumn,
} from './columns';
import { tariffs } from './tariffs';
import {
  APPLIANCE_TYPES,
  BILLING_MODES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEVICE_EVENTS,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  GENDERS,
  TOKEN_SCHEMES,
} from '../../../domain/vocabulary';

const live = sql`deleted_at IS NULL`;

export const clusters = sqliteTable('clusters', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  notes: text('notes'),
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
    /** Short code used on the command line and in reports (`--mini-grid ILE`). */
    code: text('code').notNull(),
    latitude: real('latitude'),
    longitude: real('longitude'),
    notes: text('notes'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    index('mini_grids_cluster_idx').on(t.clusterId),
    // Per office (docs/sync.md "Unique keys"): two offices may name grids alike while apart.
    uniqueIndex('mini_grids_code_office_unique').on(t.code, t.officeId).where(live),
  ],
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
    kind: text('kind', { enum: CUSTOMER_KINDS }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    businessName: text('business_name'),
    /** E.164 (+2348031234567), normalised on the way in. */
    phone: text('phone'),
    phone2: text('phone2'),
    gender: text('gender', { enum: GENDERS }),
    nationalId: text('national_id'),
    villageId: text('village_id')
      .notNull()
      .references(() => villages.id),
    address: text('address'),
    notes: text('notes'),
    status: text('status', { enum: CUSTOMER_STATUSES }).notNull().default('active'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    uniqueIndex('customers_account_number_unique').on(t.accountNumber),
    index('customers_village_idx').on(t.villageId),
    index('customers_phone_idx').on(t.phone),
    index('customers_national_id_idx').on(t.nationalId),
    index('customers_created_idx').on(t.createdAt),
    // The list's sorts (areas/registry/customers.ts): each page's ids are read from one of these in
    // order, skipped rows included, without touching the table; the filters' columns ride along
    // so a filtered page is checked in the index too. Partial on the rows a list shows, which is
    // also the condition every list query has.
    index('customers_list_account_idx')
      .on(t.accountNumber, t.villageId, t.status, t.kind)
      .where(sql`deleted_at IS NULL`),
    index('customers_list_name_idx')
      .on(
        sql`${t.lastName} COLLATE NOCASE`,
        sql`${t.firstName} COLLATE NOCASE`,
        sql`${t.businessName} COLLATE NOCASE`,
        t.villageId,
        t.status,
        t.kind,
      )
      .where(sql`deleted_at IS NULL`),
    index('customers_list_status_idx')
      .on(t.status, t.accountNumber, t.villageId, t.kind)
      .where(sql`deleted_at IS NULL`),
    index('customers_list_created_idx')
      .on(t.createdAt, t.villageId, t.status, t.kind)
      .where(sql`deleted_at IS NULL`),
    // Finding "the same person" on import: name within a village, case-insensitively.
    index('customers_identity_idx').on(
      t.villageId,
      sql`lower(${t.lastName})`,
      sql`lower(${t.firstName})`,
    ),
  ],
);

export const manufacturers = sqliteTable('manufacturers', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  notes: text('notes'),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
  deletedAt: deletedAtColumn(),
});

export const deviceModels = sqliteTable(
  'device_models',
  {
    id: idColumn(),
    officeId: officeColumn(),
    manufacturerId: text('manufacturer_id')
      .notNull()
      .references(() => manufacturers.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: DEVICE_KINDS }).notNull(),
    tokenScheme: text('token_scheme', { enum: TOKEN_SCHEMES }).notNull(),
    /**
     * OpenPAYGO models only: the devices take the reference implementation's extended tokens
     * (12 digits). Off unless the manufacturer confirms that variant (docs/counter.md).
     */
    openpaygoExtended: integer('openpaygo_extended', { mode: 'boolean' }).notNull().default(false),
    /** Meter profile id (resources/meter-profiles), for meters read over serial. */
    meterProfile: text('meter_profile'),
    notes: text('notes'),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [index('device_models_manufacturer_idx').on(t.manufacturerId)],
);

export const devices = sqliteTable(
  'devices',
  {
    id: idColumn(),
    officeId: officeColumn(),
    kind: text('kind', { enum: DEVICE_KINDS }).notNull(),
    manufacturerId: text('manufacturer_id')
      .notNull()
      .references(() => manufacturers.id),
    modelId: text('model_id')
      .notNull()
      .references(() => deviceModels.id),
    serial: text('serial').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    villageId: text('village_id').references(() => villages.id),
    status: text('status', { enum: DEVICE_STATUSES }).notNull(),
    billingMode: text('billing_mode', { enum: BILLING_MODES }),
    installedAt: text('installed_at'),
    notes: text('notes'),
    /** Meters only: the tariff their energy is billed and sold at. */
    tariffId: text('tariff_id').references(() => tariffs.id),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
    deletedAt: deletedAtColumn(),
  },
  (t) => [
    uniqueIndex('devices_manufacturer_serial_unique').on(t.manufacturerId, t.serial),
    index('devices_serial_idx').on(t.serial),
    // The lists' sorts (services/devices.ts, meter-list.ts, payg-terms.ts), partial on the rows
    // a list shows: a page's ids are read in order from the index alone.
    index('devices_list_serial_idx')
      .on(t.serial)
      .where(sql`deleted_at IS NULL`),
    index('devices_list_kind_idx')
      .on(t.kind, t.serial)
      .where(sql`deleted_at IS NULL`),
    index('devices_list_status_idx')
      .on(t.status, t.serial)
      .where(sql`deleted_at IS NULL`),
    index('devices_list_installed_idx')
      .on(t.installedAt)
      .where(sql`deleted_at IS NULL`),
    index('devices_list_created_idx')
      .on(t.createdAt)
      .where(sql`deleted_at IS NULL`),
    index('devices_list_lockable_idx')
      .on(t.serial)
      .where(sql`kind <> 'meter' AND deleted_at IS NULL`),
    index('devices_customer_idx').on(t.customerId),
    index('devices_village_idx').on(t.villageId),
    index('devices_kind_status_idx').on(t.kind, t.status),
    index('devices_created_idx').on(t.createdAt),
    index('devices_tariff_idx').on(t.tariffId),
  ],
);

/** Append-only: what happened to a device, when, by whom (registered, assigned, moved...). */
export const deviceEvents = sqliteTable(
  'device_events',
  {
    id: idColumn(),
    officeId: officeColumn(),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    at: text('at').notNull(),
    event: text('event', { enum: DEVICE_EVENTS }).notNull(),
    customerId: text('customer_id'),
    villageId: text('village_id'),
    status: text('status'),
    note: text('note'),
    actor: text('actor').notNull(),
  },
  (t) => [index('device_events_device_idx').on(t.deviceId, t.at)],
);

/**
 * OpenPAYGO Token state per device. The secret key is sealed (AES-256-GCM, see
 * core/adapters/secret-box.ts) and never leaves the core in clear. `count` is the last count used;
 * only the owning office may move it (single writer across offices).
 */
export const openpaygoDevices = sqliteTable('openpaygo_devices', {
  deviceId: text('device_id')
    .primaryKey()
    .references(() => devices.id),
  keySealed: text('key_sealed').notNull(),
  startingCode: integer('starting_code').notNull(),
  count: integer('count').notNull(),
  /**
   * The count the device had when its credentials were imported or set: the token checker's
   * "last count the device has seen" until a token is confirmed entered.
   */
  provisionedCount: integer('provisioned_count').notNull().default(0),
  timeDivider: integer('time_divider').notNull().default(1),
  restrictedDigits: integer('restricted_digits', { mode: 'boolean' }).notNull().default(false),
  owningOfficeId: text('owning_office_id').notNull(),
  updatedHlc: updatedHlcColumn(),
});

export const appliances = sqliteTable('appliances', {
  id: idColumn(),
  officeId: officeColumn(),
  name: text('name').notNull(),
  type: text('type', { enum: APPLIANCE_TYPES }).notNull(),
  priceMinor: integer('price_minor').notNull(),
  paygEnabled: integer('payg_enabled', { mode: 'boolean' }).notNull().default(true),
  notes: text('notes'),
  createdAt: createdAtColumn(),
  updatedHlc: updatedHlcColumn(),
  deletedAt: deletedAtColumn(),
});

/** Saved CSV column mappings, by import kind and a name the clerk chose. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    id: idColumn(),
    officeId: officeColumn(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<Record<string, string | null>>().notNull(),
    createdAt: createdAtColumn(),
    updatedHlc: updatedHlcColumn(),
  },
  // Each office keeps its own saved mappings (docs/sync.md "Unique keys").
  (t) => [uniqueIndex('import_mappings_kind_name_office_unique').on(t.kind, t.name, t.officeId)],
);
