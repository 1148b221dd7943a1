// Mapped CSV rows -> validated customer / device / OpenPAYGO device records, or line-numbered
// problems. Pure: what the database knows (villages, models, customers) is passed in as lookups,
// and duplicates against the database are the caller's check; duplicates inside the file are ours.
import { normaliseAccountNumber } from '../account-number';
import {
  parseCount,
  parseFlag,
  parseSecretKey,
  parseStartingCode,
  parseTimeDivider,
} from '../openpaygo/credentials';
import { illFormedTextProblem } from '../text';
import type {
  BillingMode,
  CustomerKind,
  CustomerStatus,
  DeviceKind,
  DeviceStatus,
  Gender,
  TokenScheme,
} from '../vocabulary';
import { normalisePhone } from '../phone';
import { checkMapping, normaliseHeader, type ColumnMapping } from './mapping';
import { parseCsvDate } from './dates';
import type { CsvRow } from './parse';
import { FIELD_SPECS, type ImportKind } from './specs';
import { nationalIdProblem } from '../national-id';

export { parseCsvDate } from './dates';
export { FIELD_SPECS, type ImportKind } from './specs';

export interface Problem {
  /** Record number in the file, header = 1 (see CsvRow). */
  line: number;
  /** Header text as in the file; null when the field has no column (e.g. a default failed). */
  column: string | null;
  field: string | null;
  /** The cell, trimmed and cut to 60 characters; never the text of a secret key. */
  value: string | null;
  message: string;
}

export type { DeviceKind, TokenScheme };
export interface ModelInfo {
  id: string;
  manufacturerId: string;
  kind: DeviceKind;
  tokenScheme: TokenScheme;
}

/** Every name key below is built with `normaliseName`. */
export interface Lookups {
  /** Company country (ISO 3166 alpha-2), the default for phone numbers without +. */
  country: string;
  /** Normalised village name -> village ids (a name may repeat across mini-grids). */
  villages: Map<string, string[]>;
  /** `${normalised mini-grid code or name}|${normalised village name}` -> village id. */
  villagesByGridAndName: Map<string, string>;
  /** `${manufacturer}|${model}`, and also `|${model}` when the model name is unique. */
  models: Map<string, ModelInfo>;
  /** Account number (normaliseAccountNumber) -> customer id. */
  customersByAccount: Map<string, string>;
}

export type { DeviceStatus, BillingMode };

/** Values the clerk chose for the whole file, used where a cell is empty or has no column. */
export interface Defaults {
  villageId?: string;
  modelId?: string;
  status?: DeviceStatus;
  billingMode?: BillingMode;
}

export interface CustomerRecord {
  line: number;
  kind: CustomerKind;
  firstName: string;
  lastName: string;
  businessName: string | null;
  phone: string | null;
  phone2: string | null;
  nationalId: string | null;
  gender: Gender | null;
  villageId: string;
  address: string | null;
  notes: string | null;
  status: CustomerStatus;
}

export interface DeviceRecord {
  line: number;
  serial: string;
  modelId: string;
  manufacturerId: string;
  kind: DeviceKind;
  status: DeviceStatus;
  villageId: string | null;
  customerId: string | null;
  billingMode: BillingMode | null;
  /** ISO date YYYY-MM-DD. */
  installedAt: string | null;
  notes: string | null;
}

export interface OpenPaygoRecord extends DeviceRecord {
  keyHex: string;
  startingCode: number;
  count: number;
  timeDivider: number;
  restrictedDigits: boolean;
}

interface RecordByKind {
  customers: CustomerRecord;
  devices: DeviceRecord;
  'openpaygo-devices': OpenPaygoRecord;
}
export type RecordOf<K extends ImportKind> = RecordByKind[K];

/** The normaliser for every name key in Lookups (villages, mini-grids, manufacturers, models). */
export const normaliseName = normaliseHeader;

/**
 * checkMapping for one import kind: fields the defaults fill need no column, and the customer
 * rules that depend on another column (a first name OR a business name) are checked here.
 */
