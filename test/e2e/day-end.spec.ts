// Day-end and STS token custody through the UI: a cashier takes a payment, a manager sees the
// cashier's day, closes it and prints the Z report (checked with pdftotext); a cashier sells energy
// for an STS meter (the token is pending), a clerk records the vendor's token and imports the
// vendor's file.
import type { Browser } from '@playwright/test';
import { expect, test, type App } from './fixtures';
import { call, KEY, seedOffice as seedOfficeWith, signIn as signInAs, pdfText, sell } from './seed';

const TIME_ZONE = 'Africa/Lagos';

/** A date `daysAgo` before the test clock's today in the office's time zone, as yyyy-mm-dd. */
function officeDay(app: App, daysAgo = 0): string {
  const at = new Date(app.now() - daysAgo * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

const USERS = [
  ['bola', 'Bola Cashier', 'cashier', 'till number 7'],
  ['musa', 'Musa Manager', 'manager', 'office keys 42'],
  ['cleo', 'Cleo Clerk', 'clerk', 'paper trail 9'],
] as const;

/** A company with a cashier, a manager and a clerk, and a village to put customers in. */
const seedOffice = (app: App) => seedOfficeWith(app, USERS, TIME_ZONE);
const signIn = (browser: Browser, app: App, username: (typeof USERS)[number][0]) =>
  signInAs(browser, app, USERS, username);

test('a manager closes a cashier’s day and prints the Z report', async ({ app, browser }) => {
  const { villageId } = await seedOffice(app);
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
    villageId,
  });
  const device = await call<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: 'SHS-0001',
    customerId: customer.id,
    openpaygo: { key: KEY, startingCode: 516959010 },
  });
  await call(app, 'devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 });

  // The cashier takes NGN 10.50 at the counter.
  const cashier = await signIn(browser, app, 'bola');
  await sell(cashier, '123 45', /Amina Bello/, '10.50', '10');
  await expect(cashier.getByTestId('token')).toBeVisible();

  // The cashier's own day-end shows the payment, still open.
  await cashier.getByRole('link', { name: 'Day-end' }).click();
  await expect(cashier.getByTestId('z-net')).toHaveText('₦10.50');
  await expect(cashier.getByTestId('z-state')).toHaveText('Open');
  await expect(cashier.getByRole('table', { name: 'Cashiers of the day' })).toHaveCount(0);

  // The manager sees the cashier's row, views the report and closes the day.
  const manager = await signIn(browser, app, 'musa');
  await manager.getByRole('link', { name: 'Day-end' }).click();
  const row = manager.getByTestId('cashier-bola');
  await expect(row.getByTestId('cashier-net')).toHaveText('₦10.50');
  await row.getByRole('button', { name: 'View the Z report of Bola Cashier' }).click();
  const report = manager.getByRole('region', { name: 'Z report: Bola Cashier' });
  await expect(report.getByTestId('z-net')).toHaveText('₦10.50');
  await expect(report.getByTestId('z-receipts')).toContainText('1: LAG-');

  await row.getByRole('button', { name: 'Close the day of Bola Cashier' }).click();
  const dialog = manager.getByRole('dialog', { name: 'Close the day of Bola Cashier?' });
  await expect(dialog).toContainText('cannot take more payments');
  await expect(dialog.getByTestId('cash-expected')).toHaveText('₦10.50');
  // The drawer must be counted before the day closes; NGN 10.00 is NGN 0.50 short.
  await dialog.getByRole('button', { name: 'Close day' }).click();
  await expect(dialog.getByLabel('Cash counted')).toHaveAccessibleDescription(/Type the cash/);
  await dialog.getByLabel('Cash counted').fill('10');
  await expect(dialog.getByTestId('cash-difference')).toHaveText('The drawer is ₦0.50 short.');
  await dialog.getByRole('button', { name: 'Close day' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText('Closed');
  await expect(row.getByRole('button', { name: 'Close the day of Bola Cashier' })).toHaveCount(0);
  await expect(report.getByTestId('z-state')).toHaveText('Closed');
  await expect(report.getByTestId('z-cash-counted')).toHaveText('₦10.00');
  await expect(report.getByTestId('z-cash-difference')).toHaveText('-₦0.50');
  await manager.screenshot({ path: 'test-results/screens/day-end.png', fullPage: true });

  // Print: the PDF opens for printing; the same document, fetched through the CLI, is the Z report.
  const popup = manager.waitForEvent('popup');
  await report.getByRole('button', { name: 'Print Z report' }).click();
  await popup;
  const pdf = await call<{ pdfBase64: string }>(app, 'dayEnd.pdf', {
    cashier: 'bola',
    layout: '80mm',
  });
  const text = pdfText(pdf.pdfBase64);
  expect(text).toContain('Z REPORT');
  expect(text).toContain('10.50');
});

test('an STS meter sale waits for the vendor token, which a clerk records', async ({
  app,
  browser,
}) => {
  const { villageId } = await seedOffice(app);
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Calin' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'LK120',
    kind: 'meter',
    tokenScheme: 'sts',
  });
  const customer = await call<{ id: string }>(app, 'customers.create', {
    firstName: 'Musa',
    lastName: 'Danjuma',
    phone: '0803 765 4321',
    villageId,
  });
  // NGN 50.00/kWh flat, NGN 1.00 access charge a day, NGN 5.00 minimum purchase.
  const tariff = await call<{ id: string }>(app, 'tariffs.create', {
    name: 'Prepaid flat',
    definition: {
      bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 5_000_000 }],
      levies: [],
      accessCharge: { amountMinor: 100, period: 'daily' },
      minimumPurchaseMinor: 500,
      vatBasisPoints: 0,
    },
    effectiveFrom: '2026-01-01',
  });
  const meter = await call<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: '47000123456',
    villageId,
    customerId: customer.id,
    billingMode: 'prepaid',
    status: 'installed',
    installedAt: officeDay(app, 2),
  });
  await call(app, 'tariffs.assign', { deviceIds: [meter.id], tariffId: tariff.id });
  // Three days of access charge (NGN 3.00) are owed.
  await call(app, 'accessCharges.accrue', {});

  // NGN 103.00: NGN 3.00 pays the debt, NGN 100.00 buys 2 kWh; the STS token is pending.
  const cashier = await signIn(browser, app, 'bola');
  await sell(cashier, '47000123456', /47000123456/, '103', '2 kWh');
  const status = cashier.getByTestId('vendor-token-status');
  await expect(status).toContainText('Token pending from the vendor');
  await expect(status).toContainText('2 kWh');
  await expect(cashier.getByTestId('sale-parts')).toContainText('Access-charge debt: ₦3.00');
  await expect(status.getByRole('link', { name: 'Open Vendor tokens' })).toBeVisible();
  await cashier.screenshot({ path: 'test-results/screens/counter-meter.png', fullPage: true });

  // A second sale, taken through the CLI, for the vendor's file.
  await call(app, 'payments.record', {
    submissionKey: '8d1f6a2e-3b4c-4d5e-9f60-718293a4b5c6',
    deviceId: meter.id,
    amountMinor: 5_000,
    method: 'cash',
  });
  const pending = await call<{ rows: { receiptNumber: string; wh: number }[] }>(app, 'sts.list', {
    status: 'pending',
  });
  const [first, second] = pending.rows;
  if (!first || !second) throw new Error('two pending STS purchases were expected');

  // The clerk records the first token by hand: a digit short is refused with the core's words.
  const clerk = await signIn(browser, app, 'cleo');
  await clerk.getByRole('link', { name: 'Vendor tokens' }).click();
  const row = clerk.getByTestId(`vendor-token-${first.receiptNumber}`);
  await expect(row).toContainText('2 kWh');
  await expect(row).toContainText('Pending');
  await clerk.screenshot({ path: 'test-results/screens/vendor-tokens.png', fullPage: true });
  await row
    .getByRole('button', { name: `Record token for receipt ${first.receiptNumber}` })
    .click();
  const dialog = clerk.getByRole('dialog', {
    name: `Vendor token for receipt ${first.receiptNumber}`,
  });
  const input = dialog.getByLabel('20-digit token');
  await expect(input).toBeFocused();
  await input.fill('1234 5678 9012 3456 789');
  await input.press('Enter');
  await expect(dialog.getByText('Must have 20 digits, not 19')).toBeVisible();
  await clerk.screenshot({ path: 'test-results/screens/vendor-token-record.png' });
  await input.fill('1234 5678 9012 3456 7890');
  await input.press('Enter');
  await expect(dialog.getByTestId('recorded-token-done')).toHaveText('1234 5678 9012 3456 7890');
  await expect(dialog.getByRole('button', { name: 'Print receipt' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveCount(0);

  // A file with a short token is refused with its line; nothing is recorded.
  await clerk.getByTestId('vendor-file').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Receipt,Token\n${second.receiptNumber},1234\n`),
  });
  const badDialog = clerk.getByRole('dialog', { name: 'Vendor file bad.csv' });
  const problems = badDialog.getByRole('table', { name: 'Problems in the file' });
  await expect(problems.getByRole('row').nth(1)).toContainText('2');
  await expect(problems.getByRole('row').nth(1)).toContainText('must have 20 digits, not 4');
  await expect(badDialog.getByRole('button', { name: /^Import/ })).toBeDisabled();
  await clerk.screenshot({ path: 'test-results/screens/vendor-token-import-problems.png' });
  await badDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(badDialog).toHaveCount(0);

  // The vendor's file for the second: checked first, then imported.
  await clerk.getByTestId('vendor-file').setInputFiles({
    name: 'vendor.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Receipt,Token\n${second.receiptNumber},1111-2222-3333-4444-5555\n`),
  });
  const importDialog = clerk.getByRole('dialog', { name: 'Vendor file vendor.csv' });
  await expect(importDialog.getByTestId('import-ready')).toContainText('1 token ready');
  await clerk.screenshot({ path: 'test-results/screens/vendor-token-import.png' });
  await importDialog.getByRole('button', { name: 'Import 1 token' }).click();
  await expect(importDialog.getByTestId('import-result')).toHaveText(
    'Recorded: 1. Already recorded: 0.',
  );
  await importDialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(importDialog).toHaveCount(0);
  await expect(clerk.getByText('No purchase is waiting for a vendor token.')).toBeVisible();

  // Both are on the Recorded tab with their tokens.
  await clerk.getByRole('tab', { name: 'Recorded' }).click();
  const recorded = clerk.getByTestId(`vendor-token-${first.receiptNumber}`);
  await expect(recorded.getByTestId('recorded-token')).toHaveText('1234 5678 9012 3456 7890');
  await expect(
    clerk.getByTestId(`vendor-token-${second.receiptNumber}`).getByTestId('recorded-token'),
  ).toHaveText('1111 2222 3333 4444 5555');
  await expect(recorded).toContainText('Recorded');
  await clerk.screenshot({
    path: 'test-results/screens/vendor-tokens-recorded.png',
    fullPage: true,
  });
});
