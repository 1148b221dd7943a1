// The closed lists of GridDesk, declared once (docs/architecture.md, "One vocabulary"). The drizzle
// enums, the contract's zod enums and the words on screen (renderer/lib/labels.ts with the
// `enums.*` translations) all read these lists, so a new kind or status is added here and
// everything that must know about it fails to compile or to test until it does.
//
// Lists with a rule of their own live beside that rule and are re-exported here:
// payment methods (payment-methods.ts) and the backup log's reasons and statuses
// (backup/vocabulary.ts).

export { PAYMENT_METHODS, type PaymentMethod } from './payment-methods';
export {
  BACKUP_REASONS,
  BACKUP_STATUSES,
  type BackupReason,
  type BackupStatus,
} from './backup/vocabulary';

/** The four roles of an office. Order matters only for display. */
export const ROLES = ['admin', 'manager', 'clerk', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

// --- registry ---
export const CUSTOMER_KINDS = ['individual', 'business'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const DEVICE_KINDS = ['meter', 'shs', 'ebike'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DEVICE_STATUSES = ['in_stock', 'installed', 'faulty', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
/** `generation`: a meter on a plant's output, for energy generated against sold (no customer). */
export const BILLING_MODES = ['prepaid', 'postpaid', 'generation'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const TOKEN_SCHEMES = ['openpaygo', 'sts', 'none'] as const;
export type TokenScheme = (typeof TOKEN_SCHEMES)[number];
/** What the device history records. */
export const DEVICE_EVENTS = [
  'registered',
  'assigned',
  'unassigned',
  'moved',
  'status',
  'updated',
  'credentials',
] as const;
export type DeviceEvent = (typeof DEVICE_EVENTS)[number];
export const APPLIANCE_TYPES = [
  'shs',
  'ebike',
  'fridge',
  'freezer',
  'tv',
  'mill',
  'pump',
  'fan',
  'phone',
  'other',
] as const;
export type ApplianceType = (typeof APPLIANCE_TYPES)[number];

// --- counter ---
/** The parts a counter payment is split into (domain/allocation.ts decides the split). */
export const ALLOCATION_KINDS = [
  'instalment',
  'access_debt',
  'energy',
  'days',
  'credit',
  /** Settles a final postpaid invoice (ref_id). */
  'invoice',
  /** Overpayment on a postpaid account, credited to the next invoices. */
  'account_credit',
  /** The down payment of an appliance contract (ref_id = the contract). */
  'down_payment',
  /** Money towards an appliance contract's balance (ref_id = the contract; days = days bought). */
  'contract',
] as const;
export type AllocationKind = (typeof ALLOCATION_KINDS)[number];
/** OpenPAYGO token types GridDesk issues. */
export const TOKEN_KINDS = ['ADD_TIME', 'SET_TIME', 'DISABLE_PAYG', 'COUNTER_SYNC'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];
/** How an STS vendor token reached GridDesk. */
export const STS_TOKEN_SOURCES = ['typed', 'csv'] as const;
export type StsTokenSource = (typeof STS_TOKEN_SOURCES)[number];

// --- meters and readings ---
export const METER_PROTOCOLS = ['modbus-rtu', 'iec62056-21', 'dlt645'] as const;
export type MeterProtocol = (typeof METER_PROTOCOLS)[number];
export const PARITIES = ['none', 'even', 'odd'] as const;
export type Parity = (typeof PARITIES)[number];
export const READING_SOURCES = [
  'manual',
  'modbus',
  'iec62056-21',
  'dlt645',
  'openems',
  'csv',
] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];
/** Why a reading is held for review (domain/readings/validate.ts decides). */
export const READING_FLAGS = ['reset', 'jump'] as const;
export type ReadingFlag = (typeof READING_FLAGS)[number];
export const REVIEW_DECISIONS = ['accepted', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

// --- billing ---
/** A billing run and its invoices: drafts are replaced freely, final ones never change. */
export const ISSUE_STATUSES = ['draft', 'final'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const NOTE_KINDS = ['credit', 'debit'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const PAYMENT_PROVIDERS = ['none', 'paystack', 'flutterwave', 'pesapal', 'custom'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

// --- audit ---
export const AUDIT_OUTCOMES = ['ok', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

// --- reports ---
/** What a target measures (domain/reports/monthly.ts `targetActual` says in which unit). */
export const TARGET_METRICS = [
  'revenue',
  'new_customers',
  'energy_sold',
  'collection_rate',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
/** Targets are set for a mini-grid or a whole cluster. */
export const TARGET_SCOPES = ['mini_grid', 'cluster'] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];
