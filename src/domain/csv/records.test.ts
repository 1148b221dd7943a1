// Row validation per import kind: good rows become records, each bad cell becomes exactly one
// problem that names its line and column, secret keys never appear in problems.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAccountNumber } from '../account-number';
import { suggestMapping } from './mapping';
import { parseCsv, type CsvRow } from './parse';
import {
  FIELD_SPECS,
  createRowChecker,
  normaliseName,
  parseCsvDate,
  validateRows,
  type Defaults,
  type ImportKind,
  type Lookups,
  type ModelInfo,
  type Problem,
} from './records';

const KEY = '0123456789abcdef0123456789ABCDEF';
const KEY2 = 'fedcba9876543210fedcba9876543210';
const ACCOUNT = formatAccountNumber('LAG', 42); // LAG000422

function lookups(): Lookups {
  const shs: ModelInfo = {
    id: 'm-sh100',
    manufacturerId: 'mf-solar',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  };
  const meter: ModelInfo = {
    id: 'm-m1',
    manufacturerId: 'mf-metrix',
    kind: 'meter',
    tokenScheme: 'sts',
  };
  const x1a: ModelInfo = {
    id: 'm-x1a',
    manufacturerId: 'mf-acme',
    kind: 'ebike',
    tokenScheme: 'openpaygo',
  };
  const x1b: ModelInfo = {
    id: 'm-x1b',
    manufacturerId: 'mf-solar',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  };
  const n = normaliseName;
  return {
    country: 'NG',
    villages: new Map([
      [n('Kpaduma'), ['v-kpa']],
      [n('Gbedu'), ['v-gb1', 'v-gb2']],
    ]),
    villagesByGridAndName: new Map([
      [`${n('MG1')}|${n('Kpaduma')}`, 'v-kpa'],
      [`${n('Kpaduma Mini-grid')}|${n('Kpaduma')}`, 'v-kpa'],
      [`${n('MG1')}|${n('Gbedu')}`, 'v-gb1'],
      [`${n('MG2')}|${n('Gbedu')}`, 'v-gb2'],
    ]),
    models: new Map([
      [`${n('SolarCo')}|${n('SH-100')}`, shs],
      [`|${n('SH-100')}`, shs],
      [`${n('Metrix')}|${n('M1')}`, meter],
      [`|${n('M1')}`, meter],
      [`${n('Acme')}|${n('X1')}`, x1a],
      [`${n('SolarCo')}|${n('X1')}`, x1b],
    ]),
    customersByAccount: new Map([[ACCOUNT, 'c-42']]),
  };
}

function run(kind: ImportKind, text: string, defaults: Defaults = {}) {
  const { headers, rows } = parseCsv(text);
  const mapping = suggestMapping(headers, FIELD_SPECS[kind]);
  return validateRows(kind, headers, rows, mapping, lookups(), defaults);
}

/** Only the parts of a problem a test checks by position. */
const where = (p: Problem) => ({ line: p.line, column: p.column, field: p.field, value: p.value });

// ---------------------------------------------------------------------------------------------

