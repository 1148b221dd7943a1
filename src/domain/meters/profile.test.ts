// Meter profiles: every shipped JSON file parses and matches the docs/domain.md §9.1 table where it
// is easy to get wrong, broken profiles are refused with the file and field named, and the
// checked-in schema.json is what the zod schema generates.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile, profileJsonSchema, type MeterProfile } from './profile';

const DIR = resolve(__dirname, '../../../resources/meter-profiles');
const profileFiles = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');

function load(file: string): MeterProfile {
  return parseProfile(JSON.parse(readFileSync(resolve(DIR, file), 'utf8')), file);
}

function valid(): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(DIR, 'eastron-sdm120.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('shipped profiles', () => {
  it('include the meters of the pilot and the table', () => {
    expect(profileFiles).toEqual(
      expect.arrayContaining([
        'eastron-sdm120.json',
        'eastron-sdm230.json',
        'eastron-sdm630.json',
        'chint-ddsu666.json',
        'chint-dtsu666.json',
        'acrel-ddsy1352.json',
      ]),
    );
  });

  it.each(profileFiles)('%s parses and its id is its file name', (file) => {
    const profile = load(file);
    expect(`${profile.id}.json`).toBe(file);
    expect(profile.verifyHint.length).toBeGreaterThan(0);
  });

  it('follow the table for the Eastron meters', () => {
    const sdm120 = load('eastron-sdm120.json');
    expect(sdm120.defaults).toEqual({
      baud: 2400,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      address: 1,
    });
    expect(sdm120.measurements.import_kwh).toMatchObject({
      function: 4,
      register: 0x48,
      type: 'float32',
      words: 2,
      wordOrder: 'high-first',
      byteOrder: 'big',
    });
    expect(sdm120.serial).toMatchObject({ function: 3, register: 0xfc00, type: 'uint32' });
    expect(sdm120.notes).toMatch(/0x0156.*do not bill/);
    const sdm630 = load('eastron-sdm630.json');
    expect(sdm630.phases).toBe(3);
    expect(sdm630.defaults.baud).toBe(9600);
    const m = sdm630.measurements;
    expect([m.voltage_l1_v, m.voltage_l2_v, m.voltage_l3_v].map((s) => s?.register)).toEqual([
      0x00, 0x02, 0x04,
    ]);
    expect([m.current_l1_a, m.current_l2_a, m.current_l3_a].map((s) => s?.register)).toEqual([
      0x06, 0x08, 0x0a,
    ]);
    expect(m.power_w?.register).toBe(0x34);
  });

  it('scale the CHINT and Acrel units as the table says', () => {
    const ddsu = load('chint-ddsu666.json');
    expect(ddsu.defaults).toMatchObject({ baud: 9600, stopBits: 2 });
    expect(ddsu.measurements.power_w).toMatchObject({ register: 0x2004, scale: 1000 });
    expect(ddsu.measurements.import_kwh.register).toBe(0x4000);
    const dtsu = load('chint-dtsu666.json').measurements;
    expect(dtsu.voltage_l1_v).toMatchObject({ register: 0x2006, scale: 0.1 });
    expect(dtsu.current_l1_a).toMatchObject({ register: 0x200c, scale: 0.001 });
    expect(dtsu.power_w).toMatchObject({ register: 0x2012, scale: 0.1 });
    expect(load('chint-dtsu666.json').verifyHint).toMatch(/firmware/);
    const acrel = load('acrel-ddsy1352.json').measurements;
    expect(acrel.import_kwh).toMatchObject({ function: 3, type: 'uint32', scale: 0.01 });
    expect(acrel.voltage_v).toMatchObject({ register: 0x0b, type: 'uint16', scale: 0.1 });
    expect(acrel.current_a).toMatchObject({ register: 0x0c, type: 'uint16', scale: 0.01 });
    expect(acrel.power_w).toMatchObject({ register: 0x0d, type: 'int16', scale: 1 });
  });
});

