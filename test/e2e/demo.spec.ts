// A newcomer's first day with the demo company: from an empty data folder, the setup wizard with
// "Load the demo company" ticked, then (with no other preparation) a demo cashier sells at the
// counter (days for a solar home system, energy for a prepaid meter, an invoice of a postpaid
// meter), the administrator bills last month's open period and finalises it, and a day-end is
// closed and printed. The CLI is used only to read what is there (and the Z report's PDF text).
import { resolve } from 'node:path';
import { DEMO_USERS } from '../../src/domain/demo/activity';
import { expect, newWindow, test } from './fixtures';
import { call, pdfText, query, sell } from './seed';

const SHOTS = resolve(__dirname, '../../test-results/screens');
const VIEWPORT = { width: 1366, height: 768 };

interface DeviceRow {
  id: string;
  serial: string;
  status: string;
  customer: { id: string; name: string } | null;
}

/** Minor units to what a cashier types (NGN has two decimals). */
const typed = (minor: number) => (minor / 100).toFixed(2);

test('the demo company takes payments of every kind, bills last month and closes a day', async ({
  app,
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize(VIEWPORT);
  await page.goto(app.url);

  // 1. The wizard, demo ticked; the demo users and their passwords are shown before creating.
  await expect(page.getByRole('heading', { name: 'Welcome to GridDesk' })).toBeVisible();
  await page.getByLabel('Company name').fill('Sunrise Power Ltd');
  await page.getByRole('combobox', { name: 'Country' }).click();
  await page.getByRole('option', { name: /Nigeria/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Office name').fill('Lagos head office');
  await page.getByLabel('Office code').fill('LAG');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Display name').fill('Ada Obi');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByLabel('Password again').fill('correct horse battery');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Load the demo company').check();
  const demoUsers = page.getByRole('table', { name: 'Demo users' });
  for (const u of DEMO_USERS) {
    await expect(demoUsers.getByRole('row', { name: new RegExp(u.username) })).toContainText(
      u.password,
    );
  }
  await page.screenshot({ path: `${SHOTS}/demo-wizard.png` });
  await page.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 60_000 });

  // What is there to sell (read only): an SHS its owner paid for before, a prepaid meter, and a
  // postpaid meter whose invoice is still open.
  const devices = async (filters: Record<string, unknown>) =>
    (
      await query<{ rows: DeviceRow[] }>(app, 'devices.list', {
        page: 1,
        pageSize: 100,
        filters: { ...filters, assigned: true, status: 'installed' },
      })
    ).rows;
  let shs: { serial: string; amountMinor: number } | null = null;
  for (const d of await devices({ kind: 'shs' })) {
    const paid = await query<{ rows: { amountMinor: number }[] }>(app, 'payments.list', {
      deviceId: d.id,
    });
    const last = paid.rows[0];
    if (last) {
      shs = { serial: d.serial, amountMinor: last.amountMinor };
      break;
    }
  }
  if (!shs) throw new Error('the demo has no solar home system that was paid for');
  const prepaid = (await devices({ kind: 'meter', billingMode: 'prepaid' }))[0];
  if (!prepaid) throw new Error('the demo has no prepaid meter with a customer');
  const { runs } = await query<{
    runs: { id: string; status: string; period: string; miniGridId: string; miniGrid: string }[];
  }>(app, 'billing.runs', {});
  const finalRun = runs.find((r) => r.status === 'final');
  if (!finalRun) throw new Error('the demo has no final billing run');
  const { invoices } = await query<{
    invoices: { number: string; meterSerial: string; customer: { id: string } }[];
  }>(app, 'billing.getRun', { runId: finalRun.id });
  let postpaid: { serial: string; invoice: string; openMinor: number } | null = null;
  for (const inv of invoices) {
    const open = await query<{ invoices: { number: string; openMinor: number }[] }>(
      app,
      'invoices.list',
      { customerId: inv.customer.id },
    );
    // Newest first: the last one still open is the oldest, which a payment settles first.
    const first = open.invoices.filter((i) => i.openMinor > 0).at(-1);
    if (first) {
      postpaid = { serial: inv.meterSerial, invoice: first.number, openMinor: first.openMinor };
      break;
    }
  }
  if (!postpaid) throw new Error('the demo has no postpaid invoice left open');

  // 2. A demo cashier, signed in with the published password, sells each kind.
  const cashierUser = DEMO_USERS.find((u) => u.role === 'cashier');
  if (!cashierUser) throw new Error('the demo has no cashier');
  const cashier = await newWindow(browser, app, { viewport: VIEWPORT });
  await cashier.goto(app.url);
  await cashier.getByLabel('Username').fill(cashierUser.username);
  await cashier.getByLabel('Password', { exact: true }).fill(cashierUser.password);
  await cashier.getByRole('button', { name: 'Sign in' }).click();

  await sell(cashier, shs.serial, new RegExp(shs.serial), typed(shs.amountMinor), /day/);
  await expect(cashier.getByTestId('token')).toHaveText(/^\d{3} \d{3} \d{3}/);
  await cashier.screenshot({ path: `${SHOTS}/demo-counter.png` });
  await cashier.getByRole('button', { name: 'Next customer' }).click();

  await sell(cashier, prepaid.serial, new RegExp(prepaid.serial), '2000.00', /kWh/);
  await expect(cashier.getByTestId('vendor-token-status')).toBeVisible();
  await cashier.getByRole('button', { name: 'Next customer' }).click();

  await sell(
    cashier,
    postpaid.serial,
    new RegExp(postpaid.serial),
    typed(postpaid.openMinor),
    postpaid.invoice,
  );
  await expect(cashier.getByTestId('result-invoices')).toContainText(postpaid.invoice);
  await cashier.getByRole('button', { name: 'Next customer' }).click();

  // 3. The administrator bills last month for the mini-grid not billed yet, and finalises.
  const tree = await query<{ clusters: { miniGrids: { id: string; name: string }[] }[] }>(
    app,
    'sites.tree',
    {},
  );
  const lastMonth = runs.find((r) => r.status === 'draft')?.period ?? '';
  expect(lastMonth).toBe('2026-10');
  const billed = new Set(runs.filter((r) => r.period === lastMonth).map((r) => r.miniGridId));
  const open = tree.clusters.flatMap((c) => c.miniGrids).find((g) => !billed.has(g.id));
  if (!open) throw new Error('every mini-grid was billed for last month already');
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Billing' })
    .click();
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New run' }).click();
  const dialog = page.getByRole('dialog', { name: 'New run' });
  await expect(dialog.getByLabel('Period (YYYY-MM)')).toHaveValue(lastMonth);
  await dialog.getByRole('combobox', { name: 'Mini-grids' }).fill(open.name);
  await page.getByRole('option', { name: new RegExp(open.name) }).click();
  await dialog.getByRole('button', { name: 'Draft the run' }).click();
  await expect(page.getByRole('heading', { name: `${open.name}, October 2026` })).toBeVisible();
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/demo-billing-run.png` });
  await page.getByRole('button', { name: 'Finalise' }).click();
  const confirm = page.getByRole('dialog', { name: /Finalise the run/ });
  await expect(confirm).toContainText(/The \d+ invoices get their numbers/);
  await confirm.getByRole('button', { name: 'Finalise' }).click();
  const invoicesTable = page.getByRole('region', { name: 'Invoices' });
  await expect(invoicesTable.getByTestId('invoice-number').first()).toHaveText(/^LAG-2026-\d{6}$/);
  await expect(page.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);

  // 4. The administrator closes the cashier's day and prints the Z report.
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Day-end' })
    .click();
  const row = page.getByTestId(`cashier-${cashierUser.username}`);
  await row.getByRole('button', { name: `Close the day of ${cashierUser.displayName}` }).click();
  const closeDialog = page.getByRole('dialog', {
    name: `Close the day of ${cashierUser.displayName}?`,
  });
  // The drawer holds exactly what the cashier took in cash.
  const expectedCash = closeDialog.getByTestId('cash-expected');
  await expect(expectedCash).toHaveText(/\d/);
  const counted = ((await expectedCash.textContent()) ?? '').replace(/[^\d.]/g, '');
  await closeDialog.getByLabel('Cash counted').fill(counted);
  await expect(closeDialog.getByTestId('cash-difference')).toHaveText(
    'The drawer matches the payments.',
  );
  await closeDialog.getByRole('button', { name: 'Close day' }).click();
  await expect(
    row.getByRole('button', { name: `Close the day of ${cashierUser.displayName}` }),
  ).toHaveCount(0);
  await row
    .getByRole('button', { name: `View the Z report of ${cashierUser.displayName}` })
    .click();
  const report = page.getByRole('region', { name: `Z report: ${cashierUser.displayName}` });
  await expect(report.getByTestId('z-state')).toHaveText('Closed');
  const popup = page.waitForEvent('popup');
  await report.getByRole('button', { name: 'Print Z report' }).click();
  await popup;
  // Printing is audited (a change), so the PDF's text is fetched through the running server, as
  // the administrator, not through the read-only CLI beside it.
  const signedIn = await app.call('auth.login', {
    username: 'ada',
    password: 'correct horse battery',
  });
  expect(signedIn.ok).toBe(true);
  const pdf = await call<{ pdfBase64: string }>(app, 'dayEnd.pdf', {
    cashier: cashierUser.username,
    layout: '80mm',
  });
  const text = pdfText(pdf.pdfBase64);
  expect(text).toContain('Z REPORT');
  expect(text).toContain(cashierUser.displayName);
  expect(text).toContain('Receipts');
  expect(text).toMatch(/Receipts\s+3/);
  expect(text).toMatch(/Closed by ada/);
});
