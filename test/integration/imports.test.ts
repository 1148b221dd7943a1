import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

async function ready() {
  t = openTestCore();
  const office = await setUpOffice(t);
  const seeded = await seedRegistry(t, office.admin);
  return { ...office, ...seeded, call: { token: office.admin } };
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const VENDOR_HEADER =
  'Serial Number,Starting Code,Key,Count,Time Divider,Restricted Digit Mode,Hardware Model,Version,Test Code';
const KEYS = [
  'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  'b1b2c3d4e5f60718293a4b5c6d7e8f91',
  'c1b2c3d4e5f60718293a4b5c6d7e8f92',
];

describe('CSV import of OpenPAYGO device lists', () => {
  it('lists a bad key by line and column, imports nothing, then imports the fixed file once', async () => {
    const s = await ready();
    const rows = (key2: string) =>
      [
        VENDOR_HEADER,
        `SHS-9001,123456789,${KEYS[0]},0,1,0,Home 200,1.2,111111111`,
        `SHS-9002,223456789,${key2},0,1,0,Home 200,1.2,222222222`,
        `SHS-9003,323456789,${KEYS[2]},4,1,1,Home 200,1.2,333333333`,
      ].join('\r\n');
    const before = snapshot(t.core);
    const input = {
      kind: 'openpaygo-devices' as const,
      fileName: 'vendor.csv',
      contentBase64: b64(rows('xyz')),
    };
    const preview = await t.ok('imports.preview', input, s.call);
    expect(preview.mapping).toMatchObject({
      serial: 'Serial Number',
      key: 'Key',
      starting_code: 'Starting Code',
      model: 'Hardware Model',
    });
    expect(preview.problems).toHaveLength(1);
    expect(preview.problems[0]).toMatchObject({ line: 3, column: 'Key', field: 'key' });
    expect(JSON.stringify(preview)).not.toContain(KEYS[0]);
    const refused = await t.call('imports.run', input, s.call);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { problemCount: 1 } },
    });
    if (!refused.ok)
      expect(refused.error.message).toBe('vendor.csv has 1 problem; nothing was imported.');
    expect(snapshot(t.core)).toBe(before);

    const fixed = { ...input, contentBase64: b64(rows(KEYS[1] ?? '')) };
    expect(await t.ok('imports.run', fixed, s.call)).toEqual({ created: 3, duplicates: [] });
    const listed = await t.ok('devices.list', { filters: { kind: 'shs' } }, s.call);
    expect(listed.rows.map((r) => [r.serial, r.status])).toEqual([
      ['SHS-9001', 'in_stock'],
      ['SHS-9002', 'in_stock'],
      ['SHS-9003', 'in_stock'],
    ]);
    const third = await t.ok('devices.get', { id: listed.rows[2]?.id ?? '' }, s.call);
    expect(third.device.openpaygo).toMatchObject({
      keySet: true,
      count: 4,
      restrictedDigits: true,
      startingCode: 323456789,
    });

    // Importing the same file again creates nothing and says why.
    const again = await t.ok('imports.run', fixed, s.call);
    expect(again.created).toBe(0);
    expect(again.duplicates.map((d) => d.line)).toEqual([2, 3, 4]);
    expect((await t.ok('devices.list', { filters: { kind: 'shs' } }, s.call)).total).toBe(3);
    const audit = await t.ok('audit.list', { command: 'imports.run' }, s.call);
    expect(audit.entries.map((e) => e.summary)).toEqual([
      'Imported 0 OpenPAYGO devices from vendor.csv (3 already present, skipped)',
      'Imported 3 OpenPAYGO devices from vendor.csv',
    ]);
  });

  it('maps the "PAYG ID, secret key" style with a default model', async () => {
    const s = await ready();
    const csv = `PAYG ID,Secret Key,Starting Code,Count\nP-1,${KEYS[0]},111222333,0\n`;
    const result = await t.ok(
      'imports.run',
      { kind: 'openpaygo-devices', contentBase64: b64(csv), defaults: { modelId: s.shs.id } },
      s.call,
    );
    expect(result.created).toBe(1);
  });
});

