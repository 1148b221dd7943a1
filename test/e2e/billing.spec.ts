// Postpaid billing through the UI: a manager drafts the October run of a mini-grid, sees that one
// meter has no closing reading, types it on the meter's page, regenerates and finalises (the
// invoices get their numbers) and prints the run (checked with pdftotext); a cashier takes the
// payment of an invoice at the counter, and the customer's statement shows it paid.
import type { Browser } from '@playwright/test';
import { expect, test, type App } from './fixtures';
import { call, seedOffice, signIn as signInAs, pdfText } from './seed';

const TIME_ZONE = 'Africa/Lagos';
const SHOTS = 'test-results/screens';

/** The text of a PDF from the core (pdftotext -layout); the PDF is kept in `keepAs` when given. */

/** 1003100 minor units as typed at the counter: "10031.00". */
const major = (minor: number) =>
  `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

const USERS = [
  ['bola', 'Bola Cashier', 'cashier', 'till number 7'],
  ['musa', 'Musa Manager', 'manager', 'office keys 42'],
] as const;
const signIn = (browser: Browser, app: App, username: (typeof USERS)[number][0]) =>
  signInAs(browser, app, USERS, username);

interface Seeded {
  amina: { id: string };
  meterA: { id: string };
  meterB: { id: string };
}

/** Katcha mini-grid with two postpaid meters on a flat tariff, installed on 1 September: both
 * read at the end of September, only PP-1001 at the end of October. */
async function seed(app: App): Promise<Seeded> {
  const { villageId } = await seedOffice(app, USERS, TIME_ZONE);
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Calin' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'LK120',
    kind: 'meter',
    tokenScheme: 'none',
  });
  // NGN 100.00/kWh flat, NGN 1.00 access charge a day, no levy or VAT.
  const tariff = await call<{ id: string }>(app, 'tariffs.create', {
    name: 'Postpaid flat',
    definition: {
      bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }],
      levies: [],
      accessCharge: { amountMinor: 100, period: 'daily' },
      minimumPurchaseMinor: 500,
      vatBasisPoints: 0,
    },
    effectiveFrom: '2026-01-01',
  });
  const customer = (firstName: string, lastName: string, phone: string) =>
    call<{ id: string }>(app, 'customers.create', {
      firstName,
      lastName,
      phone,
      villageId,
    });
  const amina = await customer('Amina', 'Bello', '0803 123 4567');
  const musa = await customer('Musa', 'Danjuma', '0803 765 4321');
  const meter = (serial: string, customerId: string) =>
    call<{ id: string }>(app, 'devices.create', {
      modelId: model.id,
      serial,
      villageId,
      customerId,
      billingMode: 'postpaid',
      status: 'installed',
      installedAt: '2026-09-01',
    });
  const meterA = await meter('PP-1001', amina.id);
  const meterB = await meter('PP-1002', musa.id);
  await call(app, 'tariffs.assign', { deviceIds: [meterA.id, meterB.id], tariffId: tariff.id });
  const read = (deviceId: string, kwh: number, readAt: string) =>
    call(app, 'readings.addManual', { deviceId, kwh, readAt });
  await read(meterA.id, 1000, '2026-09-30T22:00:00.000Z');
  await read(meterB.id, 2000, '2026-09-30T22:00:00.000Z');
  await read(meterA.id, 1120, '2026-10-31T22:00:00.000Z');
  return { amina, meterA, meterB };
}

test('a manager bills October, fixes a missing reading, finalises; a cashier takes the payment', async ({
  app,
  browser,
}) => {
  const { amina, meterB } = await seed(app);

  // The manager drafts the run of Katcha for October (last month is offered first).
  const manager = await signIn(browser, app, 'musa');
  await manager
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Billing' })
    .click();
  await expect(manager.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  await expect(manager.getByText('No billing run yet.')).toBeVisible();

  // Settings of Katcha: a custom payment link, so that final invoices carry one.
  await manager.getByRole('tab', { name: 'Settings' }).click();
  const settings = manager.getByRole('region', { name: 'Settings' });
  await settings.getByRole('combobox', { name: 'Payment provider' }).click();
  await manager.getByRole('option', { name: 'Custom link' }).click();
  await settings
    .getByRole('textbox', { name: 'Link template' })
    .fill('https://pay.example.com/?ref={invoice}&amount={amount}&cur={currency}');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(manager.getByText('Billing settings saved.')).toBeVisible();
  await manager.screenshot({ path: `${SHOTS}/billing-settings.png`, fullPage: true });
  await manager.getByRole('tab', { name: 'Runs' }).click();
  await manager.getByRole('button', { name: 'New run' }).click();
  const dialog = manager.getByRole('dialog', { name: 'New run' });
  await expect(dialog.getByLabel('Period (YYYY-MM)')).toHaveValue('2026-10');
  // The only mini-grid is chosen already.
  await expect(dialog).toContainText('Katcha (KTC)');
  await dialog.getByRole('button', { name: 'Draft the run' }).click();

  // The run page: one problem, PP-1002 has no October reading; PP-1001 has a draft invoice.
  await expect(manager.getByRole('heading', { name: 'Katcha, October 2026' })).toBeVisible();
  const problems = manager.getByRole('region', { name: 'Problems' });
  const problem = problems.getByTestId('problem-PP-1002');
  await expect(problem).toContainText('No reading');
  await expect(problem).toContainText('Musa Danjuma');
  const invoices = manager.getByRole('region', { name: 'Invoices' });
  const rowA = invoices.getByTestId('invoice-PP-1001');
  await expect(rowA.getByTestId('invoice-number')).toHaveText('Draft');
  await expect(rowA).toContainText('120');
  await expect(invoices.getByTestId('invoice-PP-1002')).toHaveCount(0);
  await manager.screenshot({ path: `${SHOTS}/billing-run-draft.png`, fullPage: true });

  // Finalise is off while the problem remains, and the page says why.
  await expect(manager.getByRole('button', { name: 'Finalise' })).toBeDisabled();
  await expect(manager.getByTestId('finalise-blocked')).toHaveText(
    'Finalise is off while 1 problem remains: fix it below, then regenerate.',
  );

  // The meter's page, from the problem's link: the October reading is typed there.
  await problem.getByRole('link', { name: 'PP-1002' }).click();
  await expect(manager).toHaveURL(new RegExp(`#/devices/${meterB.id}$`));
  const manual = manager.getByRole('region', { name: 'Enter a reading' });
  await manual.getByLabel('kWh on the display').fill('2050');
  await manual.getByLabel('Read on').fill('2026-10-31T23:00');
  await manual.getByRole('button', { name: 'Save reading' }).click();
  await expect(
    manager.getByRole('region', { name: 'Readings history' }).getByTestId('reading-row'),
  ).toHaveCount(2);
  await manager.goBack();

  // Regenerated: no problem left, both invoices; finalised: numbered in village order.
  await manager.getByRole('button', { name: 'Regenerate' }).click();
  await expect(manager.getByTestId('no-problems')).toBeVisible();
  await expect(invoices.getByTestId('invoice-PP-1002')).toContainText('50');
  await manager.getByRole('button', { name: 'Finalise' }).click();
  await manager
    .getByRole('dialog', { name: /Finalise the run/ })
    .getByRole('button', { name: 'Finalise' })
    .click();
  await expect(manager.getByText('Final', { exact: true }).first()).toBeVisible();
  await expect(rowA.getByTestId('invoice-number')).toHaveText('LAG-2026-000001');
  await expect(invoices.getByTestId('invoice-PP-1002').getByTestId('invoice-number')).toHaveText(
    'LAG-2026-000002',
  );
  await expect(manager.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);
  await manager.screenshot({ path: `${SHOTS}/billing-run-final.png`, fullPage: true });

  // The invoice of PP-1001: readings actual, total due as in the table.
  const totalText = (await rowA.getByTestId('invoice-total').textContent()) ?? '';
  await rowA.getByRole('button', { name: 'View the invoice of meter PP-1001' }).click();
  const view = manager.getByRole('dialog', { name: 'Invoice LAG-2026-000001' });
  await expect(view.getByTestId('reading-previous')).toContainText('Actual');
  await expect(view.getByTestId('reading-present')).toContainText('Actual');
  await expect(view.getByTestId('invoice-total-due')).toHaveText(totalText);
  await expect(view.getByTestId('invoice-open')).toHaveText(totalText);
  await expect(view.getByRole('link', { name: /pay\.example\.com/ })).toHaveAttribute(
    'href',
    /ref=LAG-2026-000001/,
  );
  await manager.screenshot({ path: `${SHOTS}/billing-invoice.png`, fullPage: true });
  await view.getByRole('button', { name: 'Close' }).click();
  await expect(view).toHaveCount(0);

  // A credit note on the second invoice: the access charge waived; the invoice keeps its total.
  const rowB = invoices.getByTestId('invoice-PP-1002');
  await rowB.getByRole('button', { name: 'View the invoice of meter PP-1002' }).click();
  const viewB = manager.getByRole('dialog', { name: 'Invoice LAG-2026-000002' });
  await viewB.getByRole('button', { name: 'Add a credit or debit note' }).click();
  await viewB.getByLabel('Amount').fill('31');
  await viewB.getByLabel('Reason').fill('Access charge waived');
  await viewB.getByRole('button', { name: 'Save note' }).click();
  const notes = viewB.getByRole('table', { name: 'Credit and debit notes' });
  await expect(notes).toContainText('Credit note');
  await expect(notes).toContainText('Access charge waived');
  await expect(viewB.getByTestId('invoice-total-due')).toHaveText('₦5,031.00');
  await expect(viewB.getByTestId('invoice-open')).toHaveText('₦5,000.00');
  await viewB.getByRole('button', { name: 'Close' }).click();
  await expect(viewB).toHaveCount(0);

  // Print run: the PDF opens for printing; the same document through the CLI holds the invoices.
  const run = await call<{
    runs: { id: string }[];
  }>(app, 'billing.runs', {});
  const runId = run.runs[0]?.id ?? '';
  const popup = manager.waitForEvent('popup');
  await manager.getByRole('button', { name: 'Print run' }).click();
  await popup;
  const detail = await call<{
    invoices: { number: string; meterSerial: string; totalDueMinor: number }[];
  }>(app, 'billing.getRun', { runId });
  const invoiceA = detail.invoices.find((i) => i.meterSerial === 'PP-1001');
  if (!invoiceA) throw new Error('the invoice of PP-1001 was expected');
  const pdf = await call<{ pdfBase64: string }>(app, 'invoices.pdf', { runId });
  const text = pdfText(pdf.pdfBase64, `${SHOTS}/billing-run.pdf`);
  expect(text).toContain('LAG-2026-000001');
  expect(text).toContain('LAG-2026-000002');
  expect(text).toContain(major(invoiceA.totalDueMinor).replace(/\B(?=(\d{3})+\.)/g, ','));

  // The debt tab: both customers owe their October invoice.
  await manager
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Billing' })
    .click();
  await manager.getByRole('tab', { name: 'Debt' }).click();
  const aging = manager.getByRole('region', { name: 'Debt aging' });
  await expect(aging.getByTestId('aging-row')).toHaveCount(2);
  await manager.screenshot({ path: `${SHOTS}/billing-debt.png`, fullPage: true });

  // The cashier: PP-1001 is postpaid, its statement is a click away; the payment settles the
  // invoice.
  const cashier = await signIn(browser, app, 'bola');
  const search = cashier.getByLabel('Customer or device');
  await expect(search).toBeFocused();
  await search.fill('PP-1001');
  await expect(cashier.getByRole('option', { name: /PP-1001/ })).toBeVisible();
  await search.press('Enter');
  const amount = cashier.getByLabel('Amount');
  await expect(amount).toBeFocused();
  await cashier.getByRole('button', { name: 'Statement' }).click();
  const statementDialog = cashier.getByRole('dialog', { name: 'Statement' });
  await expect(
    statementDialog.getByTestId('statement-invoice-LAG-2026-000001').getByTestId('invoice-open'),
  ).toHaveText(totalText);
  await statementDialog.getByRole('button', { name: 'Close' }).click();
  await expect(statementDialog).toHaveCount(0);
  await amount.fill(major(invoiceA.totalDueMinor));
  const preview = cashier.getByRole('region', { name: 'What this payment buys' });
  await expect(preview.getByTestId('settled-invoice')).toContainText('LAG-2026-000001');
  await expect(preview.getByTestId('settled-invoice')).toContainText(totalText);
  await cashier.screenshot({ path: `${SHOTS}/billing-counter-preview.png`, fullPage: true });
  await amount.press('Enter');
  await expect(cashier.getByTestId('confirm-prompt')).toContainText('press Enter again');
  await amount.press('Enter');
  await expect(cashier.getByRole('heading', { name: 'Payment recorded' })).toBeVisible();
  await expect(cashier.getByTestId('result-invoices')).toContainText('LAG-2026-000001');
  await expect(cashier.getByTestId('account-credit')).toHaveCount(0);
  await cashier.screenshot({ path: `${SHOTS}/billing-counter-paid.png`, fullPage: true });

  // The customer's statement: the invoice is paid, the balance is nil; the statement prints.
  await manager.goto(`${app.url}#/customers/${amina.id}`);
  const statement = manager.getByRole('region', { name: 'Statement' });
  await expect(
    statement.getByTestId('statement-invoice-LAG-2026-000001').getByTestId('invoice-open'),
  ).toHaveText('Paid');
  await expect(statement.getByTestId('statement-balance')).toHaveText('₦0.00');
  await expect(statement.getByRole('table', { name: 'Payments' })).toContainText('LAG-2026-000001');
  await manager.screenshot({ path: `${SHOTS}/billing-statement.png`, fullPage: true });
  const statementPopup = manager.waitForEvent('popup');
  await statement.getByRole('button', { name: 'Print statement' }).click();
  await statementPopup;
  const statementPdf = await call<{ pdfBase64: string }>(app, 'accounts.statementPdf', {
    customerId: amina.id,
  });
  expect(pdfText(statementPdf.pdfBase64, `${SHOTS}/billing-statement.pdf`)).toContain(
    'LAG-2026-000001',
  );
});
