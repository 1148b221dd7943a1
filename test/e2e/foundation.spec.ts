// The foundation, as a person uses it: the setup wizard, user administration, roles, the lock
// screen, settings and the audit log, in the real UI served by browser mode.
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SHOTS = resolve(__dirname, '../../test-results/screens');

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('wizard, users, roles, lock screen, settings and a verified audit log', async ({
  app,
  page,
}) => {
  await page.goto(app.url);

  // 1. Setup wizard.
  await expect(page.getByRole('heading', { name: 'Welcome to GridDesk' })).toBeVisible();
  await page.getByLabel('Company name').fill('Sunrise Power Ltd');
  await page.getByRole('combobox', { name: 'Country' }).click();
  await page.getByRole('option', { name: /Nigeria/ }).click();
  await expect(page.getByLabel('Currency code')).toHaveValue('NGN');
  await page.screenshot({ path: `${SHOTS}/wizard.png` });
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
  await page.getByRole('button', { name: 'Create company' }).click();

  // 2. The shell and the demo company on the dashboard (loading its past takes a few seconds).
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();
  // The demo's activity is on the dashboard's tiles (their figures: dashboard.spec.ts).
  await expect(page.getByRole('link', { name: /^Customers added this month: \d+$/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dashboard.png` });

  // 3. The admin creates a cashier.
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Username').fill('bola');
  await dialog.getByLabel('Display name').fill('Bola Cashier');
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Cashier' }).click();
  await dialog.getByLabel('Password', { exact: true }).fill('till number 7');
  await dialog.getByLabel('Password again').fill('till number 7');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('cell', { name: 'bola', exact: true })).toBeVisible();

  // 4. Sign out; the cashier signs in and cannot open user administration.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'bola', 'till number 7');
  // A cashier starts at the counter, whatever page the last user left open.
  await expect(page.getByRole('heading', { name: 'Counter', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await page.goto(`${app.url}#/users`);
  await expect(page.getByText('You do not have access to this page')).toBeVisible();
  // The core refuses too, whatever the page shows: the same command over HTTP is FORBIDDEN.
  const token = await page.evaluate(() => sessionStorage.getItem('griddesk.token'));
  const refused = await page.request.post(`${app.url}api/users.list`, {
    headers: { Authorization: `Bearer ${token ?? ''}`, 'Content-Type': 'application/json' },
    data: {},
  });
  expect(refused.status()).toBe(403);

  // 5. Lock and unlock.
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Screen locked' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Wrong password.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('till number 7');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // Unlocking returns to where the cashier was.
  await expect(page.getByText('You do not have access to this page')).toBeVisible();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // 6. The admin changes a setting; it shows in the audit log; the log verifies.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'ada', 'correct horse battery');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Company name').fill('Sunrise Power Nigeria Ltd');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();
  await page.getByRole('link', { name: 'Audit' }).click();
  await expect(
    page.getByText(
      'Settings changed: company name: Sunrise Power Ltd -> Sunrise Power Nigeria Ltd',
    ),
  ).toBeVisible();
  await expect(page.getByText('bola locked the screen')).toBeVisible();
  await page.getByRole('button', { name: 'Verify log' }).click();
  await expect(page.getByText(/Log intact/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/audit.png`, fullPage: true });

  // The same verification from the CLI door, on the same data folder.
  const verify = await app.cli(['call', 'audit.verify']);
  expect(verify.code).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, value: { ok: true, problems: [] } });
  // ... but while the server runs it is the folder's one writer: the CLI's changes are refused.
  const write = await app.cli(['call', 'sites.createCluster', JSON.stringify({ name: 'Niger' })]);
  expect(write.code).toBe(1);
  expect(JSON.parse(write.stdout)).toMatchObject({
    ok: false,
    error: {
      code: 'BUSY',
      message: expect.stringMatching(/in use by griddesk serve \(process \d+/),
    },
  });
});

test('wrong passwords lock the account', async ({ app, page }) => {
  const setup = await app.call('setup.initialise', {
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
  expect(setup).toMatchObject({ ok: true });
  await page.goto(app.url);
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'ada', `wrong ${i}`);
    await expect(page.getByRole('alert').first()).toBeVisible();
  }
  await signIn(page, 'ada', 'correct horse battery');
  await expect(page.getByText(/locked until/)).toBeVisible();
});
