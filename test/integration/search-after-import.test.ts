// An imported customer's search entry is written after the import's transaction by set
// statements (core/db/search-index.ts), not by the insert trigger: it must say what the trigger
// would have said, so a customer is found by the same words however they were registered.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
afterEach(() => t.close());

describe('quick search after an import', () => {
  it('finds an imported customer by every word the insert trigger indexes', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    const s = await seedRegistry(t, admin);
    const call = { token: admin };
    const typed = await t.ok(
      'customers.create',
      {
        firstName: 'Halima',
        lastName: 'Danjuma',
        phone: '08031112222',
        nationalId: '12345678901',
        villageId: s.village.id,
      },
      call,
    );
    const csv = [
      'first_name,last_name,phone,national_id,village,mini_grid',
      'Kemi,Adewale,08044445555,98765432109,Kogi North,BKG',
    ].join('\n');
    await t.ok(
      'imports.run',
      {
        kind: 'customers',
        fileName: 'one.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
      },
      call,
    );
    const imported = t.core.deps.raw
      .prepare("SELECT account_number FROM customers WHERE first_name = 'Kemi'")
      .pluck()
      .get() as string;
    const titles = async (q: string) =>
      (await t.ok('search.quick', { q }, call)).hits.map((h) => h.title);
    // The same kinds of words for both: account number, names, phone (digits), national id.
    for (const [who, words] of [
      [
        'Halima Danjuma',
        [typed.accountNumber, 'Halima', 'Danjuma', '2348031112222', '12345678901'],
      ],
      ['Kemi Adewale', [imported, 'Kemi', 'Adewale', '2348044445555', '98765432109']],
    ] as const) {
      for (const word of words) expect(await titles(word), `${who} by ${word}`).toContain(who);
    }
  });
});
