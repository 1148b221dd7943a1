// Manufacturers, device models, devices with their history and OpenPAYGO credentials, and the
// appliance catalog (docs/domain.md §2, §8.1).
import { z } from 'zod';
import { APPLIANCE_TYPES } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';

const editors = ['admin', 'manager', 'clerk'] as const;
const supervisors = ['admin', 'manager'] as const;

export const manufacturer = z.object({
  id: f.id,
  name: z.string(),
  notes: z.string().nullable(),
  models: z.number().int(),
  devices: z.number().int(),
});
export const deviceModel = z.object({
  id: f.id,
  manufacturerId: f.id,
  manufacturer: z.string(),
  name: z.string(),
  kind: f.deviceKind,
  tokenScheme: f.tokenScheme,
  /** OpenPAYGO extended tokens (12 digits), only once the manufacturer confirms the variant. */
  openpaygoExtended: z.boolean(),
  meterProfile: z.string().nullable(),
  notes: z.string().nullable(),
  devices: z.number().int(),
});
export type DeviceModel = z.infer<typeof deviceModel>;

/** Accepted only as 32 hex characters; never returned by any command. */
export const secretKeyInput = z
  .string()
  .trim()
  .transform((v) => v.replace(/^0x/i, '').replace(/[\s:-]/g, ''))
  .refine((v) => /^[0-9a-fA-F]{32}$/.test(v), { message: 'must be 32 hex characters (16 bytes)' })
  .transform((v) => v.toLowerCase());

export const openPaygoInput = z
  .object({
    key: secretKeyInput,
    startingCode: z
      .number()
      .int()
      .min(0)
      .max(999_999_999, { message: 'must have at most 9 digits' }),
    count: z.number().int().min(0).max(999_999_999).default(0),
    timeDivider: z.number().int().min(1).max(255).default(1),
    restrictedDigits: z.boolean().default(false),
  })
  .strict();

export const openPaygoState = z.object({
  keySet: z.literal(true),
  startingCode: z.number().int(),
  count: z.number().int(),
  timeDivider: z.number().int(),
  restrictedDigits: z.boolean(),
  owningOffice: z.string(),
  ownedHere: z.boolean(),
});

const person = z.object({ id: f.id, accountNumber: z.string(), name: z.string() });

