// Deterministic generator of a realistic demo company (cluster, mini-grids, villages, customers,
// devices), so a new install can be explored and tested without real data. Seed, clock, ids in.

import { createPrng, type Prng } from '../prng';
import {
  BUSINESS_TEMPLATES,
  LANDMARKS,
  NAME_GROUPS,
  REGIONS,
  SAINTS,
  SHARED_FIRST_NAMES,
  STREETS,
  type DemoCountry,
  type NameGroup,
  type Region,
} from './names';

export interface DemoInput {
  seed: number;
  /** ISO 3166 alpha-2 code of the company; unsupported codes fall back to Nigeria. */
  countryCode: string;
  /** ISO instant: creation dates are spread over the 2 years before it. */
  now: string;
  /** Called once per record, in a deterministic order. */
  newId: () => string;
}

export interface DemoCluster {
  id: string;
  name: string;
}

export interface DemoMiniGrid {
  id: string;
  clusterId: string;
  name: string;
  /** 3 uppercase letters, unique within the company. */
  code: string;
}

export interface DemoVillage {
  id: string;
  miniGridId: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface DemoCustomer {
  id: string;
  kind: 'individual' | 'business';
  firstName: string;
  lastName: string;
  businessName: string | null;
  /** E.164, valid length for the country, unique. */
  phone: string;
  /** Null for businesses. */
  gender: 'female' | 'male' | null;
  /** Country-shaped (NG: 11-digit NIN), unique when present. */
  nationalId: string | null;
  villageId: string;
  address: string | null;
  status: 'active' | 'inactive';
  createdAt: string;
}

export interface DemoDevice {
  id: string;
  kind: 'meter' | 'shs' | 'ebike';
  manufacturer: string;
  model: string;
  /** Unique per manufacturer. */
  serial: string;
  /** Null = not with a customer (in stock, or faulty and returned). */
  customerId: string | null;
  villageId: string;
  status: 'in_stock' | 'installed' | 'faulty';
  /** Meters only; null for SHS and e-bikes. */
  billingMode: 'prepaid' | 'postpaid' | null;
  /** Null when the device is not with a customer. */
  installedAt: string | null;
}

export interface DemoCompany {
  clusters: DemoCluster[];
  miniGrids: DemoMiniGrid[];
  villages: DemoVillage[];
  customers: DemoCustomer[];
  devices: DemoDevice[];
}

const DAY_MS = 86_400_000;
const HOUR_S = 3600;
const CUSTOMER_COUNT = 300;
const MINI_GRID_COUNT = 2;

// --- Country formats --------------------------------------------------------------------------

interface PhonePlan {
  callingCode: string;
  /** Leading digits of mobile numbers (operators' ranges). */
  prefixes: readonly string[];
  /** Digits of the national significant number (after the calling code). */
  length: number;
}

const PHONE_PLANS: Readonly<Record<DemoCountry, PhonePlan>> = {
  NG: {
    callingCode: '234',
    prefixes: ['803', '806', '813', '816', '703', '706', '805', '807', '815', '802', '808', '812'],
    length: 10,
  },
  KE: { callingCode: '254', prefixes: ['70', '71', '72', '79', '11', '73', '75'], length: 9 },
  UG: { callingCode: '256', prefixes: ['77', '78', '76', '70', '75', '74'], length: 9 },
  TZ: { callingCode: '255', prefixes: ['74', '75', '76', '65', '67', '71', '68'], length: 9 },
  GH: { callingCode: '233', prefixes: ['24', '54', '55', '59', '20', '50', '27'], length: 9 },
  ZM: { callingCode: '260', prefixes: ['96', '76', '97', '77', '95'], length: 9 },
  MW: { callingCode: '265', prefixes: ['88', '99'], length: 9 },
  MZ: { callingCode: '258', prefixes: ['82', '83', '84', '85', '86', '87'], length: 9 },
  RW: { callingCode: '250', prefixes: ['78', '79', '72', '73'], length: 9 },
  SL: { callingCode: '232', prefixes: ['76', '77', '78', '30', '33', '88', '99'], length: 8 },
};

function demoCountry(code: string): DemoCountry {
  const upper = code.trim().toUpperCase();
  return Object.hasOwn(REGIONS, upper) ? (upper as DemoCountry) : 'NG';
}

function digits(rng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

function letters(rng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String.fromCharCode(65 + rng.int(0, 25));
  return out;
}

function alphanumerics(rng: Prng, count: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet.charAt(rng.int(0, alphabet.length - 1));
  return out;
}

// Shapes of the national ID numbers people show at registration. Values are random: only the
// format is meant to look right, so that imports and search fields meet realistic input.
function nationalIdFor(
  rng: Prng,
  country: DemoCountry,
  gender: 'female' | 'male',
  birthYear: number,
): string {
  switch (country) {
    case 'KE':
      return String(rng.int(10_000_000, 39_999_999));
    case 'GH':
      return `GHA-${digits(rng, 9)}-${digits(rng, 1)}`;
    case 'UG': {
      const yy = String(birthYear % 100).padStart(2, '0');
      return `C${gender === 'female' ? 'F' : 'M'}${yy}${digits(rng, 6)}${letters(rng, 4)}`;
    }
    case 'RW':
      return `1${birthYear}${gender === 'female' ? '7' : '8'}${digits(rng, 10)}`;
    case 'TZ': {
      const month = String(rng.int(1, 12)).padStart(2, '0');
      const day = String(rng.int(1, 28)).padStart(2, '0');
      return `${birthYear}${month}${day}-${digits(rng, 5)}-${digits(rng, 5)}-${digits(rng, 2)}`;
    }
    case 'ZM':
      return `${digits(rng, 6)}/${digits(rng, 2)}/1`;
    case 'MW':
      return alphanumerics(rng, 8);
    case 'MZ':
      return `${digits(rng, 12)}${letters(rng, 1)}`;
    case 'NG':
    case 'SL':
      // NG: the 11-digit NIN. SL reuses the same shape.
      return `${rng.int(1, 9)}${digits(rng, 10)}`;
  }
}

// --- Device catalogue -------------------------------------------------------------------------

interface DeviceModel {
  kind: DemoDevice['kind'];
  manufacturer: string;
  model: string;
  billingMode: DemoDevice['billingMode'];
  serialFormat: 'sts' | 'dlt645' | 'eastron' | 'shs' | 'ebike';
}

// Prepaid meters are keypad STS meters; postpaid ones are Modbus meters read on site (see the
// postpaid pilot). Real makers and models; serials are made up. SHS and e-bike brands are
// invented on purpose, to avoid using anybody's trademark.
const PREPAID_METERS: readonly DeviceModel[] = [
  {
    kind: 'meter',
    manufacturer: 'Calin',
    model: 'CA168',
    billingMode: 'prepaid',
    serialFormat: 'sts',
  },
  {
    kind: 'meter',
    manufacturer: 'Hexing',
    model: 'HXE110',
    billingMode: 'prepaid',
    serialFormat: 'sts',
  },
];
const POSTPAID_METERS: readonly DeviceModel[] = [
  {
    kind: 'meter',
    manufacturer: 'CHINT',
    model: 'DDSU666',
    billingMode: 'postpaid',
    serialFormat: 'dlt645',
  },
  {
    kind: 'meter',
    manufacturer: 'Eastron',
    model: 'SDM120',
    billingMode: 'postpaid',
    serialFormat: 'eastron',
  },
];
const SHS_MODELS: readonly DeviceModel[] = [
  {
    kind: 'shs',
    manufacturer: 'Lumvara',
    model: 'LV-Home 60',
    billingMode: null,
    serialFormat: 'shs',
  },
  {
    kind: 'shs',
    manufacturer: 'Lumvara',
    model: 'LV-Home 120',
    billingMode: null,
    serialFormat: 'shs',
  },
  {
    kind: 'shs',
    manufacturer: 'Sahelio',
    model: 'SH-200 Pro',
    billingMode: null,
    serialFormat: 'shs',
  },
];
const EBIKE_MODELS: readonly DeviceModel[] = [
  {
    kind: 'ebike',
    manufacturer: 'Zovomo',
    model: 'ZM-2 Cargo',
    billingMode: null,
    serialFormat: 'ebike',
  },
];

function luhnCheckDigit(body: string): number {
  let sum = 0;
  // Double every second digit from the right, starting with the rightmost of the body.
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

// Devices arrive in batches with near-consecutive serials. A running number per manufacturer
// (starting at a random point, small random gaps) keeps serials realistic and unique per maker.
class SerialMint {
  private readonly next = new Map<string, number>();
  private readonly stsPrefix = new Map<string, string>();

  constructor(private readonly rng: Prng) {}

  serial(model: DeviceModel): string {
    const n = this.running(model);
    switch (model.serialFormat) {
      case 'sts': {
        // STS meter number: 2-digit manufacturer code, 8-digit serial, Luhn check digit.
        const body = `${this.prefixFor(model.manufacturer)}${String(n).padStart(8, '0')}`;
        return `${body}${luhnCheckDigit(body)}`;
      }
      case 'dlt645':
        // The 12-digit DL/T 645 address printed on the nameplate.
        return String(n).padStart(12, '0');
      case 'eastron':
        // 8 digits: the serial fits the meter's uint32 serial register.
        return String(n).padStart(8, '0');
      case 'shs':
        return `SHS-${String(n).padStart(8, '0')}`;
      case 'ebike':
        return `EB-${String(n).padStart(6, '0')}`;
    }
  }

  private running(model: DeviceModel): number {
    const current = this.next.get(model.manufacturer) ?? this.start(model);
    this.next.set(model.manufacturer, current + this.rng.int(1, 4));
    return current;
  }

  private start(model: DeviceModel): number {
    switch (model.serialFormat) {
      case 'sts':
        return this.rng.int(1_000_000, 80_000_000);
      case 'dlt645':
        return this.rng.int(200_000_000_000, 250_000_000_000);
      case 'eastron':
        return this.rng.int(19_000_000, 24_000_000);
      case 'shs':
        return this.rng.int(10_000_000, 80_000_000);
      case 'ebike':
        return this.rng.int(100_000, 800_000);
    }
  }

  private prefixFor(manufacturer: string): string {
    let prefix = this.stsPrefix.get(manufacturer);
    if (prefix === undefined) {
      const used = new Set(this.stsPrefix.values());
      let candidate = String(this.rng.int(10, 99));
      while (used.has(candidate)) candidate = String(this.rng.int(10, 99));
      this.stsPrefix.set(manufacturer, candidate);
      prefix = candidate;
    }
    return prefix;
  }
}

// --- Helpers ----------------------------------------------------------------------------------

function pickWeighted<T>(rng: Prng, items: readonly { value: T; weight: number }[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = rng.next() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item.value;
  }
  const last = items[items.length - 1];
  if (last === undefined) throw new RangeError('pickWeighted() needs a non-empty list');
  return last.value;
}

/** An instant during office hours (07:00-17:00 UTC, i.e. roughly local daytime) on a day. */
function officeInstant(rng: Prng, dayIndex: number): number {
  return dayIndex * DAY_MS + rng.int(7 * HOUR_S, 17 * HOUR_S - 1) * 1000;
}

/** An office-hours instant in [fromMs, toMs] (field work and sales happen in daytime). */
function officeInstantBetween(rng: Prng, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return fromMs;
  let instant = officeInstant(rng, rng.int(Math.floor(fromMs / DAY_MS), Math.floor(toMs / DAY_MS)));
  // Same day but earlier than fromMs: move to the next day rather than pile up on fromMs.
  if (instant < fromMs) instant += DAY_MS;
  return Math.min(toMs, Math.max(fromMs, instant));
}

function round5(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

function uniqueValue(used: Set<string>, make: () => string): string {
  // Collisions are rare (the spaces are large); retry until a fresh value comes up.
  for (;;) {
    const value = make();
    if (!used.has(value)) {
      used.add(value);
      return value;
    }
  }
}

/** 3 uppercase letters from the name (first letter kept), avoiding codes already used. */
function miniGridCode(name: string, used: Set<string>): string {
  const letterOnly = name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .padEnd(3, 'X');
  const first = letterOnly.charAt(0);
  for (let i = 1; i < letterOnly.length; i++) {
    for (let j = i + 1; j < letterOnly.length; j++) {
      const code = `${first}${letterOnly.charAt(i)}${letterOnly.charAt(j)}`;
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  }
  for (let n = 0; n < 26 * 26; n++) {
    const second = String.fromCharCode(65 + Math.floor(n / 26));
    const code = `${first}${second}${String.fromCharCode(65 + (n % 26))}`;
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
  throw new Error(`No free mini-grid code for ${name}`);
}

function offsetPoint(
  rng: Prng,
  latitude: number,
  longitude: number,
  minDeg: number,
  maxDeg: number,
): { latitude: number; longitude: number } {
  const angle = rng.next() * 2 * Math.PI;
  const distance = minDeg + rng.next() * (maxDeg - minDeg);
  return {
    latitude: latitude + distance * Math.cos(angle),
    longitude: longitude + distance * Math.sin(angle),
  };
}

// --- Generator --------------------------------------------------------------------------------

interface SiteDraft {
  miniGrid: DemoMiniGrid;
  villages: DemoVillage[];
  /** Day index (days since 1970-01-01 UTC) the site was switched on. */
  commissionedDay: number;
  commissionedMs: number;
}

interface CustomerDraft extends Omit<DemoCustomer, 'id' | 'createdAt'> {
  createdMs: number;
  commissionedMs: number;
}

export function generateDemoCompany(input: DemoInput): DemoCompany {
  const nowMs = Date.parse(input.now);
  if (Number.isNaN(nowMs)) {
    throw new RangeError(`DemoInput.now is not an ISO instant: ${input.now}`);
  }
  const nowDay = Math.floor(nowMs / DAY_MS);
  const nowYear = new Date(nowMs).getUTCFullYear();
  const rng = createPrng(input.seed);
  const country = demoCountry(input.countryCode);
  const region: Region = REGIONS[country];
  const phonePlan = PHONE_PLANS[country];

  const cluster: DemoCluster = { id: input.newId(), name: region.cluster };

  // Mini-grids are named after their main village; the other villages come from the same pool.
  const places = rng.shuffle(region.places);
  const takePlace = (): string => {
    const place = places.shift();
    if (place === undefined) throw new Error(`Not enough place names for ${country}`);
    return place;
  };

  const codes = new Set<string>();
  const sites: SiteDraft[] = [];
  const centres: { latitude: number; longitude: number }[] = [];
  for (let i = 0; i < MINI_GRID_COUNT; i++) {
    const name = takePlace();
    // The first site is the older one: it opened 20-23 months ago, the second 9-14 months ago.
    const commissionedDay = i === 0 ? nowDay - rng.int(600, 690) : nowDay - rng.int(280, 420);
    sites.push({
      miniGrid: { id: input.newId(), clusterId: cluster.id, name, code: miniGridCode(name, codes) },
      villages: [],
      commissionedDay,
      commissionedMs: officeInstant(rng, commissionedDay),
    });
    // Keep the sites apart (at least a third of the region's spread), as real sites would be.
    let centre = offsetPoint(rng, region.latitude, region.longitude, 0, region.spreadDeg);
    for (let attempt = 0; attempt < 20; attempt++) {
      const tooClose = centres.some(
        (other) =>
          Math.hypot(other.latitude - centre.latitude, other.longitude - centre.longitude) <
          region.spreadDeg / 3,
      );
      if (!tooClose) break;
      centre = offsetPoint(rng, region.latitude, region.longitude, 0, region.spreadDeg);
    }
    centres.push(centre);
  }

  for (const [i, site] of sites.entries()) {
    const centre = centres[i] ?? { latitude: region.latitude, longitude: region.longitude };
    const villageCount = rng.int(3, 5);
    for (let v = 0; v < villageCount; v++) {
      const name = v === 0 ? site.miniGrid.name : takePlace();
      // The main village sits at the plant; satellites are 1-4 km away along the network.
      const point =
        v === 0
          ? offsetPoint(rng, centre.latitude, centre.longitude, 0, 0.004)
          : offsetPoint(rng, centre.latitude, centre.longitude, 0.01, 0.04);
      site.villages.push({
        id: input.newId(),
        miniGridId: site.miniGrid.id,
        name,
        latitude: round5(point.latitude),
        longitude: round5(point.longitude),
      });
    }
  }

  // Where customers live: main villages are larger, and the older site has grown bigger.
  const villageWeights: { value: { site: SiteDraft; village: DemoVillage }; weight: number }[] = [];
  for (const [i, site] of sites.entries()) {
    for (const [v, village] of site.villages.entries()) {
      const size = v === 0 ? 4 : rng.int(1, 2);
      villageWeights.push({ value: { site, village }, weight: size * (i === 0 ? 1.5 : 1) });
    }
  }

  const groupWeights: { value: NameGroup; weight: number }[] = [
    { value: NAME_GROUPS.yoruba, weight: 0.4 },
    { value: NAME_GROUPS.hausa, weight: 0.4 },
    { value: NAME_GROUPS.igbo, weight: 0.2 },
  ];
  const phones = new Set<string>();
  const nationalIds = new Set<string>();

  const drafts: CustomerDraft[] = [];
  for (let c = 0; c < CUSTOMER_COUNT; c++) {
    const { site, village } = pickWeighted(rng, villageWeights);
    const isBusiness = rng.chance(0.1);
    const group = pickWeighted(rng, groupWeights);
    const personGender = rng.chance(0.5) ? 'female' : 'male';
    const firstName = rng.chance(0.25)
      ? rng.pick(SHARED_FIRST_NAMES[personGender])
      : rng.pick(group[personGender]);
    const lastName = rng.pick(group.surnames);
    const businessName = isBusiness
      ? rng
          .pick(BUSINESS_TEMPLATES)
          .replace('{first}', firstName)
          .replace('{last}', lastName)
          .replace('{village}', village.name)
          .replace('{saint}', rng.pick(SAINTS))
      : null;

    const phone = uniqueValue(phones, () => {
      const prefix = rng.pick(phonePlan.prefixes);
      return `+${phonePlan.callingCode}${prefix}${digits(rng, phonePlan.length - prefix.length)}`;
    });
    // Businesses register with the owner's ID less often (they show a company paper instead).
    const hasNationalId = rng.chance(isBusiness ? 0.45 : 0.62);
    const birthYear = nowYear - rng.int(18, 70);
    const nationalId = hasNationalId
      ? uniqueValue(nationalIds, () => nationalIdFor(rng, country, personGender, birthYear))
      : null;

    let address: string | null = null;
    if (rng.chance(isBusiness ? 0.9 : 0.7)) {
      address = rng.chance(0.6) ? `${rng.int(1, 60)} ${rng.pick(STREETS)}` : rng.pick(LANDMARKS);
    }

    // Registration opens a month before switch-on; sign-ups are front-loaded (squared roll),
    // as most households join in the first months of a site.
    const firstDay = site.commissionedDay - 30;
    const span = nowDay - firstDay;
    const roll = rng.next();
    const createdDay = firstDay + Math.floor(span * roll * roll);

    drafts.push({
      kind: isBusiness ? 'business' : 'individual',
      firstName,
      lastName,
      businessName,
      phone,
      gender: isBusiness ? null : personGender,
      nationalId,
      villageId: village.id,
      address,
      status: rng.chance(0.05) ? 'inactive' : 'active',
      createdMs: officeInstant(rng, createdDay),
      commissionedMs: site.commissionedMs,
    });
  }

  // Ids in registration order, as a real database would have handed them out.
  drafts.sort((a, b) => a.createdMs - b.createdMs);
  const customers: DemoCustomer[] = [];
  const createdMsById = new Map<string, number>();
  const commissionedMsById = new Map<string, number>();
  for (const draft of drafts) {
    const { createdMs, commissionedMs, ...fields } = draft;
    const id = input.newId();
    customers.push({ id, ...fields, createdAt: new Date(createdMs).toISOString() });
    createdMsById.set(id, createdMs);
    commissionedMsById.set(id, commissionedMs);
  }

  const mint = new SerialMint(rng);
  const devices: DemoDevice[] = [];
  const installDevice = (
    model: DeviceModel,
    customer: DemoCustomer,
    installedMs: number,
  ): DemoDevice => {
    const device: DemoDevice = {
      id: input.newId(),
      kind: model.kind,
      manufacturer: model.manufacturer,
      model: model.model,
      serial: mint.serial(model),
      customerId: customer.id,
      villageId: customer.villageId,
      status: 'installed',
      billingMode: model.billingMode,
      installedAt: new Date(installedMs).toISOString(),
    };
    devices.push(device);
    return device;
  };
  const storeDevice = (
    model: DeviceModel,
    villageId: string,
    status: 'in_stock' | 'faulty',
  ): DemoDevice => {
    const device: DemoDevice = {
      id: input.newId(),
      kind: model.kind,
      manufacturer: model.manufacturer,
      model: model.model,
      serial: mint.serial(model),
      customerId: null,
      villageId,
      status,
      billingMode: model.billingMode,
      installedAt: null,
    };
    devices.push(device);
    return device;
  };

  const installedMeters: DemoDevice[] = [];
  for (const customer of customers) {
    const createdMs = createdMsById.get(customer.id) ?? nowMs;
    const commissionedMs = commissionedMsById.get(customer.id) ?? createdMs;
    // Connected within a few weeks of registering, but not before the site was switched on.
    const connectFrom = Math.max(createdMs, commissionedMs);
    const meterMs = officeInstantBetween(
      rng,
      connectFrom,
      Math.min(nowMs, connectFrom + 21 * DAY_MS),
    );
    const meterModel = rng.chance(0.15) ? rng.pick(POSTPAID_METERS) : rng.pick(PREPAID_METERS);
    installedMeters.push(installDevice(meterModel, customer, meterMs));

    // Some customers also take a solar home system on PAYG, usually some time after joining.
    if (rng.chance(0.2)) {
      installDevice(rng.pick(SHS_MODELS), customer, officeInstantBetween(rng, createdMs, nowMs));
    }
  }

  // E-bikes are new: a few active individuals (moto-taxi riders) took one in the last 9 months.
  const riders = rng
    .shuffle(customers.filter((c) => c.kind === 'individual' && c.status === 'active'))
    .slice(0, rng.int(3, 6));
  for (const rider of riders) {
    const createdMs = createdMsById.get(rider.id) ?? nowMs;
    const fromMs = Math.max(createdMs, nowMs - 270 * DAY_MS);
    installDevice(rng.pick(EBIKE_MODELS), rider, officeInstantBetween(rng, fromMs, nowMs));
  }

  // Two meters reported faulty on site (still with their customer), one SHS returned faulty.
  for (const meter of rng.shuffle(installedMeters).slice(0, 2)) meter.status = 'faulty';
  const storeVillages = sites.flatMap((site) => site.villages.slice(0, 1).map((v) => v.id));
  storeDevice(rng.pick(SHS_MODELS), rng.pick(storeVillages), 'faulty');

  // Stock in the site stores (kept at the main village): mostly prepaid meters.
  const stockCount = rng.int(18, 22);
  for (let s = 0; s < stockCount; s++) {
    const roll = rng.next();
    const model =
      roll < 0.55
        ? rng.pick(PREPAID_METERS)
        : roll < 0.7
          ? rng.pick(POSTPAID_METERS)
          : roll < 0.95
            ? rng.pick(SHS_MODELS)
            : rng.pick(EBIKE_MODELS);
    storeDevice(model, rng.pick(storeVillages), 'in_stock');
  }
  // At least two solar home systems in stock: the demo sells them on credit (activity.ts).
  const firstShs = SHS_MODELS[0];
  const firstStore = storeVillages[0];
  while (
    firstShs &&
    firstStore &&
    devices.filter((d) => d.kind === 'shs' && d.status === 'in_stock').length < 2
  ) {
    storeDevice(firstShs, firstStore, 'in_stock');
  }

  return {
    clusters: [cluster],
    miniGrids: sites.map((site) => site.miniGrid),
    villages: sites.flatMap((site) => site.villages),
    customers,
    devices,
  };
}