export function checkImportMapping(
  kind: ImportKind,
  headers: string[],
  mapping: ColumnMapping,
  defaults: Defaults,
): string[] {
  const defaulted: string[] = [];
  if (defaults.villageId) defaulted.push('village');
  if (defaults.modelId) defaulted.push('model');
  const problems = checkMapping(headers, FIELD_SPECS[kind], mapping, defaulted);
  if (kind === 'customers' && !mapping['business_name']) {
    if (!mapping['first_name']) {
      problems.push('First name is required (or Business name, for businesses): choose its column');
    }
    if (!mapping['last_name']) {
      problems.push('Last name is required (or Business name, for businesses): choose its column');
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Row access

const MAX_SHOWN = 60;
const HIDDEN = '(hidden)';

function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join('')}…` : text;
}

interface Column {
  header: string;
  index: number;
}

/** One row being validated: reads cells by field and collects its problems. */
class Row {
  readonly problems: Problem[] = [];
  constructor(
    readonly line: number,
    private readonly cells: string[],
    private readonly columns: Map<string, Column>,
    private readonly hidden: Set<string>,
  ) {}

  /** Trimmed cell text; '' when the field has no column. */
  get(field: string): string {
    const column = this.columns.get(field);
    return column ? (this.cells[column.index] ?? '').trim() : '';
  }

  /** The cell for a message, quoted; secret cells are never echoed. */
  quote(field: string): string {
    return this.hidden.has(field) ? HIDDEN : `"${shorten(this.get(field))}"`;
  }

  /**
   * A problem for each mapped cell that SQLite cannot store as it is (a lone surrogate from a
   * damaged UTF-16 file, a NUL from a binary one): the same rule as every contract field.
   */
  checkText(): void {
    for (const [field, column] of this.columns) {
      const problem = illFormedTextProblem(this.cells[column.index] ?? '');
      if (problem === null) continue;
      this.problems.push({
        line: this.line,
        column: column.header,
        field,
        // The cell itself cannot be shown back as it is.
        value: this.hidden.has(field) ? HIDDEN : null,
        message: `The cell ${problem}`,
      });
    }
  }

  fail(field: string | null, message: string): void {
    const column = field === null ? null : (this.columns.get(field)?.header ?? null);
    let value: string | null = null;
    if (field !== null && column !== null) {
      const raw = this.get(field);
      value = this.hidden.has(field) ? (raw === '' ? null : HIDDEN) : shorten(raw);
    }
    this.problems.push({ line: this.line, column, field, value, message });
  }
}

/** What a validator needs besides the row: lookups, defaults, indexes, and in-file memory. */
interface Env {
  lookups: Lookups;
  defaults: Defaults;
  modelsById: Map<string, ModelInfo>;
  /** Normalised model name -> how many manufacturers have a model of that name. */
  makersPerModel: Map<string, number>;
  /** Duplicate detection inside the file: kind-specific key -> first line. */
  seen: Map<string, number>;
}

/** Remembers `key`; returns the line that had it first, or null if this is the first time. */
function firstSeen(env: Env, key: string, line: number): number | null {
  const first = env.seen.get(key);
  if (first !== undefined) return first;
  env.seen.set(key, line);
  return null;
}

function text(row: Row, field: string, label: string, max: number): string | null {
  const value = row.get(field).replace(/[ \t]+/g, ' ');
  if (value.length > max) {
    row.fail(field, `${label} is too long (${value.length} characters; at most ${max})`);
  }
  return value === '' ? null : value;
}

/** A value from a fixed list of words (compared like headers); null when the cell is empty. */
function choice<T>(
  row: Row,
  field: string,
  words: Record<string, T>,
  message: (quoted: string) => string,
): T | null {
  const raw = row.get(field);
  if (raw === '') return null;
  const word = normaliseName(raw);
  // Own keys only: "constructor" must not find Object.prototype.constructor.
  const value = Object.hasOwn(words, word) ? words[word] : undefined;
  if (value === undefined) {
    row.fail(field, message(row.quote(field)));
    return null;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Shared field rules

function resolveVillage(
  row: Row,
  env: Env,
  required: boolean,
  requiredMessage: string,
): string | null {
  const name = row.get('village');
  if (name === '') {
    if (env.defaults.villageId) return env.defaults.villageId;
    if (required) row.fail('village', requiredMessage);
    return null;
  }
  const key = normaliseName(name);
  const ids = [...new Set(env.lookups.villages.get(key) ?? [])];
  const grid = row.get('mini_grid');
  if (grid !== '') {
    const id = env.lookups.villagesByGridAndName.get(`${normaliseName(grid)}|${key}`);
    if (id !== undefined) return id;
    if (ids.length > 0) {
      // The village exists, so the mini-grid cell is the likelier mistake.
      row.fail(
        'mini_grid',
        `Village ${row.quote('village')} is not in mini-grid ${row.quote('mini_grid')}: ` +
          'check the mini-grid code or name',
      );
      return null;
    }
  } else if (ids.length === 1 && ids[0] !== undefined) {
    return ids[0];
  } else if (ids.length > 1) {
    row.fail(
      'village',
      `There are ${ids.length} villages called ${row.quote('village')} in different mini-grids: ` +
        'add a Mini-grid column (code or name) to say which',
    );
    return null;
  }
  row.fail(
    'village',
    `Village ${row.quote('village')} does not exist: create it in Sites first, or check the spelling`,
  );
  return null;
}

function resolveModel(row: Row, env: Env): ModelInfo | null {
  const name = row.get('model');
  if (name === '') {
    const id = env.defaults.modelId;
    if (!id) {
      row.fail('model', 'Model is required');
      return null;
    }
    const model = env.modelsById.get(id);
    if (!model) row.fail('model', 'The model chosen for the whole file no longer exists');
    return model ?? null;
  }
  const key = normaliseName(name);
  const maker = row.get('manufacturer');
  if (maker !== '') {
    const model = env.lookups.models.get(`${normaliseName(maker)}|${key}`);
    if (model) return model;
    row.fail(
      'model',
      `Model ${row.quote('model')} by ${row.quote('manufacturer')} does not exist: ` +
        'create it first, or check the spelling of the model and the manufacturer',
    );
    return null;
  }
  const model = env.lookups.models.get(`|${key}`);
  if (model) return model;
  if ((env.makersPerModel.get(key) ?? 0) > 1) {
    row.fail(
      'model',
      `Several manufacturers have a model called ${row.quote('model')}: ` +
        'add a Manufacturer column to say which',
    );
  } else {
    row.fail(
      'model',
      `Model ${row.quote('model')} does not exist: create it first, or check the spelling`,
    );
  }
  return null;
}

/** Excel shows long numbers as 1.23457E+11 and saves them so: the digits are gone for good. */
function isScientific(text: string): boolean {
  return /^\d(?:[.,]\d+)?e\+?\d+$/i.test(text);
}

const SCIENTIFIC_HINT =
  'looks like Excel turned it into 1.2E+11 notation and lost digits: format the column as ' +
  'text in Excel, type the values again, and save';

// ---------------------------------------------------------------------------------------------
// Customers

const CUSTOMER_KIND_WORDS: Record<string, CustomerKind> = {
  individual: 'individual',
  person: 'individual',
  private: 'individual',
  particulier: 'individual',
  individu: 'individual',
  business: 'business',
  company: 'business',
  enterprise: 'business',
  entreprise: 'business',
  empresa: 'business',
  organisation: 'business',
  organization: 'business',
};

const GENDER_WORDS: Record<string, Gender> = {
  f: 'female',
  female: 'female',
  woman: 'female',
  femme: 'female',
  feminin: 'female',
  feminino: 'female',
  mulher: 'female',
  m: 'male',
  male: 'male',
  man: 'male',
  homme: 'male',
  masculin: 'male',
  masculino: 'male',
  homem: 'male',
};

const CUSTOMER_STATUS_WORDS: Record<string, CustomerStatus> = {
  active: 'active',
  actif: 'active',
  ativo: 'active',
  inactive: 'inactive',
  inactif: 'inactive',
  inativo: 'inactive',
};

function phone(row: Row, env: Env, field: string, label: string): string | null {
  const raw = row.get(field);
  if (raw === '') return null;
  const result = normalisePhone(raw, env.lookups.country);
  if (!result.ok) {
    row.fail(field, `${label} ${row.quote(field)} ${result.reason}`);
    return null;
  }
  return result.e164;
}

function validateCustomer(row: Row, env: Env): CustomerRecord | null {
  const firstName = text(row, 'first_name', 'First name', 100);
  const lastName = text(row, 'last_name', 'Last name', 100);
  const businessName = text(row, 'business_name', 'Business name', 200);
  const givenKind = choice(
    row,
    'kind',
    CUSTOMER_KIND_WORDS,
    (q) => `Customer type ${q} must be individual or business`,
  );
  const kind =
    givenKind ?? (businessName !== null && !firstName && !lastName ? 'business' : 'individual');

  if (!firstName && !businessName) {
    row.fail('first_name', 'First name is required (or a business name, for a business)');
  }
  if (!lastName && kind !== 'business') {
    row.fail('last_name', 'Last name is required for an individual');
  }
  if (kind === 'business' && !businessName) {
    row.fail('business_name', 'Business name is required for a business customer');
  }

  const phone1 = phone(row, env, 'phone', 'Phone');
  let phone2 = phone(row, env, 'phone2', 'Phone 2');
  // The same number in both columns is one customer's number typed twice, not a duplicate.
  if (phone2 !== null && phone2 === phone1) phone2 = null;
  for (const [field, label, e164] of [
    ['phone', 'Phone', phone1],
    ['phone2', 'Phone 2', phone2],
  ] as const) {
    if (e164 === null) continue;
    // Family members often share one phone: only the same phone with the same name is the same
    // customer twice (the rule the import also applies against the database).
    const who = [firstName, lastName, businessName].map((n) => normaliseHeader(n ?? '')).join('|');
    const first = firstSeen(env, `phone:${e164}|${who}`, row.line);
    if (first !== null) {
      row.fail(
        field,
        `${label} ${row.quote(field)} with the same name is already on line ${first} of this file`,
      );
    }
  }

  const nationalId = text(row, 'national_id', 'National ID', 40);
  const idProblem = nationalId === null ? null : nationalIdProblem(nationalId);
  if (idProblem !== null) {
    row.fail('national_id', `National ID ${row.quote('national_id')} ${idProblem}`);
  } else if (nationalId) {
    const first = firstSeen(env, `nid:${nationalId.replace(/[\s-]/g, '').toUpperCase()}`, row.line);
    if (first !== null) {
      row.fail(
        'national_id',
        `National ID ${row.quote('national_id')} is already on line ${first} of this file`,
      );
    }
  }

  const gender = choice(
    row,
    'gender',
    GENDER_WORDS,
    (q) => `Gender ${q} must be F or M (female or male), or empty`,
  );
  const villageId = resolveVillage(row, env, true, 'Village is required');
  const address = text(row, 'address', 'Address', 500);
  const notes = text(row, 'notes', 'Notes', 2000);
  const status =
    choice(row, 'status', CUSTOMER_STATUS_WORDS, (q) => `Status ${q} must be active or inactive`) ??
    'active';

  if (row.problems.length > 0 || villageId === null) return null;
  return {
    line: row.line,
    kind,
    firstName: firstName ?? '',
    lastName: lastName ?? '',
    businessName,
    phone: phone1,
    phone2,
    nationalId,
    gender,
    villageId,
    address,
    notes,
    status,
  };
}

// ---------------------------------------------------------------------------------------------
// Devices

const DEVICE_STATUSES: Record<string, DeviceStatus> = {
  instock: 'in_stock',
  stock: 'in_stock',
  enstock: 'in_stock',
  installed: 'installed',
  installe: 'installed',
  faulty: 'faulty',
  defectueux: 'faulty',
  retired: 'retired',
};

const BILLING_MODES: Record<string, BillingMode> = {
  prepaid: 'prepaid',
  prepaye: 'prepaid',
  postpaid: 'postpaid',
  postpaye: 'postpaid',
};

const KIND_WORDS: Record<DeviceKind, string> = {
  meter: 'meter',
  shs: 'solar home system',
  ebike: 'e-bike',
};

function validateDevice(row: Row, env: Env, openPaygo: boolean): DeviceRecord | null {
  const before = row.problems.length;

  const serial = row.get('serial');
  if (serial === '') {
    row.fail('serial', 'Serial number is required');
  } else if (isScientific(serial)) {
    row.fail('serial', `Serial number ${row.quote('serial')} ${SCIENTIFIC_HINT}`);
  } else if (serial.length > 64) {
    row.fail('serial', `Serial number is too long (${serial.length} characters; at most 64)`);
  }

  const model = resolveModel(row, env);
  if (model && openPaygo && model.tokenScheme !== 'openpaygo') {
    row.fail(
      'model',
      `Model ${row.get('model') === '' ? 'chosen for the file' : row.quote('model')} does not ` +
        `use OpenPAYGO tokens (${model.tokenScheme === 'none' ? 'no tokens' : 'STS'}): ` +
        'import these devices with the Devices import',
    );
  }

  // In-file duplicates: the same serial from one manufacturer. When the model is unknown, the
  // manufacturer's name stands in for its id, so two broken rows still get compared.
  const maker =
    model?.manufacturerId ??
    (row.get('manufacturer') ? `name:${normaliseName(row.get('manufacturer'))}` : null);
  if (serial !== '' && maker !== null) {
    const first = firstSeen(
      env,
      `serial:${maker}|${serial.replace(/\s+/g, '').toUpperCase()}`,
      row.line,
    );
    if (first !== null) {
      row.fail(
        'serial',
        `Serial number ${row.quote('serial')} is already on line ${first} of this file (same manufacturer)`,
      );
    }
  }

  const account = row.get('customer');
  let customerId: string | null = null;
  if (account !== '') {
    const normalised = normaliseAccountNumber(account);
    if (normalised === null) {
      row.fail(
        'customer',
        `Customer account ${row.quote('customer')} is not a valid account number (check for a mistyped digit)`,
      );
    } else {
      customerId = env.lookups.customersByAccount.get(normalised) ?? null;
      if (customerId === null) {
        row.fail('customer', `No customer has account number ${row.quote('customer')}`);
      }
    }
  }

  const givenStatus = choice(
    row,
    'status',
    DEVICE_STATUSES,
    (q) => `Status ${q} must be in stock, installed, faulty or retired`,
  );
  const status = givenStatus ?? env.defaults.status ?? (account !== '' ? 'installed' : 'in_stock');
  if (status === 'in_stock' && account !== '') {
    row.fail(
      row.get('status') !== '' ? 'status' : 'customer',
      'A device in stock cannot belong to a customer: set the status to installed, or leave the customer empty',
    );
  }

  const villageId = resolveVillage(
    row,
    env,
    status === 'installed',
    'Village is required for an installed device',
  );

  let billingMode: BillingMode | null = null;
  const givenBilling = choice(
    row,
    'billing_mode',
    BILLING_MODES,
    (q) => `Billing mode ${q} must be prepaid or postpaid`,
  );
  if (model?.kind === 'meter') {
    billingMode = givenBilling ?? env.defaults.billingMode ?? 'prepaid';
  } else if (model && givenBilling !== null) {
    row.fail(
      'billing_mode',
      `Billing mode applies to meters only: leave it empty for a ${KIND_WORDS[model.kind]}`,
    );
  }

  let installedAt: string | null = null;
  if (row.get('installed_at') !== '') {
    const date = parseCsvDate(row.get('installed_at'));
    if (date.ok) installedAt = date.value;
    else row.fail('installed_at', `Installation date ${row.quote('installed_at')} ${date.reason}`);
  }

  const notes = text(row, 'notes', 'Notes', 2000);

  if (row.problems.length > before || !model) return null;
  return {
    line: row.line,
    serial,
    modelId: model.id,
    manufacturerId: model.manufacturerId,
    kind: model.kind,
    status,
    villageId,
    customerId,
    billingMode,
    installedAt,
    notes,
  };
}

function validateOpenPaygo(row: Row, env: Env): OpenPaygoRecord | null {
  const device = validateDevice(row, env, true);
  const before = row.problems.length;

  // Key messages never quote the cell: problems are shown on screen and written to logs.
  let keyHex: string | null = null;
  if (row.get('key') === '') {
    row.fail('key', 'Secret key is required');
  } else {
    const key = parseSecretKey(row.get('key'));
    if (key.ok) {
      keyHex = key.value;
      // Two devices sharing a key would accept each other's tokens: a vendor mistake to stop.
      const first = firstSeen(env, `key:${key.value}`, row.line);
      if (first !== null) {
        row.fail('key', `Secret key is the same as on line ${first} of this file`);
      }
    } else {
      row.fail('key', `Secret key ${key.reason}`);
    }
  }

  let startingCode: number | null = null;
  const code = row.get('starting_code');
  if (code === '') {
    row.fail('starting_code', 'Starting code is required');
  } else if (isScientific(code)) {
    row.fail('starting_code', `Starting code ${row.quote('starting_code')} ${SCIENTIFIC_HINT}`);
  } else {
    const parsed = parseStartingCode(code);
    if (parsed.ok) startingCode = parsed.value;
    else row.fail('starting_code', `Starting code ${row.quote('starting_code')} ${parsed.reason}`);
  }

  const count = parseCount(row.get('count'));
  if (!count.ok) row.fail('count', `Count ${row.quote('count')} ${count.reason}`);
  const divider = parseTimeDivider(row.get('time_divider'));
  if (!divider.ok) {
    row.fail('time_divider', `Time divider ${row.quote('time_divider')} ${divider.reason}`);
  }
  const restricted = parseFlag(row.get('restricted_digits'));
  if (!restricted.ok) {
    row.fail(
      'restricted_digits',
      `Restricted digit mode ${row.quote('restricted_digits')} ${restricted.reason}`,
    );
  }

  if (
    !device ||
    row.problems.length > before ||
    keyHex === null ||
    startingCode === null ||
    !count.ok ||
    !divider.ok ||
    !restricted.ok
  ) {
    return null;
  }
  return {
    ...device,
    keyHex,
    startingCode,
    count: count.value,
    timeDivider: divider.value,
    restrictedDigits: restricted.value,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point

type RowValidator<K extends ImportKind> = (row: Row, env: Env) => RecordByKind[K] | null;

const VALIDATORS: { [K in ImportKind]: RowValidator<K> } = {
  customers: validateCustomer,
  devices: (row, env) => validateDevice(row, env, false),
  'openpaygo-devices': validateOpenPaygo,
};

/**
 * Checks rows a slice at a time, so a caller can give the event loop a turn between slices (a
 * 100,000-row file takes seconds). Rules that span rows (a key or serial twice in one file) see
 * every slice checked so far. `result()` gives what validateRows gives.
 */
export function createRowChecker<K extends ImportKind>(
  kind: K,
  headers: string[],
  mapping: ColumnMapping,
  lookups: Lookups,
  defaults: Defaults,
): { check(rows: CsvRow[]): void; result(): { records: RecordOf<K>[]; problems: Problem[] } } {
  const columns = new Map<string, Column>();
  for (const spec of FIELD_SPECS[kind]) {
    const header = mapping[spec.field];
    if (header === null || header === undefined || header === '') continue;
    const index = headers.indexOf(header);
    if (index >= 0) columns.set(spec.field, { header, index });
  }
  // Any field reading the key's column is secret too, in case the clerk mapped it twice.
  const keyHeader = columns.get('key')?.header;
  const hidden = new Set<string>();
  for (const [field, column] of columns) {
    if (keyHeader !== undefined && column.header === keyHeader) hidden.add(field);
  }

  const modelsById = new Map<string, ModelInfo>();
  const makersPerModel = new Map<string, number>();
  for (const [key, model] of lookups.models) {
    modelsById.set(model.id, model);
    const bar = key.indexOf('|');
    if (bar > 0) {
      const name = key.slice(bar + 1);
      makersPerModel.set(name, (makersPerModel.get(name) ?? 0) + 1);
    }
  }
  const env: Env = { lookups, defaults, modelsById, makersPerModel, seen: new Map() };

  const validate: RowValidator<K> = VALIDATORS[kind];
  const records: RecordOf<K>[] = [];
  const problems: Problem[] = [];
  return {
    check(rows) {
      for (const csvRow of rows) {
        const row = new Row(csvRow.line, csvRow.cells, columns, hidden);
        row.checkText();
        const record = validate(row, env);
        if (record && row.problems.length === 0) records.push(record);
        problems.push(...row.problems);
      }
    },
    result: () => ({ records, problems }),
  };
}

/**
 * Validates every row and collects every problem (it never stops at the first). `records` holds
 * the rows without problems, in file order; an import goes ahead only when `problems` is empty.
 * A mapping entry naming a header that is not in the file counts as unmapped (checkImportMapping
 * reports it).
 */
export function validateRows<K extends ImportKind>(
  kind: K,
  headers: string[],
  rows: CsvRow[],
  mapping: ColumnMapping,
  lookups: Lookups,
  defaults: Defaults,
): { records: RecordOf<K>[]; problems: Problem[] } {
  const checker = createRowChecker(kind, headers, mapping, lookups, defaults);
  checker.check(rows);
  return checker.result();
}
