// A set-up office with a solar home system and a few payments (so tokens and allocations exist),
// for the backup and restore tests.
import { randomUUID } from 'node:crypto';
import { setUpOffice, type TestCore } from './core';
import { seedRegistry } from './registry';

export const OPG_KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
export const OPG_STARTING_CODE = 516959010;
/** Cheap scrypt for tests (log2 N); the standard cost is used by the peer test and the bench. */
export const TEST_SCRYPT_LOG_N = 10;
export const PASSPHRASE = 'orange tractor mango 42 river';

export async function officeWithSales(t: TestCore, payments = 3) {
  const office = await setUpOffice(t);
  const seed = await seedRegistry(t, office.admin);
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: seed.village.id },
    { token: office.admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: seed.shs.id,
      serial: 'SHS-BACKUP-1',
      customerId: customer.id,
      openpaygo: { key: OPG_KEY, startingCode: OPG_STARTING_CODE },
    },
    { token: office.admin },
  );
  await t.ok(
    'devices.setPaygPlan',
    { deviceId: device.id, dailyPriceMinor: 100 },
    { token: office.admin },
  );
  for (let i = 0; i < payments; i++) await pay(t, device.id, office.cashierToken);
  return { ...office, seed, customer, device };
}

export function pay(t: TestCore, deviceId: string, token: string) {
  return t.ok(
    'payments.record',
    { submissionKey: randomUUID(), deviceId, amountMinor: 500, method: 'cash' },
    { token },
  );
}
