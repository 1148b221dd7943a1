// The counter as a cashier uses it: find the customer by part of the phone number, take cash for
// a solar home system, read the token, print and reprint the receipt (checked with pdftotext).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeToken, groupTokenDigits } from '../../src/domain/openpaygo/token';
import { expect, test, type App } from './fixtures';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const STARTING_CODE = 516959010;

async function cli<T>(app: App, name: string, input: unknown, asUser?: string): Promise<T> {
  const args = ['call', name, JSON.stringify(input)];
  const result = await app.cli(asUser ? [...args, '--user', asUser] : args);
  const envelope = JSON.parse(result.stdout) as { ok: boolean; value: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

function pdfText(base64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-receipt-'));
  const file = join(dir, 'receipt.pdf');
  writeFileSync(file, Buffer.from(base64, 'base64'));
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return out.stdout;
}

test('a cashier sells days for an SHS, shows the token and prints the receipt', async ({
  app,
  page,
}) => {
  await cli(app, 'setup.initialise', {
    company: { name: 'Sunrise Power Ltd', country: 'NG' },
    currency: { code: 'NGN', decimals: 2 },
    office: { name: 'Lagos office', code: 'LAG', timeZone: 'Africa/Lagos' },
    admin: {
      username: 'ada',
      displayName: 'Ada Obi',
      password: 'correct horse battery',
      passwordConfirm: 'correct horse battery',
    },
  });
  await cli(app, 'users.create', {
    username: 'bola',
    displayName: 'Bola Cashier',
    role: 'cashier',
    password: 'till number 7',
    passwordConfirm: 'till number 7',
  });
  const cluster = await cli<{ id: string }>(app, 'sites.createCluster', { name: 'Niger State' });
  const grid = await cli<{ id: string }>(app, 'sites.createMiniGrid', {
    clusterId: cluster.id,
    name: 'Katcha',
    code: 'KTC',
  });
  const village = await cli<{ id: string }>(app, 'sites.createVillage', {
    miniGridId: grid.id,
    name: 'Nku',
  });
  const maker = await cli<{ id: string }>(app, 'manufacturers.create', { name: 'Lumvara' });
  const model = await cli<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'Home 60',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  });
  const customer = await cli<{ id: string; accountNumber: string }>(app, 'customers.create', {
    firstName: 'Amina',
    lastName: 'Bello',
    phone: '0803 123 4567',
    villageId: village.id,
  });
  const device = await cli<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: 'SHS-0001',
    customerId: customer.id,
    openpaygo: { key: KEY, startingCode: STARTING_CODE },
  });
  await cli(app, 'devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 });

  // The cashier signs in and lands on the counter.
  await page.goto(app.url);
  await page.getByLabel('Username').fill('bola');
  await page.getByLabel('Password', { exact: true }).fill('till number 7');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const search = page.getByLabel('Customer or device');
  await expect(search).toBeFocused();

  // Part of the phone number finds Amina; her one device is chosen; the amount buys 10 days.
  await search.fill('123 45');
  await expect(page.getByRole('option', { name: /Amina Bello/ })).toBeVisible();
  await search.press('Enter');
  const amount = page.getByLabel('Amount');
  await expect(amount).toBeFocused();
  await amount.fill('10.50');
  await expect(page.getByLabel('What this payment buys')).toContainText('10');
  await amount.press('Enter');

  const expected = encodeToken({
    keyHex: KEY,
    startingCode: STARTING_CODE,
    count: 0,
    type: 'ADD_TIME',
    value: 10,
  });
  // The big token on the result card (the recent-payments table may show it too, once refreshed).
  await expect(page.getByTestId('token')).toHaveText(groupTokenDigits(expected.token));
  await expect(page.getByRole('button', { name: 'Print receipt', exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/counter.png' });

  // The receipt, as the core renders it for every door: token and amount in the PDF's text.
  const payments = await cli<{ rows: { id: string }[] }>(app, 'payments.list', {
    deviceId: device.id,
  });
  const paymentId = payments.rows[0]?.id ?? '';
  const receipt = await cli<{ pdfBase64: string }>(app, 'receipts.pdf', {
    paymentId,
    layout: '80mm',
  });
  const text = pdfText(receipt.pdfBase64);
  expect(text).toContain(groupTokenDigits(expected.token));
  expect(text).toContain('10.50 NGN');
  expect(text).toContain(customer.accountNumber);

  // A reprint is the same token, marked as a reprint; nothing new is issued.
  const reprint = pdfText(
    (
      await cli<{ pdfBase64: string }>(app, 'receipts.pdf', {
        paymentId,
        layout: '58mm',
        reprint: true,
      })
    ).pdfBase64,
  );
  expect(reprint).toContain('REPRINT');
  expect(reprint).toContain(groupTokenDigits(expected.token));
  const after = await cli<{ device: { openpaygo: { count: number } } }>(app, 'devices.get', {
    id: device.id,
  });
  expect(after.device.openpaygo.count).toBe(expected.count);

  // Next customer clears the screen for the queue.
  await page.getByRole('button', { name: 'Next customer' }).click();
  await expect(page.getByLabel('Customer or device')).toBeFocused();
});
