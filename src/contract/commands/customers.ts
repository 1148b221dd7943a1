// Customers (docs/domain.md §2): people and businesses with an account number.
import { z } from 'zod';
import { defineCommand } from '../command';
import { nationalIdProblem } from '../../domain/national-id';
import * as f from '../fields';

const editors = ['admin', 'manager', 'clerk'] as const;

const phoneText = z.string().trim().max(40, { message: 'must be at most 40 characters' });

export const customerFields = {
  kind: f.customerKind.default('individual'),
  firstName: z.string().trim().max(80, { message: 'must be at most 80 characters' }).default(''),
  lastName: z.string().trim().max(80, { message: 'must be at most 80 characters' }).default(''),
  businessName: f.optionalText(120),
  phone: phoneText.nullish(),
  phone2: phoneText.nullish(),
  nationalId: f.optionalText(40).refine((v) => v === null || nationalIdProblem(v) === null, {
    message: nationalIdProblem('-') ?? '',
  }),
  gender: f.gender.nullish(),
  villageId: f.id,
  address: f.optionalText(300),
  notes: f.optionalText(4000),
  status: f.customerStatus.default('active'),
};

export const customerCreateInput = z.object(customerFields).strict();
export type CustomerCreateInput = z.input<typeof customerCreateInput>;

export const siteRef = z.object({
  villageId: f.id,
  village: z.string(),
  miniGridId: f.id,
  miniGrid: z.string(),
  clusterId: f.id,
  cluster: z.string(),
});

export const customer = z.object({
  id: f.id,
  accountNumber: z.string(),
  kind: f.customerKind,
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  businessName: z.string().nullable(),
  phone: z.string().nullable(),
  phone2: z.string().nullable(),
  nationalId: z.string().nullable(),
  gender: f.gender.nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  status: f.customerStatus,
  createdAt: z.string(),
  site: siteRef,
});
export type Customer = z.infer<typeof customer>;

export const customerRow = z.object({
  id: f.id,
  accountNumber: z.string(),
  displayName: z.string(),
  kind: f.customerKind,
  phone: z.string().nullable(),
  nationalId: z.string().nullable(),
  village: z.string(),
  miniGrid: z.string(),
  /** The code of the office that registered the customer (company-wide lists, docs/sync.md). */
  office: z.string(),
  status: f.customerStatus,
  devices: z.number().int(),
  createdAt: z.string(),
});
export type CustomerRow = z.infer<typeof customerRow>;

export const customerFilters = z
  .object({
    clusterId: f.id.optional(),
    miniGridId: f.id.optional(),
    villageId: f.id.optional(),
    status: f.customerStatus.optional(),
    kind: f.customerKind.optional(),
    /** Only the customers registered by this office (its code), where offices sync. */
    officeCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,5}$/, { message: 'must be an office code of 2 to 5 letters' })
      .optional(),
    /** Narrows to records whose name, phone, account, ID (or serial) contain this text. */
    text: z.string().trim().max(100).optional(),
  })
  .strict();

export const customerSort = z.enum(['accountNumber', 'name', 'village', 'status', 'createdAt']);

const deviceSummary = z.object({
  id: f.id,
  kind: f.deviceKind,
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  status: f.deviceStatus,
  billingMode: f.billingMode.nullable(),
});

export const customersCommands = {
  'customers.create': defineCommand({
    name: 'customers.create',
    summary: 'Register a customer; the account number is given automatically.',
    input: customerCreateInput,
    output: customer,
    access: editors,
    kind: 'write',
  }),
  'customers.update': defineCommand({
    name: 'customers.update',
    summary: 'Change a customer: identity, phones, village, address, notes, status.',
    input: z
      .object({
        id: f.id,
        kind: f.customerKind.optional(),
        firstName: z
          .string()
          .trim()
          .max(80, { message: 'must be at most 80 characters' })
          .optional(),
        lastName: z
          .string()
          .trim()
          .max(80, { message: 'must be at most 80 characters' })
          .optional(),
        businessName: f.optionalText(120).optional(),
        phone: phoneText.nullish(),
        phone2: phoneText.nullish(),
        nationalId: f.optionalText(40).optional(),
        gender: f.gender.nullish(),
        villageId: f.id.optional(),
        address: f.optionalText(300).optional(),
        notes: f.optionalText(4000).optional(),
        status: f.customerStatus.optional(),
      })
      .strict(),
    output: customer,
    access: editors,
    kind: 'write',
  }),
  'customers.get': defineCommand({
    name: 'customers.get',
    summary: 'One customer with their site and devices.',
    input: z.object({ id: f.id }).strict(),
    output: z.object({ customer, devices: z.array(deviceSummary) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'customers.list': defineCommand({
    name: 'customers.list',
    summary: 'A page of customers, filtered and sorted on the server.',
    input: z
      .object({
        ...f.paging,
        sort: customerSort.default('accountNumber'),
        filters: customerFilters.default({}),
      })
      .strict(),
    output: z.object({ rows: z.array(customerRow), total: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'customers.export': defineCommand({
    name: 'customers.export',
    summary: 'The filtered customer list as CSV text.',
    input: z
      .object({
        sort: customerSort.default('accountNumber'),
        direction: f.paging.direction,
        filters: customerFilters.default({}),
      })
      .strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    access: editors,
    kind: 'query',
  }),
  'customers.delete': defineCommand({
    name: 'customers.delete',
    summary:
      'Delete a customer who has no devices (a tombstone: the record stays for sync and history).',
    input: z.object({ id: f.id }).strict(),
    output: z.object({ deleted: z.literal(true) }),
    access: ['admin', 'manager'],
    kind: 'write',
  }),
};
