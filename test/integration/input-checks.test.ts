// Nonsense typed into a form is refused with a message naming the field, never stored or changed:
// a national ID of "-12", negative counts and readings, text longer than the contract allows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;

beforeEach(async () => {
  t = openTestCore();
  admin = (await setUpOffice(t)).admin;
  seed = await seedRegistry(t, admin);
});
afterEach(() => t.close());

describe('input checks', () => {
  it('refuses a national ID of "-12" and changes nothing', async () => {
    const before = snapshot(t.core);
    const result = await t.call(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id, nationalId: '-12' },
      { token: admin },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.details?.issues?.[0]?.field).toBe('nationalId');
    expect(snapshot(t.core)).toBe(before);
    const ok = await t.ok(
      'customers.create',
      {
        firstName: 'Amina',
        lastName: 'Bello',
        villageId: seed.village.id,
        nationalId: 'NIN 12-34',
      },
      { token: admin },
    );
    expect(ok.nationalId).toBe('NIN 12-34');
  });

  it('refuses a national ID of "-12" in a CSV import, naming the line and column', async () => {
    const csv = `first_name,last_name,village,national_id\nAmina,Bello,Kogi North,-12\n`;
    const preview = await t.call(
      'imports.preview',
      { kind: 'customers', contentBase64: Buffer.from(csv).toString('base64') },
      { token: admin },
    );
    expect(JSON.stringify(preview)).toContain('National ID');
    expect(JSON.stringify(preview)).toContain('must start with a letter or digit');
  });

  it('refuses a negative OpenPAYGO count instead of changing it', async () => {
    const before = snapshot(t.core);
    const result = await t.call(
      'devices.create',
      {
        modelId: seed.shs.id,
        serial: 'SHS-9',
        villageId: seed.village.id,
        openpaygo: { key: 'bc41ec9530f6dac86b1a29ab82edc5fb', startingCode: 1, count: -3 },
      },
      { token: admin },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.details?.issues?.[0]?.field).toBe('openpaygo.count');
    expect(snapshot(t.core)).toBe(before);
  });
});
