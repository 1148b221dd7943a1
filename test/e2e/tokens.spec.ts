// Token tools and reversals: a cashier checks a token a customer reads out and confirms it entered;
// an administrator issues a supervisor token; a manager reverses a payment from the counter.
import { groupTokenDigits } from '../../src/domain/openpaygo/token';
import { expect, test, type App } from './fixtures';
import type { Page } from '@playwright/test';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
const STARTING_CODE = 516959010;

async function call<T>(app: App, name: string, input: unknown): Promise<T> {
  const envelope = await app.call(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

interface Seeded {
  deviceId: string;
  receiptNumber: string;
  token: string;
}

/** A company, a cashier, a manager, one SHS on a PAYG plan and one paid sale for it. */
async function seed(app: App): Promise<Seeded> {
  await call(app, 'setup.initialise', {
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
  for (const [username, displayName, role, password] of [
    ['bola', 'Bola Cashier', 'cashier', 'till number 7'],
    ['musa', 'Musa Manager', 'manager', 'office keys 42'],
  ] as const) {
    await call(app, 'users.create', {
      username,
      displayName,
      role,
      password,
      passwordConfirm: password,
    });
  }
  const cluster = await call<{ id: string }>(app, 'sites.createCluster', { name: 'Niger State' });
  const grid = await call<{ id: string }>(app, 'sites.createMiniGrid', {
    clusterId: cluster.id,
    name: 'Katcha',
    code: 'KTC',
  });
  const village = await call<{ id: string }>(app, 'sites.createVillage', {
    miniGridId: grid.id,
    name: 'Nku',
  });
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Lumvara' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'Home 60',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  });
  const customer = await call<{ id: string }>(app, 'customers.create', {
    firstName: 'Amina',
    lastName: 'Bello',
    phone: '0803 123 4567',
    villageId: village.id,
  });
  const device = await call<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: 'SHS-0001',
    customerId: customer.id,
    openpaygo: { key: KEY, startingCode: STARTING_CODE },
  });
  await call(app, 'devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 });
  const sale = await call<{ payment: { receiptNumber: string }; tokens: { token: string }[] }>(
    app,
    'payments.record',
    {
      submissionKey: '0b6f1f5e-4c1a-4d6e-9a57-3f1d2c9e8a10',
      deviceId: device.id,
      amountMinor: 1000,
      method: 'cash',
      reference: null,
    },
  );
  return {
    deviceId: device.id,
    receiptNumber: sale.payment.receiptNumber,
    token: sale.tokens[0]?.token ?? '',
  };
}

async function signIn(page: Page, app: App, username: string, password: string) {
  await page.goto(app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a cashier checks a token and confirms it entered', async ({ app, page }) => {
  const seeded = await seed(app);
  await signIn(page, app, 'bola', 'till number 7');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Token tools' })
    .click();
  // A cashier may check tokens but not issue supervisor tokens.
  await expect(page.getByRole('tab', { name: 'Token checker' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Supervisor token' })).toHaveCount(0);

  const device = page.getByRole('textbox', { name: 'Device' });
  await expect(device).toBeFocused();
  await device.fill('SHS-0001');
  await expect(page.getByRole('option', { name: /SHS-0001/ })).toBeVisible();
  await device.press('Enter');
  const token = page.getByLabel('Token', { exact: true });
  await expect(token).toBeFocused();
  await token.fill(groupTokenDigits(seeded.token));
  await token.press('Enter');

  const result = page.getByTestId('check-result');
  await expect(result).toContainText('Token of this device');
  await expect(result).toContainText('The device would accept it');
  await expect(result).toContainText('Issued by GridDesk');
  await expect(result).toContainText(seeded.receiptNumber);
  await page.screenshot({ path: 'test-results/screens/token-checker.png', fullPage: true });

  // The same token in the device's list: tick it and confirm it entered.
  const tokens = page.getByRole('region', { name: 'Tokens issued for this device' });
  await tokens.getByLabel(`Select token ${groupTokenDigits(seeded.token)}`).check();
  await tokens.getByRole('button', { name: 'Confirm entered (1)' }).click();
  await expect(
    tokens.getByRole('row', { name: new RegExp(groupTokenDigits(seeded.token)) }),
  ).toContainText('Entered');
  // The check is asked again: the token is now entered and the device has seen its count.
  await expect(result).toContainText('Yes');

  // Digits that are not a token of this device.
  await token.fill('111 111 111');
  await token.press('Enter');
  await expect(result).toContainText('Not a token of this device');
});

test('an administrator issues a supervisor token after the confirm step', async ({ app, page }) => {
  await seed(app);
  await signIn(page, app, 'ada', 'correct horse battery');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Token tools' })
    .click();
  await page.getByRole('tab', { name: 'Supervisor token' }).click();
  const device = page.getByRole('textbox', { name: 'Device' });
  await expect(device).toBeFocused();
  await device.fill('SHS-0001');
  await expect(page.getByRole('option', { name: /SHS-0001/ })).toBeVisible();
  await device.press('Enter');
  await page.getByLabel('Days').fill('30');
  const reason = page.getByLabel('Reason');
  await reason.fill('Customer paid in the field, device clock reset');
  await reason.press('Enter');
  await expect(page.getByText('A SET_TIME token cancels every ADD_TIME token')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/supervisor-confirm.png', fullPage: true });
  await page.getByRole('button', { name: 'Issue token' }).click();
  await expect(page.getByTestId('supervisor-token')).toHaveText(/^\d{3}( \d{3})+/);
  // The sale's token was never entered: the core warns that this SET_TIME cancels it.
  await expect(
    page.getByRole('alert').filter({ hasText: 'cancels 1 ADD_TIME token' }),
  ).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/supervisor-token.png', fullPage: true });
});

test('a manager reverses a payment from the counter', async ({ app, page }) => {
  const seeded = await seed(app);
  await signIn(page, app, 'musa', 'office keys 42');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Counter' })
    .click();
  const search = page.getByLabel('Customer or device');
  await search.fill('SHS-0001');
  await expect(page.getByRole('option', { name: /SHS-0001/ })).toBeVisible();
  await search.press('Enter');

  const recent = page.getByRole('region', { name: 'Recent payments' });
  const row = recent.getByRole('row', { name: new RegExp(seeded.receiptNumber) });
  await row.getByRole('button', { name: 'Reverse' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(seeded.receiptNumber);
  await expect(dialog).toContainText('Amina Bello');
  // The reason is required.
  await dialog.getByRole('button', { name: 'Reverse payment' }).click();
  await expect(dialog.getByText('Required')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Paid for the wrong device');
  await page.screenshot({ path: 'test-results/screens/reverse-modal.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Reverse payment' }).click();
  await expect(dialog.getByRole('status')).toContainText('token');
  await page.screenshot({ path: 'test-results/screens/reverse-done.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The list is refreshed: the payment is marked reversed and its reversal is listed too.
  await expect(row.getByText('Reversed')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Reverse' })).toHaveCount(0);
  await expect(recent.getByText('Reversal', { exact: true })).toBeVisible();
});