describe('CSV import of customers', () => {
  it('reads Windows-1252 and UTF-8 with BOM, with a saved mapping', async () => {
    const s = await ready();
    const latin = Buffer.from(
      'Prénom;Nom;Téléphone;Village;Mini-grid\nAdéọ;Okafor;0803 123 4567;Kogi North;BKG\n',
      'latin1',
    );
    const preview = await t.ok(
      'imports.preview',
      { kind: 'customers', contentBase64: latin.toString('base64') },
      s.call,
    );
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.problems).toEqual([]);

    const custom = '\ufeffGiven,Family,Mobile,Place\nAmina,Bello,08051234567,Gada\n';
    const mapping = { first_name: 'Given', last_name: 'Family', phone: 'Mobile', village: 'Place' };
    await t.ok(
      'imports.saveMapping',
      { kind: 'customers', name: 'Field team sheet', mapping },
      s.call,
    );
    const run = await t.ok(
      'imports.run',
      { kind: 'customers', contentBase64: b64(custom), mappingName: 'Field team sheet' },
      s.call,
    );
    expect(run.created).toBe(1);
    const found = await t.ok('customers.list', { filters: { text: 'amina' } }, s.call);
    expect(found.rows[0]).toMatchObject({ phone: '+2348051234567', village: 'Gada' });
  });

  it('names unknown villages, bad phones and ambiguous village names, and writes nothing', async () => {
    const s = await ready();
    const csv = [
      'first_name,last_name,phone,village',
      'Ada,Obi,0803 123 4567,Atlantis',
      'Bola,Ade,12345,Gada',
      'Chidi,Eze,,Kogi North',
    ].join('\n');
    const before = snapshot(t.core);
    const result = await t.call(
      'imports.run',
      { kind: 'customers', contentBase64: b64(csv) },
      s.call,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problems = result.error.details?.problems as { line: number; column: string }[];
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'village'],
      [3, 'phone'],
      [4, 'village'],
    ]);
    expect(snapshot(t.core)).toBe(before);
  });

  it('refuses an empty file and a file with only a header, clearly', async () => {
    const s = await ready();
    const empty = await t.call(
      'imports.preview',
      { kind: 'customers', fileName: 'empty.csv', contentBase64: '' },
      s.call,
    );
    expect(empty).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'empty.csv: The file is empty' },
    });
    const header = await t.call(
      'imports.preview',
      { kind: 'customers', fileName: 'h.csv', contentBase64: b64('first_name,last_name\n') },
      s.call,
    );
    expect(header).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('CSV import of devices', () => {
  it('assigns to customers by account number and reports duplicates against the database', async () => {
    const s = await ready();
    const c = await t.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
      s.call,
    );
    await t.ok(
      'devices.create',
      { modelId: s.meter.id, serial: 'M-OLD', villageId: s.village.id },
      s.call,
    );
    const csv = [
      'serial,manufacturer,model,customer,village,mini_grid,billing_mode',
      `M-100,CHINT,DDSU666,${c.accountNumber},Kogi North,BKG,postpaid`,
      'M-OLD,CHINT,DDSU666,,Kogi North,BKG,',
    ].join('\n');
    const result = await t.ok('imports.run', { kind: 'devices', contentBase64: b64(csv) }, s.call);
    expect(result).toEqual({
      created: 1,
      duplicates: [{ line: 3, message: 'serial M-OLD is already registered' }],
    });
    const got = await t.ok('customers.get', { id: c.id }, s.call);
    expect(got.devices.map((d) => [d.serial, d.status, d.billingMode])).toEqual([
      ['M-100', 'installed', 'postpaid'],
    ]);
  });
});

describe('huge files', () => {
  it('refuses a file over 50 MB before reading it, and writes nothing', async () => {
    const s = await ready();
    const before = snapshot(t.core);
    const huge = 'A'.repeat(Math.ceil((50 * 1024 * 1024 * 4) / 3) + 100);
    const result = await t.call('imports.run', { kind: 'customers', contentBase64: huge }, s.call);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { issues: [{ field: 'contentBase64', message: 'is larger than 50 MB' }] },
      },
    });
    expect(snapshot(t.core)).toBe(before);
  });
});
