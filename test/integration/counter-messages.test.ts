// The counter says every refusal in the cashier's words: each refusal is made on a real core
// and the renderer must recognise it (a reworded sentence in the payment service fails here
// instead of reaching a French cashier in English), with no field name and no minor units.
import { randomUUID } from 'node:crypto';
import type { TFunction } from 'i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/api/client';
import { counterMessage, counterWarning } from '../../src/renderer/lib/counter-messages';
import fr from '../../src/renderer/i18n/locales/fr.json';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

// Looks the key up in the French file and fills its placeholders, like i18next does.
const t = ((key: string, options?: Record<string, string | number>) => {
  const [group, name] = key.split('.') as [string, string];
  const text = (fr as unknown as Record<string, Record<string, string>>)[group]?.[name];
  if (text === undefined) return `MISSING ${key}`;
  return text.replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(options?.[p] ?? ''));
}) as unknown as TFunction;

let t0: TestCore;
let admin: string;
let cashier: string;
let seed: Awaited<ReturnType<typeof seedRegistry>>;
let customerId: string;

beforeEach(async () => {
  t0 = openTestCore();
  const office = await setUpOffice(t0);
  admin = office.admin;
  cashier = office.cashierToken;
  seed = await seedRegistry(t0, admin);
  customerId = (
    await t0.ok(
      'customers.create',
      { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
      { token: admin },
    )
  ).id;
});
afterEach(() => t0.close());

async function device(
  serial: string,
  options: { meter?: boolean; assigned?: boolean; key?: boolean; plan?: boolean } = {},
) {
  const created = await t0.ok(
    'devices.create',
    {
      modelId: options.meter ? seed.meter.id : seed.shs.id,
      serial,
      villageId: seed.village.id,
      ...(options.assigned === false ? {} : { customerId }),
      ...(options.meter || options.key === false
        ? {}
        : { openpaygo: { key: KEY, startingCode: 516959010, count: 0 } }),
    },
    { token: admin },
  );
  if (!options.meter && options.key !== false && options.plan !== false) {
    await t0.ok(
      'devices.setPaygPlan',
      { deviceId: created.id, dailyPriceMinor: 50_000 },
      { token: admin },
    );
  }
  return created.id;
}

async function refusal(deviceId: string, amountMinor: number): Promise<ApiError> {
  const result = await t0.call(
    'payments.record',
    { submissionKey: randomUUID(), deviceId, amountMinor, method: 'cash' },
    { token: cashier },
  );
  if (result.ok) throw new Error('the sale was not refused');
  return new ApiError(result.error);
}

function expectPlain(error: ApiError, expected: string) {
  const said = counterMessage(t, error);
  expect(said).toBe(expected);
  expect(said).not.toContain(error.message);
  expect(said).not.toMatch(/amountMinor|deviceId|minor units|VALIDATION|CONFLICT/);
}

describe('counter refusals in the cashier’s language', () => {
  it('recognises every refusal of a sale', async () => {
    expectPlain(
      await refusal(await device('SHS-1'), 10_000),
      "C'est moins d'un jour (500.00 NGN). Encaissez au moins le prix d'un jour.",
    );
    expectPlain(
      await refusal(await device('SHS-2', { assigned: false }), 100_000),
      "SHS-2 n'est encore attribué à aucun client. Un employé doit l'attribuer avant la vente.",
    );
    expectPlain(
      await refusal(await device('SHS-3', { key: false }), 100_000),
      "SHS-3 n'a pas de clé de jetons : aucun jeton ne peut être créé. Un employé doit saisir sa clé OpenPAYGO.",
    );
    expectPlain(
      await refusal(await device('SHS-4', { plan: false }), 100_000),
      "SHS-4 n'a pas encore de prix par jour. Un responsable doit définir ses conditions PAYG.",
    );
    expectPlain(
      await refusal(await device('MTR-1', { meter: true }), 100_000),
      "MTR-1 n'a pas encore de tarif. Un responsable doit lui en attribuer un avant la vente.",
    );
    expectPlain(
      await refusal(randomUUID(), 100_000),
      "Cet appareil n'existe plus. Recherchez à nouveau le client.",
    );
    await t0.ok('settings.update', { counter: { maxPaymentMinor: 50_000_000 } }, { token: admin });
    expectPlain(
      await refusal(await device('SHS-5'), 50_000_001),
      'Un paiement ne peut pas dépasser 500,000.00 NGN.',
    );
  });

  it('says a refusal of the contract once, in words, without the field name', async () => {
    const error = await refusal(await device('SHS-6'), 10 ** 13);
    expect(error.message).toMatch(/^AmountMinor /);
    const said = counterMessage(t, error);
    expect(said).not.toMatch(/amountMinor|minor units/i);
    expect(said).toBe(fr.issues.moneyTooLarge);
  });

  it('recognises the warnings of a sale', () => {
    expect(
      counterWarning(
        t,
        '18 tokens for SHS-1 will be unconfirmed: ask the customer to enter them and confirm them; sales stop at 20.',
      ),
    ).toBe(
      "Après cette vente, 18 jetons de SHS-1 ne seront pas confirmés. Demandez au client de les saisir et confirmez-les ; les ventes s'arrêtent à 20.",
    );
  });
});
