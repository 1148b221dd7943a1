// Header -> field mapping: vendor lists and French files must map without the clerk's help.
import { describe, expect, it } from 'vitest';
import { checkMapping, normaliseHeader, suggestMapping, type FieldSpec } from './mapping';
import { checkImportMapping, FIELD_SPECS, type ImportKind } from './records';

const mapped = (m: Record<string, string | null>): Record<string, string> =>
  Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => e[1] !== null));

describe('normaliseHeader', () => {
  it('ignores case, accents, spaces and punctuation', () => {
    expect(normaliseHeader(' Prénom ')).toBe('prenom');
    expect(normaliseHeader('Mini-Grid')).toBe('minigrid');
    expect(normaliseHeader('secret_key')).toBe('secretkey');
    expect(normaliseHeader('Téléphone (2)')).toBe('telephone2');
    expect(normaliseHeader('Endereço')).toBe('endereco');
    expect(normaliseHeader('--')).toBe('');
  });
});

describe('suggestMapping', () => {
  it('maps the OpenPAYGO vendor header fully, ignoring Version and Test Code', () => {
    const headers =
      'Serial Number,Starting Code,Key,Count,Time Divider,Restricted Digit Mode,Hardware Model,Version,Test Code'.split(
        ',',
      );
    const mapping = suggestMapping(headers, FIELD_SPECS['openpaygo-devices']);
    expect(mapped(mapping)).toEqual({
      serial: 'Serial Number',
      starting_code: 'Starting Code',
      key: 'Key',
      count: 'Count',
      time_divider: 'Time Divider',
      restricted_digits: 'Restricted Digit Mode',
      model: 'Hardware Model',
    });
    expect(checkImportMapping('openpaygo-devices', headers, mapping, {})).toEqual([]);
  });

  it('maps the "PAYG ID, Secret Key, Starting Code, Count" list (model chosen for the file)', () => {
    const headers = ['PAYG ID', 'Secret Key', 'Starting Code', 'Count'];
    const mapping = suggestMapping(headers, FIELD_SPECS['openpaygo-devices']);
    expect(mapped(mapping)).toEqual({
      serial: 'PAYG ID',
      key: 'Secret Key',
      starting_code: 'Starting Code',
      count: 'Count',
    });
    expect(checkImportMapping('openpaygo-devices', headers, mapping, { modelId: 'm' })).toEqual([]);
    expect(checkImportMapping('openpaygo-devices', headers, mapping, {})).toEqual([
      'Model is required: choose the column that holds it',
    ]);
  });

  it('maps French customer headers', () => {
    const headers = [
      'Prénom',
      'Nom',
      'Téléphone',
      'Sexe',
      'Village',
      'Adresse',
      'Remarques',
      'Statut',
    ];
    expect(mapped(suggestMapping(headers, FIELD_SPECS.customers))).toEqual({
      first_name: 'Prénom',
      last_name: 'Nom',
      phone: 'Téléphone',
      gender: 'Sexe',
      village: 'Village',
      address: 'Adresse',
      notes: 'Remarques',
      status: 'Statut',
    });
  });

  it('maps English device headers and lists every field, null when not found', () => {
    const headers = ['Meter No', 'Brand', 'Model', 'Account Number', 'Date installed', 'Site'];
    const mapping = suggestMapping(headers, FIELD_SPECS.devices);
    expect(mapping).toEqual({
      serial: 'Meter No',
      manufacturer: 'Brand',
      model: 'Model',
      status: null,
      village: null,
      mini_grid: 'Site',
      customer: 'Account Number',
      billing_mode: null,
      installed_at: 'Date installed',
      notes: null,
    });
  });

  it('uses each header once', () => {
    const specs: FieldSpec[] = [
      { field: 'a', label: 'A', required: false, aliases: ['phone'] },
      { field: 'b', label: 'B', required: false, aliases: ['phone'] },
    ];
    expect(suggestMapping(['Phone'], specs)).toEqual({ a: 'Phone', b: null });
  });

  it('has no alias shared by two fields of one import', () => {
    for (const kind of Object.keys(FIELD_SPECS) as ImportKind[]) {
      const owner = new Map<string, string>();
      for (const spec of FIELD_SPECS[kind]) {
        for (const name of new Set(
          [spec.field, spec.label, ...spec.aliases].map(normaliseHeader),
        )) {
          expect(owner.get(name) ?? spec.field, `${kind}: "${name}"`).toBe(spec.field);
          owner.set(name, spec.field);
        }
      }
    }
  });
});

describe('checkMapping', () => {
  const specs: FieldSpec[] = [
    { field: 'serial', label: 'Serial number', required: true, aliases: [] },
    { field: 'model', label: 'Model', required: true, aliases: [] },
    { field: 'notes', label: 'Notes', required: false, aliases: [] },
  ];

  it('accepts a complete mapping', () => {
    expect(checkMapping(['S', 'M'], specs, { serial: 'S', model: 'M', notes: null })).toEqual([]);
  });

  it('names unknown headers, headers used twice and unmapped required fields', () => {
    expect(
      checkMapping(['S', 'M'], specs, { serial: 'S', model: null, notes: 'S', colour: 'M' }),
    ).toEqual([
      '"colour" is not a field of this import',
      'The column "S" is used for more than one field: Serial number, Notes',
      'Model is required: choose the column that holds it',
    ]);
    expect(checkMapping(['S'], specs, { serial: 'Serial', model: 'S' })).toEqual([
      'The column "Serial" (for Serial number) is not in the file',
    ]);
  });

  it('does not require a field the caller fills with a default', () => {
    expect(checkMapping(['S'], specs, { serial: 'S' }, ['model'])).toEqual([]);
  });

  it('asks customers for a first/last name or a business name', () => {
    expect(checkImportMapping('customers', ['Village'], { village: 'Village' }, {})).toEqual([
      'First name is required (or Business name, for businesses): choose its column',
      'Last name is required (or Business name, for businesses): choose its column',
    ]);
    expect(
      checkImportMapping(
        'customers',
        ['Company'],
        { business_name: 'Company' },
        { villageId: 'v' },
      ),
    ).toEqual([]);
  });
});
