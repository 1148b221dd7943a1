// The managers' dashboard with the demo company (issue 14): the manager sets a target (a past date
// and a negative value are refused in words first), opens the dashboard, reads tiles whose figures
// match the ledgers' own lists (the debt list, the contracts' portfolio, today's sale), follows the
// debt tile to the debt list, and a cashier sees only the counter's part. Screenshot at 1366x768.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { formatMoney } from '../../src/domain/money-text';
import { expect, newWindow, test, type App } from './fixtures';
import { call, query } from './seed';

const SHOTS = resolve(__dirname, '../../test-results/screens');
const VIEWPORT = { width: 1366, height: 768 };
const naira = (minor: number) => formatMoney(minor, 2, 'NGN', 'en');

async function signIn(page: Page, app: App, username: string, password: string): Promise<void> {
  await page.setViewportSize(VIEWPORT);
  await page.goto(app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main menu' });

test('a manager sets a target, reads the dashboard of the demo company and opens the debt list', async ({
  app,
  page,
  browser,
}) => {
  test.setTimeout(180_000);
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
    loadDemo: true,
  });
  const grid = (
    await query<{ clusters: { miniGrids: { code: string; name: string }[] }[] }>(
      app,
      'sites.tree',
      {},
    )
  ).clusters[0]?.miniGrids[0];
  if (!grid) throw new Error('the demo has no mini-grid');

  // A cashier sells first thing on Monday morning: the dashboard's "today" has this sale.
  const cashier = await newWindow(browser, app);
  await signIn(cashier, app, 'cashier1', 'demo-cashier1');
  const prepaid = (
    await query<{ rows: { id: string }[] }>(app, 'devices.list', {
      page: 1,
      pageSize: 1,
      filters: { kind: 'meter', billingMode: 'prepaid', assigned: true, status: 'installed' },
    })
  ).rows[0];
  if (!prepaid) throw new Error('the demo has no prepaid meter');
  const cashierCall = await app.call('auth.login', {
    username: 'cashier1',
    password: 'demo-cashier1',
  });
  expect(cashierCall.ok).toBe(true);
  await call(app, 'payments.record', {
    submissionKey: randomUUID(),
    deviceId: prepaid.id,
    amountMinor: 750_000,
    method: 'cash',
  });

  await signIn(page, app, 'manager', 'demo-manager');

  // 1. Targets: a past date and a negative value are refused, each in words, then one is set.
  await menu(page).getByRole('link', { name: 'Targets' }).click();
  await expect(page.getByRole('heading', { name: 'Targets', level: 1 })).toBeVisible();
  const form = page.getByRole('region', { name: 'New target' });
  await form.getByLabel('Mini-grid or cluster').click();
  await page.getByRole('option', { name: `${grid.name} (${grid.code})` }).click();
  await form.getByRole('textbox', { name: 'Target', exact: true }).fill('100000');
  await form.getByRole('textbox', { name: 'Reach by' }).fill('2026-10-31');
  await form.getByRole('button', { name: 'Set the target' }).click();
  await expect(form.getByText('Must be today or later: this date is already past')).toBeVisible();
  await form.getByRole('textbox', { name: 'Reach by' }).fill('2026-12-31');
  await form.getByRole('textbox', { name: 'Target', exact: true }).fill('-5');
  await form.getByRole('button', { name: 'Set the target' }).click();
  await expect(form.getByText('Must be 0 or more')).toBeVisible();
  expect((await query<{ rows: unknown[] }>(app, 'targets.list', {})).rows).toHaveLength(0);
  await form.getByRole('textbox', { name: 'Target', exact: true }).fill('100000');
  await form.getByRole('textbox', { name: 'Counted from' }).fill('2026-11-01');
  await form.getByRole('button', { name: 'Set the target' }).click();
  const targets = page.getByRole('table', { name: 'Targets' });
  await expect(targets.getByRole('row', { name: new RegExp(grid.code) })).toContainText(
    naira(10_000_000),
  );
  const set = await query<{
    rows: { actual: number | null; progress: number | null; value: number }[];
  }>(app, 'targets.list', {});
  expect(set.rows[0]?.value).toBe(10_000_000);
  expect(set.rows[0]?.actual).toBeGreaterThan(0);

  // 2. The dashboard: its tiles say what the ledgers' own lists say.
  await menu(page).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const aging = await query<{ totals: { totalMinor: number } }>(app, 'billing.aging', {
    groupBy: 'customer',
  });
  const portfolio = await query<{ par: { days: number; shareBp: number }[] }>(
    app,
    'contracts.portfolio',
    {},
  );
  const par30 = portfolio.par.find((p) => p.days === 30)?.shareBp ?? 0;
  await expect(page.getByRole('link', { name: /^Collected today: / })).toHaveAccessibleName(
    `Collected today: ${naira(750_000)}`,
  );
  await expect(page.getByRole('link', { name: /^Debt: / })).toHaveAccessibleName(
    `Debt: ${naira(aging.totals.totalMinor)}`,
  );
  await expect(page.getByRole('link', { name: /^PAR30/ })).toHaveAccessibleName(
    `PAR30 (appliances): ${new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(par30 / 10_000)}`,
  );
  // The demo leaves one jump and one reset waiting for review this month.
  await expect(
    page.getByRole('link', { name: /^Flagged readings waiting: / }),
  ).toHaveAccessibleName('Flagged readings waiting: 2');
  await expect(page.getByRole('region', { name: 'Target progress' })).toContainText(grid.code);
  await expect(page.getByRole('region', { name: 'Collections by day' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

  // 3. A tile is a way in: the debt tile opens the debt list with the same total.
  await page.getByRole('link', { name: /^Debt: / }).click();
  await expect(page).toHaveURL(/#\/billing\?tab=debt/);
  await expect(page.getByTestId('aging-total')).toHaveText(naira(aging.totals.totalMinor));

  // 4. The cashier's dashboard has the counter's tiles only.
  await menu(cashier).getByRole('link', { name: 'Dashboard' }).click();
  await expect(cashier.getByRole('link', { name: /^Collected today: / })).toHaveAccessibleName(
    `Collected today: ${naira(750_000)}`,
  );
  await expect(cashier.getByRole('link', { name: /^Debt: / })).toHaveCount(0);
  await expect(cashier.getByRole('link', { name: /^Tokens issued today: / })).toBeVisible();
});