describe('customers', () => {
  const HEAD =
    'First name,Last name,Business,Type,Phone,Phone 2,National ID,Gender,Village,Mini-grid,Status';

  it('turns good rows into records', () => {
    const { records, problems } = run(
      'customers',
      [
        HEAD,
        'Ada, Okafor ,,,0803 123 4567,,A123,F,Kpaduma,,',
        ',,Mama Put Ltd,,08051234567,+234 806 555 0199,,,gbedu,MG2,inactive',
        'Bola,Ade,Bola Stores,individual,,,,homme,Kpaduma,Kpaduma Mini-grid,Active',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        kind: 'individual',
        firstName: 'Ada',
        lastName: 'Okafor',
        businessName: null,
        phone: '+2348031234567',
        phone2: null,
        nationalId: 'A123',
        gender: 'female',
        villageId: 'v-kpa',
        address: null,
        notes: null,
        status: 'active',
      },
      {
        line: 3,
        kind: 'business',
        firstName: '',
        lastName: '',
        businessName: 'Mama Put Ltd',
        phone: '+2348051234567',
        phone2: '+2348065550199',
        nationalId: null,
        gender: null,
        villageId: 'v-gb2',
        address: null,
        notes: null,
        status: 'inactive',
      },
      expect.objectContaining({
        line: 4,
        kind: 'individual',
        businessName: 'Bola Stores',
        gender: 'male',
      }),
    ]);
  });

  it('refuses a cell with a NUL or half an emoji, naming line and column', () => {
    const { records, problems } = run(
      'customers',
      [HEAD, 'Ada\u0000,Okafor,,,,,,,Kpaduma,,', 'Bola,Ade \ud83d,,,,,,,Kpaduma,,'].join('\n'),
    );
    expect(records).toEqual([]);
    expect(problems).toEqual([
      {
        line: 2,
        column: 'First name',
        field: 'first_name',
        value: null,
        message: 'The cell contains an invisible NUL character at position 4; please remove it',
      },
      {
        line: 3,
        column: 'Last name',
        field: 'last_name',
        value: null,
        message:
          'The cell contains a broken character at position 5 (half of an emoji or symbol); please retype it',
      },
    ]);
  });

  const GOOD = ['Ada', 'Okafor', '', '', '08031234567', '', '', 'F', 'Kpaduma', '', ''];
  const cases: [string, string, RegExp][] = [
    ['Phone', '12345', /^Phone "12345" is not a valid NG number \(5 digits/],
    ['Phone 2', 'call me', /^Phone 2 "call me" contains letters/],
    ['Gender', 'x', /^Gender "x" must be F or M/],
    ['Gender', 'constructor', /^Gender "constructor" must be F or M/],
    ['Village', 'Nowhere', /^Village "Nowhere" does not exist: create it in Sites first/],
    ['Village', 'Gbedu', /^There are 2 villages called "Gbedu".*Mini-grid column/],
    ['Village', '', /^Village is required/],
    ['Status', 'maybe', /^Status "maybe" must be active or inactive/],
    ['Type', 'alien', /^Customer type "alien" must be individual or business/],
    ['Last name', '', /^Last name is required for an individual/],
    ['First name', '', /^First name is required/],
    ['National ID', 'N'.repeat(41), /^National ID is too long \(41 characters; at most 40\)/],
  ];
  it.each(cases)('one problem for a bad %s (%s)', (column, value, message) => {
    const headers = HEAD.split(',');
    const cells = [...GOOD];
    cells[headers.indexOf(column)] = value;
    const { records, problems } = run(
      'customers',
      `${HEAD}\nx,y,,,,,,,Kpaduma,,\n${cells.join(',')}`,
    );
    expect(problems).toHaveLength(1);
    expect(where(problems[0] as Problem)).toEqual({
      line: 3,
      column,
      field: FIELD_SPECS.customers.find(
        (s) => s.label === column || s.aliases.includes(column.toLowerCase()),
      )?.field,
      value,
    });
    expect(problems[0]?.message).toMatch(message);
    expect(records.map((r) => r.line)).toEqual([2]);
  });

  it('blames the mini-grid when the village exists elsewhere', () => {
    const { problems } = run('customers', `${HEAD}\nAda,Okafor,,,,,,,Kpaduma,MG2,`);
    expect(problems.map(where)).toEqual([
      { line: 2, column: 'Mini-grid', field: 'mini_grid', value: 'MG2' },
    ]);
    expect(problems[0]?.message).toBe(
      'Village "Kpaduma" is not in mini-grid "MG2": check the mini-grid code or name',
    );
  });

  it('requires a business name for a business and no last name', () => {
    const { problems } = run('customers', `${HEAD}\nAda,,,business,,,,,Kpaduma,,`);
    expect(problems.map((p) => p.field)).toEqual(['business_name']);
  });

  it('uses the default village when the cell is empty or the column is missing', () => {
    const withColumn = run('customers', `${HEAD}\nAda,Okafor,,,,,,,,,`, { villageId: 'v-def' });
    expect(withColumn.records[0]?.villageId).toBe('v-def');
    const without = run('customers', 'First name,Last name\nAda,Okafor', { villageId: 'v-def' });
    expect(without.problems).toEqual([]);
    expect(without.records[0]?.villageId).toBe('v-def');
    const noDefault = run('customers', 'First name,Last name\nAda,Okafor');
    expect(noDefault.problems.map(where)).toEqual([
      { line: 2, column: null, field: 'village', value: null },
    ]);
  });

  it('flags the same person (phone and name) or national ID twice in the file, naming the first line', () => {
    const { problems, records } = run(
      'customers',
      [
        HEAD,
        'Ada,Okafor,,,0803 123 4567,,A-123,,Kpaduma,,',
        'Bola,Ade,,,,,,,Kpaduma,,',
        'Chidi,Eze,,,,+2348031234567,a123,,Kpaduma,,',
        'Dayo,Ojo,,,08051234567,0805 123 4567,,,Kpaduma,,',
        'ada,OKAFOR,,,+234 803 123 4567,,,,Kpaduma,,',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [4, 'National ID', 'National ID "a123" is already on line 2 of this file'],
      [
        6,
        'Phone',
        'Phone "+234 803 123 4567" with the same name is already on line 2 of this file',
      ],
    ]);
    // Chidi (line 4) shares Ada's phone, a household number: that alone is not a duplicate, so
    // line 4's only problem is its national ID.
    // One customer's number in both columns is kept once, not called a duplicate.
    expect(records.find((r) => r.line === 5)).toMatchObject({
      phone: '+2348051234567',
      phone2: null,
    });
  });

  it('cuts long values to 60 characters', () => {
    const { problems } = run('customers', `${HEAD}\nAda,Okafor,,,,,,,${'V'.repeat(100)},,`);
    expect(problems[0]?.value).toBe(`${'V'.repeat(59)}…`);
    expect(problems[0]?.message).toContain(`"${'V'.repeat(59)}…"`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('devices', () => {
  const HEAD =
    'Serial,Manufacturer,Model,Status,Village,Customer account,Billing mode,Installed,Notes';

  it('turns good rows into records with the documented defaults', () => {
    const { records, problems } = run(
      'devices',
      [
        HEAD,
        `SN-1,,SH-100,,Kpaduma,${ACCOUNT},,28/02/2026,roof`,
        'SN-2,,m1,In Stock,,,,,',
        'SN-3,Acme,X1,faulty,,,,2026-01-05,',
        `SN-4,Metrix,M1,,Kpaduma,lag-00042-2,postpaid,1/3/2026,`,
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        serial: 'SN-1',
        modelId: 'm-sh100',
        manufacturerId: 'mf-solar',
        kind: 'shs',
        status: 'installed',
        villageId: 'v-kpa',
        customerId: 'c-42',
        billingMode: null,
        installedAt: '2026-02-28',
        notes: 'roof',
      },
      {
        line: 3,
        serial: 'SN-2',
        modelId: 'm-m1',
        manufacturerId: 'mf-metrix',
        kind: 'meter',
        status: 'in_stock',
        villageId: null,
        customerId: null,
        billingMode: 'prepaid',
        installedAt: null,
        notes: null,
      },
      expect.objectContaining({ line: 4, modelId: 'm-x1a', kind: 'ebike', status: 'faulty' }),
      expect.objectContaining({ line: 5, billingMode: 'postpaid', installedAt: '2026-03-01' }),
    ]);
  });

  it('applies the file defaults: model, status, billing mode, village', () => {
    const { records, problems } = run('devices', 'Serial\nA1\nA2', {
      modelId: 'm-m1',
      status: 'installed',
      billingMode: 'postpaid',
      villageId: 'v-kpa',
    });
    expect(problems).toEqual([]);
    expect(records[1]).toMatchObject({
      modelId: 'm-m1',
      status: 'installed',
      billingMode: 'postpaid',
      villageId: 'v-kpa',
    });
  });

  const GOOD = ['SN-9', 'SolarCo', 'SH-100', '', 'Kpaduma', ACCOUNT, '', '', ''];
  const cases: [string, string, RegExp][] = [
    ['Serial', '', /^Serial number is required/],
    ['Serial', '1.23457E+11', /Excel turned it into/],
    ['Model', 'SH-200', /^Model "SH-200" by "SolarCo" does not exist/],
    ['Status', 'lost', /^Status "lost" must be in stock, installed, faulty or retired/],
    ['Status', 'in stock', /^A device in stock cannot belong to a customer/],
    ['Village', 'Nowhere', /^Village "Nowhere" does not exist/],
    ['Village', '', /^Village is required for an installed device/],
    ['Customer account', 'LAG000423', /is not a valid account number/],
    [
      'Customer account',
      formatAccountNumber('LAG', 43),
      /^No customer has account number "LAG000430"/,
    ],
    [
      'Billing mode',
      'prepaid',
      /^Billing mode applies to meters only: leave it empty for a solar home system/,
    ],
    ['Billing mode', 'credit', /^Billing mode "credit" must be prepaid or postpaid/],
    ['Installed', '31/02/2026', /^Installation date "31\/02\/2026" is not a real date/],
    ['Installed', '12/31/2026', /day first, DD\/MM\/YYYY/],
    ['Notes', 'n'.repeat(2001), /^Notes is too long/],
  ];
  it.each(cases)('one problem for a bad %s (%s)', (column, value, message) => {
    const headers = HEAD.split(',');
    const cells = [...GOOD];
    cells[headers.indexOf(column)] = value;
    const { records, problems } = run('devices', `${HEAD}\nSN-0,,SH-100,,,,,,\n${cells.join(',')}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, column });
    expect(problems[0]?.message).toMatch(message);
    expect(records.map((r) => r.line)).toEqual([2]);
  });

  it('explains an unknown model and a model name shared by two manufacturers', () => {
    const { problems } = run('devices', 'Serial,Model\nA,Nope\nB,X1');
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'Model "Nope" does not exist: create it first, or check the spelling'],
      [3, 'Several manufacturers have a model called "X1": add a Manufacturer column to say which'],
    ]);
  });

  it('flags the same serial twice for one manufacturer, not across manufacturers', () => {
    const { problems } = run(
      'devices',
      ['Serial,Manufacturer,Model', 'A1,SolarCo,SH-100', 'A1,Acme,X1', 'a1,SolarCo,X1'].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [4, 'Serial', 'Serial number "a1" is already on line 2 of this file (same manufacturer)'],
    ]);
  });

  it('collects every problem of a row, not just the first', () => {
    const { problems } = run('devices', `${HEAD}\n,Acme,Nope,lost,Nowhere,XYZ,,99/99/2026,`);
    expect(problems.map((p) => p.field)).toEqual([
      'serial',
      'model',
      'customer',
      'status',
      'village',
      'installed_at',
    ]);
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['2026-02-28', '2026-02-28'],
    ['2026-2-3', '2026-02-03'],
    ['2026-02-28 10:30', '2026-02-28'],
    ['28/02/2026', '2026-02-28'],
    ['1/3/2026', '2026-03-01'],
    ['31.12.2025', '2025-12-31'],
    ['29/02/2024', '2024-02-29'],
    ['29-02-2000', '2000-02-29'],
  ])('reads %s', (input, value) => {
    expect(parseCsvDate(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['31/02/2026', /not a real date/],
    ['29/02/2026', /not a real date/],
    ['29/02/1900', /not a real date/],
    ['12/31/2026', /no valid month \(31\): dates are read day first/],
    ['2026-13-01', /no valid month/],
    ['02/03/26', /is not a date/],
    ['2026/02/28', /is not a date/],
    ['3 March 2026', /is not a date/],
    ['01/01/0226', /year outside/],
    ['45678', /spreadsheet date number/],
    ['28/02-2026', /is not a date/],
  ])('refuses %s', (input, reason) => {
    const result = parseCsvDate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

// ---------------------------------------------------------------------------------------------

describe('openpaygo-devices', () => {
  const VENDOR =
    'Serial Number,Starting Code,Key,Count,Time Divider,Restricted Digit Mode,Hardware Model,Version,Test Code';

  it('imports the vendor list as sent, ignoring Version and Test Code', () => {
    const { records, problems } = run(
      'openpaygo-devices',
      [
        VENDOR,
        `800001,123456789,${KEY},4,1,TRUE,SH-100,v2,111111111`,
        `800002,000001234,${KEY2},,,0,SH-100,v2,`,
      ].join('\r\n'),
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        serial: '800001',
        modelId: 'm-sh100',
        manufacturerId: 'mf-solar',
        kind: 'shs',
        status: 'in_stock',
        villageId: null,
        customerId: null,
        billingMode: null,
        installedAt: null,
        notes: null,
        keyHex: KEY.toLowerCase(),
        startingCode: 123456789,
        count: 4,
        timeDivider: 1,
        restrictedDigits: true,
      },
      expect.objectContaining({
        line: 3,
        startingCode: 1234,
        count: 0,
        timeDivider: 1,
        restrictedDigits: false,
      }),
    ]);
  });

  it('imports the "PAYG ID, Secret Key" list with the model chosen for the file', () => {
    const { records, problems } = run(
      'openpaygo-devices',
      `PAYG ID;Secret Key;Starting Code;Count\nCS-1;${KEY};987654321;2\n`,
      { modelId: 'm-sh100' },
    );
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      serial: 'CS-1',
      modelId: 'm-sh100',
      startingCode: 987654321,
      count: 2,
    });
  });

  it('refuses a model that does not use OpenPAYGO tokens', () => {
    const { problems } = run('openpaygo-devices', `${VENDOR}\n1,123456789,${KEY},0,1,0,M1,,`);
    expect(problems.map(where)).toEqual([
      { line: 2, column: 'Hardware Model', field: 'model', value: 'M1' },
    ]);
    expect(problems[0]?.message).toMatch(/does not use OpenPAYGO tokens \(STS\)/);
  });

  const GOOD = ['1', '123456789', KEY, '0', '1', '0', 'SH-100', '', ''];
  const cases: [string, string, RegExp][] = [
    [
      'Starting Code',
      '12345678901',
      /^Starting code "12345678901" must be a number of up to 9 digits/,
    ],
    ['Starting Code', '', /^Starting code is required/],
    ['Starting Code', '1.23457E+08', /Excel turned it into/],
    ['Count', '-1', /^Count "-1" must be a whole number/],
    ['Time Divider', '256', /^Time divider "256" must be a whole number from 1 to 255/],
    ['Restricted Digit Mode', 'maybe', /^Restricted digit mode "maybe" must be yes\/no/],
  ];
  it.each(cases)('one problem for a bad %s (%s)', (column, value, message) => {
    const headers = VENDOR.split(',');
    const cells = [...GOOD];
    cells[headers.indexOf(column)] = value;
    const { problems } = run('openpaygo-devices', `${VENDOR}\n${cells.join(',')}`);
    expect(problems).toHaveLength(1);
    expect(where(problems[0] as Problem)).toMatchObject({ line: 2, column, value });
    expect(problems[0]?.message).toMatch(message);
  });

  it.each([
    ['too short', KEY.slice(0, 30), /^Secret key must be 32 hex characters \(16 bytes\), got 30$/],
    ['not hex', `${KEY.slice(0, 31)}g`, /^Secret key must be hexadecimal/],
  ])('never shows a bad key (%s)', (_, key, message) => {
    const { problems } = run('openpaygo-devices', `${VENDOR}\n1,123456789,${key},0,1,0,SH-100,,`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 'Key', field: 'key', value: '(hidden)' });
    expect(problems[0]?.message).toMatch(message);
    expect(JSON.stringify(problems)).not.toContain(key.slice(0, 16));
  });

  it('reports a missing key without a value', () => {
    const { problems } = run('openpaygo-devices', `${VENDOR}\n1,123456789,,0,1,0,SH-100,,`);
    expect(problems.map(where)).toEqual([{ line: 2, column: 'Key', field: 'key', value: null }]);
  });

  it('hides the key even when its column is also mapped to another field', () => {
    const text = `${VENDOR}\n1,123456789,not-a-key-at-all,0,1,0,SH-100,,`;
    const { headers, rows } = parseCsv(text);
    const mapping = {
      ...suggestMapping(headers, FIELD_SPECS['openpaygo-devices']),
      notes: 'Key',
      serial: 'Key',
    };
    const { problems } = validateRows('openpaygo-devices', headers, rows, mapping, lookups(), {});
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).not.toContain('not-a-key');
  });

  it('flags duplicate serials and shared keys inside the file, without showing the key', () => {
    const { problems } = run(
      'openpaygo-devices',
      [
        VENDOR,
        `1,123456789,${KEY},0,1,0,SH-100,,`,
        `2,123456789,${KEY2},0,1,0,SH-100,,`,
        `1,123456789,${KEY},0,1,0,SH-100,,`,
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.column, p.value, p.message])).toEqual([
      [
        4,
        'Serial Number',
        '1',
        'Serial number "1" is already on line 2 of this file (same manufacturer)',
      ],
      [4, 'Key', '(hidden)', 'Secret key is the same as on line 2 of this file'],
    ]);
  });
  it('checked a slice at a time, still sees duplicates in earlier slices', () => {
    const text = [
      VENDOR,
      `1,123456789,${KEY},0,1,0,SH-100,,`,
      `2,123456789,${KEY2},0,1,0,SH-100,,`,
      `1,123456789,${KEY},0,1,0,SH-100,,`,
    ].join('\n');
    const { headers, rows } = parseCsv(text);
    const mapping = suggestMapping(headers, FIELD_SPECS['openpaygo-devices']);
    const checker = createRowChecker('openpaygo-devices', headers, mapping, lookups(), {});
    for (const row of rows) checker.check([row]);
    expect(checker.result()).toEqual(
      validateRows('openpaygo-devices', headers, rows, mapping, lookups(), {}),
    );
    expect(checker.result().problems.map((p) => p.line)).toEqual([4, 4]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('validateRows on arbitrary cells', () => {
  // Realistic values mixed with noise, so the property also reaches the deeper checks.
  const WORDS = [
    '',
    'Kpaduma',
    'Gbedu',
    'MG1',
    'SH-100',
    'M1',
    'X1',
    'SolarCo',
    ACCOUNT,
    'installed',
    'in stock',
    'F',
    'prepaid',
    '0803 123 4567',
    '31/02/2026',
    '1/1/2026',
    '123456789',
    KEY,
  ];
  const cell = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...WORDS));

  it.each(['customers', 'devices', 'openpaygo-devices'] as const)(
    '%s: never throws, every problem has a line in 2..rows+1 and never shows the key',
    (kind) => {
      const headers = [...FIELD_SPECS[kind].map((s) => s.label), 'Extra'];
      const mapping = suggestMapping(headers, FIELD_SPECS[kind]);
      fc.assert(
        fc.property(
          fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), {
            maxLength: 12,
          }),
          fc.record({
            villageId: fc.option(fc.constant('v-kpa'), { nil: undefined }),
            modelId: fc.option(fc.constantFrom('m-sh100', 'gone'), { nil: undefined }),
          }),
          (cellRows, defaults) => {
            const rows: CsvRow[] = cellRows.map((cells, i) => ({ line: i + 2, cells }));
            const { records, problems } = validateRows(
              kind,
              headers,
              rows,
              mapping,
              lookups(),
              defaults,
            );
            for (const p of problems) {
              expect(p.line).toBeGreaterThanOrEqual(2);
              expect(p.line).toBeLessThanOrEqual(rows.length + 1);
              expect(p.message.length).toBeGreaterThan(0);
              if (p.value !== null) expect(Array.from(p.value).length).toBeLessThanOrEqual(60);
            }
            const failed = new Set(problems.map((p) => p.line));
            expect(records.every((r) => !failed.has(r.line))).toBe(true);
            expect(records.length + failed.size).toBe(rows.length);

            const keyIndex = headers.indexOf('Secret key');
            if (keyIndex < 0) return;
            for (const { cells } of rows) {
              const key = (cells[keyIndex] ?? '').trim();
              // A key that also sits in another cell may legitimately be quoted for that cell.
              const elsewhere = rows.some((r) =>
                r.cells.some((c, i) => i !== keyIndex && c.includes(key)),
              );
              // Pool words other than KEY also appear in message templates ("installed").
              if (key.length < 8 || elsewhere || (key !== KEY && WORDS.includes(key))) continue;
              for (const p of problems) {
                expect(p.message).not.toContain(key);
                expect(p.value ?? '').not.toContain(key);
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