describe('parseProfile', () => {
  function errorOf(json: unknown): string {
    try {
      parseProfile(json, 'broken.json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected parseProfile to throw');
  }

  it('names the file and the field when words do not match the type', () => {
    const json = valid();
    const measurements = json.measurements as Record<string, Record<string, unknown>>;
    measurements.voltage_v = { ...measurements.voltage_v, words: 1 };
    expect(errorOf(json)).toBe(
      'broken.json: invalid meter profile: measurements.voltage_v.words: float32 needs words 2, got 1',
    );
    measurements.voltage_v = { ...measurements.voltage_v, type: 'int16', words: 2 };
    expect(errorOf(json)).toMatch(/measurements\.voltage_v\.words: int16 needs words 1, got 2/);
  });

  it('requires import_kwh', () => {
    const json = valid();
    delete (json.measurements as Record<string, unknown>).import_kwh;
    expect(errorOf(json)).toMatch(/^broken\.json: .*measurements\.import_kwh:/);
  });

  it('refuses unknown measurement names and stray fields', () => {
    const json = valid();
    const measurements = json.measurements as Record<string, unknown>;
    measurements.voltage = measurements.voltage_v;
    expect(errorOf(json)).toMatch(/measurements: Unrecognized key: "voltage"/);
    expect(errorOf({ ...valid(), baud: 9600 })).toMatch(/\(root\): Unrecognized key: "baud"/);
  });

  it('checks ids, phases, line settings, registers and units', () => {
    expect(errorOf({ ...valid(), id: 'Eastron SDM120' })).toMatch(/id: id must be kebab-case/);
    expect(errorOf({ ...valid(), phases: 2 })).toMatch(/phases:/);
    const bad = valid();
    bad.defaults = { baud: 9600, dataBits: 9, parity: 'mark', stopBits: 1, address: 0 };
    const message = errorOf(bad);
    expect(message).toMatch(/defaults\.dataBits:/);
    expect(message).toMatch(/defaults\.parity:/);
    expect(message).toMatch(/defaults\.address:/);
    const measurements = valid().measurements as Record<string, Record<string, unknown>>;
    const withMeasurement = (name: string, patch: Record<string, unknown>) => ({
      ...valid(),
      measurements: { ...measurements, [name]: { ...measurements.voltage_v, ...patch } },
    });
    expect(errorOf(withMeasurement('voltage_v', { register: 70000 }))).toMatch(
      /measurements\.voltage_v\.register:/,
    );
    expect(errorOf(withMeasurement('voltage_v', { register: 65535 }))).toMatch(
      /measurements\.voltage_v\.register: registers run past 65535/,
    );
    expect(errorOf(withMeasurement('voltage_v', { function: 6 }))).toMatch(
      /measurements\.voltage_v\.function:/,
    );
    expect(errorOf(withMeasurement('voltage_v', { scale: 0 }))).toMatch(
      /measurements\.voltage_v\.scale: scale must not be 0/,
    );
    expect(errorOf(withMeasurement('power_w', { unit: 'kW' }))).toMatch(
      /measurements\.power_w\.unit: power_w must be scaled to W, unit is kW/,
    );
    expect(errorOf(withMeasurement('voltage_v', { wordOrder: 'ABCD' }))).toMatch(
      /measurements\.voltage_v\.wordOrder:/,
    );
  });

  it('checks the serial register too', () => {
    const json = valid();
    json.serial = { ...(json.serial as Record<string, unknown>), words: 1 };
    expect(errorOf(json)).toMatch(/serial\.words: uint32 needs words 2/);
  });

  it('accepts an address register for commissioning', () => {
    expect(
      parseProfile(
        { ...valid(), addressWrite: { register: 0x2e, function: 6, type: 'uint16' } },
        'x.json',
      ).addressWrite?.register,
    ).toBe(0x2e);
    expect(
      errorOf({ ...valid(), addressWrite: { register: -1, function: 6, type: 'uint16' } }),
    ).toMatch(/addressWrite.register:/);
  });

  it('checks the read rules: a gap within one request, unsafe ranges that hold no measurement', () => {
    const unsafe = (from: number, to: number, fn = 4) => ({
      ...valid(),
      readGap: 10,
      unsafeRegisters: [{ function: fn, from, to, reason: 'clears the demand counter' }],
    });
    expect(parseProfile(unsafe(2, 3), 'ok.json').unsafeRegisters).toEqual([
      { function: 4, from: 2, to: 3, reason: 'clears the demand counter' },
    ]);
    expect(errorOf(unsafe(70, 73))).toBe(
      'broken.json: invalid meter profile: measurements.import_kwh.register: register 72 is in a range marked unsafe',
    );
    expect(errorOf(unsafe(64512, 64512, 3))).toMatch(
      /serial\.register: register 64512 is in a range marked unsafe/,
    );
    expect(errorOf(unsafe(5, 3))).toMatch(/unsafeRegisters\.0\.to: from must not be past to/);
    expect(errorOf({ ...valid(), readGap: 124 })).toMatch(/readGap:/);
  });

  it('refuses what is not a profile at all', () => {
    expect(errorOf(null)).toMatch(/^broken\.json: invalid meter profile: \(root\):/);
    expect(errorOf([])).toMatch(/^broken\.json:/);
  });
});

describe('schema.json', () => {
  it('is what scripts/gen-meter-profile-schema.ts generates from the zod schema', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(resolve(DIR, 'schema.json'), 'utf8'));
    expect(checkedIn).toEqual(profileJsonSchema());
  });
});