export const device = z.object({
  id: f.id,
  kind: f.deviceKind,
  serial: z.string(),
  manufacturerId: f.id,
  manufacturer: z.string(),
  modelId: f.id,
  model: z.string(),
  tokenScheme: f.tokenScheme,
  status: f.deviceStatus,
  billingMode: f.billingMode.nullable(),
  installedAt: z.string().nullable(),
  notes: z.string().nullable(),
  customer: person.nullable(),
  site: z
    .object({ villageId: f.id, village: z.string(), miniGridId: f.id, miniGrid: z.string() })
    .nullable(),
  openpaygo: openPaygoState.nullable(),
  /** Meters: the tariff they are billed or sold energy on (null when none is set yet). */
  tariff: z.object({ id: f.id, name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Device = z.infer<typeof device>;

export const deviceEvent = z.object({
  id: f.id,
  at: z.string(),
  event: z.string(),
  customer: person.nullable(),
  village: z.string().nullable(),
  status: z.string().nullable(),
  note: z.string().nullable(),
  actor: z.string(),
});

export const deviceRow = z.object({
  id: f.id,
  kind: f.deviceKind,
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  status: f.deviceStatus,
  billingMode: f.billingMode.nullable(),
  customer: person.nullable(),
  village: z.string().nullable(),
  miniGrid: z.string().nullable(),
  installedAt: z.string().nullable(),
  tokenScheme: f.tokenScheme,
});
export type DeviceRow = z.infer<typeof deviceRow>;

export const deviceFilters = z
  .object({
    kind: f.deviceKind.optional(),
    status: f.deviceStatus.optional(),
    billingMode: f.billingMode.optional(),
    clusterId: f.id.optional(),
    miniGridId: f.id.optional(),
    villageId: f.id.optional(),
    customerId: f.id.optional(),
    modelId: f.id.optional(),
    manufacturerId: f.id.optional(),
    assigned: z.boolean().optional(),
    text: z.string().trim().max(100).optional(),
  })
  .strict();
export const deviceSort = z.enum([
  'serial',
  'kind',
  'model',
  'status',
  'village',
  'customer',
  'installedAt',
  'createdAt',
]);

export const deviceCreateInput = z
  .object({
    modelId: f.id,
    serial: f.requiredText(64),
    status: f.deviceStatus.optional(),
    villageId: f.id.nullish(),
    customerId: f.id.nullish(),
    billingMode: f.billingMode.nullish(),
    installedAt: f.isoDate.nullish(),
    notes: f.optionalText(2000),
    openpaygo: openPaygoInput.optional(),
  })
  .strict();
export type DeviceCreateInput = z.input<typeof deviceCreateInput>;

export const appliance = z.object({
  id: f.id,
  name: z.string(),
  type: z.enum(APPLIANCE_TYPES),
  priceMinor: z.number().int(),
  paygEnabled: z.boolean(),
  notes: z.string().nullable(),
});
export const applianceType = appliance.shape.type;

export const devicesCommands = {
  'manufacturers.list': defineCommand({
    name: 'manufacturers.list',
    summary: 'Manufacturers with how many models and devices each has.',
    input: z.object({}).strict(),
    output: z.object({ manufacturers: z.array(manufacturer) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'manufacturers.create': defineCommand({
    name: 'manufacturers.create',
    summary: 'Add a manufacturer.',
    input: z.object({ name: f.requiredText(80), notes: f.optionalText(2000) }).strict(),
    output: manufacturer,
    access: editors,
    kind: 'write',
  }),
  'manufacturers.update': defineCommand({
    name: 'manufacturers.update',
    summary: 'Rename a manufacturer or change its notes.',
    input: z
      .object({
        id: f.id,
        name: f.requiredText(80).optional(),
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: manufacturer,
    access: editors,
    kind: 'write',
  }),
  'models.list': defineCommand({
    name: 'models.list',
    summary: 'Device models, optionally of one manufacturer.',
    input: z.object({ manufacturerId: f.id.optional() }).strict(),
    output: z.object({ models: z.array(deviceModel) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'models.create': defineCommand({
    name: 'models.create',
    summary: 'Add a device model: its kind, token scheme and (meters) default meter profile.',
    input: z
      .object({
        manufacturerId: f.id,
        name: f.requiredText(80),
        kind: f.deviceKind,
        tokenScheme: f.tokenScheme,
        openpaygoExtended: z.boolean().default(false),
        meterProfile: f.optionalText(64),
        notes: f.optionalText(2000),
      })
      .strict(),
    output: deviceModel,
    access: editors,
    kind: 'write',
  }),
  'models.update': defineCommand({
    name: 'models.update',
    summary:
      "Change a model's name, meter profile or notes (kind and token scheme are fixed once devices use it).",
    input: z
      .object({
        id: f.id,
        name: f.requiredText(80).optional(),
        kind: f.deviceKind.optional(),
        tokenScheme: f.tokenScheme.optional(),
        openpaygoExtended: z.boolean().optional(),
        meterProfile: f.optionalText(64).optional(),
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: deviceModel,
    access: editors,
    kind: 'write',
  }),
  'devices.create': defineCommand({
    name: 'devices.create',
    summary:
      'Register a device (in stock, or installed for a customer), with OpenPAYGO credentials if its model uses them.',
    input: deviceCreateInput,
    output: device,
    access: editors,
    kind: 'write',
  }),
  'devices.update': defineCommand({
    name: 'devices.update',
    summary: 'Change a device: serial, status, billing mode, installation date, notes.',
    input: z
      .object({
        id: f.id,
        serial: f.requiredText(64).optional(),
        status: f.deviceStatus.optional(),
        billingMode: f.billingMode.nullish(),
        installedAt: f.isoDate.nullish(),
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: device,
    access: editors,
    kind: 'write',
  }),
  'devices.assign': defineCommand({
    name: 'devices.assign',
    summary:
      "Give a device to a customer (installed in the customer's village unless another is named).",
    input: z
      .object({
        id: f.id,
        customerId: f.id,
        villageId: f.id.optional(),
        installedAt: f.isoDate.optional(),
        note: f.optionalText(500),
      })
      .strict(),
    output: device,
    access: editors,
    kind: 'write',
  }),
  'devices.unassign': defineCommand({
    name: 'devices.unassign',
    summary: 'Take a device back from its customer (back in stock, or faulty), with a reason.',
    input: z
      .object({
        id: f.id,
        status: z.enum(['in_stock', 'faulty', 'retired']).default('in_stock'),
        note: f.requiredText(500),
      })
      .strict(),
    output: device,
    access: editors,
    kind: 'write',
  }),
  'devices.move': defineCommand({
    name: 'devices.move',
    summary: 'Move a device to another village.',
    input: z.object({ id: f.id, villageId: f.id, note: f.optionalText(500) }).strict(),
    output: device,
    access: editors,
    kind: 'write',
  }),
  'devices.setOpenPaygo': defineCommand({
    name: 'devices.setOpenPaygo',
    summary:
      "Set a device's OpenPAYGO credentials (the key is stored encrypted and never shown again).",
    input: z.object({ id: f.id }).extend(openPaygoInput.shape).strict(),
    output: device,
    access: supervisors,
    kind: 'write',
  }),
  'devices.get': defineCommand({
    name: 'devices.get',
    summary:
      'One device with its model, customer, site, OpenPAYGO state (never the key) and history.',
    input: z.object({ id: f.id }).strict(),
    output: z.object({ device, history: z.array(deviceEvent) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'devices.list': defineCommand({
    name: 'devices.list',
    summary: 'A page of devices, filtered and sorted on the server.',
    input: z
      .object({
        ...f.paging,
        sort: deviceSort.default('serial'),
        filters: deviceFilters.default({}),
      })
      .strict(),
    output: z.object({ rows: z.array(deviceRow), total: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'devices.export': defineCommand({
    name: 'devices.export',
    summary: 'The filtered device list as CSV text (never keys).',
    input: z
      .object({
        sort: deviceSort.default('serial'),
        direction: f.paging.direction,
        filters: deviceFilters.default({}),
      })
      .strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    access: editors,
    kind: 'query',
  }),
  'appliances.list': defineCommand({
    name: 'appliances.list',
    summary: 'The appliance catalog.',
    input: z.object({}).strict(),
    output: z.object({ appliances: z.array(appliance) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'appliances.create': defineCommand({
    name: 'appliances.create',
    summary: 'Add an appliance to the catalog (price in minor units).',
    input: z
      .object({
        name: f.requiredText(80),
        type: applianceType,
        priceMinor: f.moneyMinor,
        paygEnabled: z.boolean().default(true),
        notes: f.optionalText(2000),
      })
      .strict(),
    output: appliance,
    access: ['admin', 'manager'],
    kind: 'write',
  }),
  'appliances.update': defineCommand({
    name: 'appliances.update',
    summary: 'Change an appliance in the catalog.',
    input: z
      .object({
        id: f.id,
        name: f.requiredText(80).optional(),
        type: applianceType.optional(),
        priceMinor: f.moneyMinor.optional(),
        paygEnabled: z.boolean().optional(),
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: appliance,
    access: ['admin', 'manager'],
    kind: 'write',
  }),
};
