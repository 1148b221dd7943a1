// The rough edges of a newcomer's first day (issue 11): forms that check as the clerk types and
// stop at the contract's lengths, the Meters list on the demo company, and the audit log's
// filters for refused actions and sign-ins. Screenshots at 1366x768 in test-results/screens.
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type App } from './fixtures';
import { call } from './seed';

const SHOTS = resolve(__dirname, '../../test-results/screens');
const VIEWPORT = { width: 1366, height: 768 };
const ADMIN = { username: 'ada', password: 'correct horse battery' };

async function setUp(app: App, loadDemo: boolean): Promise<void> {
  await call(app, 'setup.initialise', {
    company: { name: 'Sunrise Power Ltd', country: 'NG' },
    currency: { code: 'NGN', decimals: 2 },
    office: { name: 'Lagos office', code: 'LAG', timeZone: 'Africa/Lagos' },
    admin: {
      username: ADMIN.username,
      displayName: 'Ada Obi',
      password: ADMIN.password,
      passwordConfirm: ADMIN.password,
    },
    loadDemo,
  });
  if (!loadDemo) {
    const cluster = await call<{ id: string }>(app, 'sites.createCluster', { name: 'Niger State' });
    const grid = await call<{ id: string }>(app, 'sites.createMiniGrid', {
      clusterId: cluster.id,
      name: 'Katcha',
      code: 'KTC',
    });
    await call(app, 'sites.createVillage', { miniGridId: grid.id, name: 'Nku' });
  }
}

async function signIn(page: Page, app: App, username: string, password: string): Promise<void> {
  await page.setViewportSize(VIEWPORT);
  await page.goto(app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
}

test('the customer form checks fields as they are typed and stops at their length', async ({
  app,
  page,
}) => {
  await setUp(app, false);
  await signIn(page, app, ADMIN.username, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Customers' })
    .click();
  await page.getByRole('button', { name: 'New customer' }).click();
  const dialog = page.getByRole('dialog');

  // A national ID of "-12" gets its message while typing, before anything is sent.
  await dialog.getByLabel('National ID').fill('-12');
  await expect(dialog.getByText('Must start with a letter or digit')).toBeVisible();
  await dialog.getByLabel('National ID').fill('NIN 12-34');
  await expect(dialog.getByText('Must start with a letter or digit')).toHaveCount(0);

  // A paste longer than the contract allows stops at the limit (80 for a first name).
  await dialog.getByLabel('First name').fill('A'.repeat(5000));
  await expect(dialog.getByLabel('First name')).toHaveValue('A'.repeat(80));
  await page.screenshot({ path: `${SHOTS}/first-day-customer-form.png` });
});

test('the Meters list shows every demo meter with its reading and flags, filtered on the server', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  await setUp(app, true);
  await signIn(page, app, ADMIN.username, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Meters' })
    .click();
  await expect(page.getByRole('tab', { name: 'All meters' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const table = page.getByRole('table', { name: 'All meters' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  const count = page.getByText(/^\d[\d,]* meters$/);
  await expect(count).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/first-day-meters.png` });

  // The demo keeps a few flagged readings for review: only those meters remain.
  await page.getByRole('combobox', { name: 'Flags' }).click();
  await page.getByRole('option', { name: 'Readings to review' }).click();
  await expect(page.getByText(/^\d+ meters? match(es)?$/)).toBeVisible();
  const flaggedRows = table.getByRole('row').filter({ hasText: 'to review' });
  await expect(flaggedRows.first()).toBeVisible();
  expect(await table.getByRole('row').count()).toBe((await flaggedRows.count()) + 1);
  await page.screenshot({ path: `${SHOTS}/first-day-meters-flagged.png` });

  // A row opens the meter's page.
  await flaggedRows.first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Readings' }).first()).toBeVisible();
});

test('the audit log shows refused actions and hides or isolates sign-ins', async ({
  app,
  page,
}) => {
  await setUp(app, false);
  await call(app, 'users.create', {
    username: 'bola',
    displayName: 'Bola Cashier',
    role: 'cashier',
    password: 'cashier pass 1',
    passwordConfirm: 'cashier pass 1',
  });
  // Someone mistypes Bola's password once.
  const refused = await app.call('auth.login', { username: 'bola', password: 'wrong password' });
  expect(refused.ok).toBe(false);
  await signIn(page, app, ADMIN.username, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Audit' })
    .click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'sites.createVillage' })).toHaveCount(1);

  await page.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Refused' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Sign-in refused for bola');
  await page.screenshot({ path: `${SHOTS}/first-day-audit-refused.png` });

  await page.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Refused' }).click();
  await page.getByRole('combobox', { name: 'Sign-ins' }).click();
  await page.getByRole('option', { name: 'Hide sign-ins' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows.filter({ hasText: 'sites.createVillage' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'auth.login' })).toHaveCount(0);
});

test('a manager puts a village on a tariff with a preview, and dates a version in the past with a reason', async ({
  app,
  page,
}) => {
  await setUp(app, false);
  const tree = await call<{ clusters: { miniGrids: { villages: { id: string }[] }[] }[] }>(
    app,
    'sites.tree',
    {},
  );
  const villageId = tree.clusters[0]?.miniGrids[0]?.villages[0]?.id ?? '';
  const flat = { bands: [{ uptoKwh: null, priceMilliMinorPerKwh: 10_000_000 }], vatBasisPoints: 0 };
  const old = await call<{ id: string }>(app, 'tariffs.create', {
    name: 'Old',
    definition: flat,
    effectiveFrom: '2026-01-01',
  });
  await call(app, 'tariffs.create', {
    name: 'Fresh',
    definition: flat,
    effectiveFrom: '2026-01-01',
  });
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'CHINT' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'DDSU666',
    kind: 'meter',
    tokenScheme: 'none',
  });
  const ids: string[] = [];
  for (const serial of ['M-1', 'M-2', 'M-3']) {
    const made = await call<{ id: string }>(app, 'devices.create', {
      modelId: model.id,
      serial,
      villageId,
      billingMode: 'prepaid',
    });
    ids.push(made.id);
  }
  await call(app, 'tariffs.assign', { deviceIds: [ids[0]], tariffId: old.id });

  await signIn(page, app, ADMIN.username, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Tariffs' })
    .click();
  await page.getByRole('button', { name: 'Put the meters of a site on Fresh' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Site' }).click();
  await page.getByRole('option', { name: 'Niger State' }).click();
  await page.getByRole('option', { name: 'Katcha' }).click();
  await page.getByRole('option', { name: 'Nku' }).click();
  const preview = dialog.getByRole('status');
  await expect(preview).toContainText('3 meters will move to Fresh');
  await expect(preview).toContainText('2 on no tariff');
  await expect(preview).toContainText('1 on Old');
  await page.screenshot({ path: `${SHOTS}/first-day-tariff-site.png` });
  await dialog.getByRole('button', { name: 'Put 3 meters on Fresh' }).click();
  await expect(page.getByText('3 meters of Nku (Katcha) are now on Fresh.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Fresh/ })).toContainText('3');

  // A version dated in the past asks for the reason before anything is sent.
  await page.getByRole('button', { name: 'New version of Fresh' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Effective from').fill('2026-11-01');
  const reason = form.getByLabel('Why does this version start before today?');
  await expect(reason).toBeVisible();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Say why the version starts before today')).toBeVisible();
  await reason.fill('The regulator approved it on 30 October');
  await page.screenshot({ path: `${SHOTS}/first-day-tariff-past-version.png` });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('New version of Fresh saved.')).toBeVisible();
  const audit = await call<{ entries: { summary: string }[] }>(app, 'audit.list', {
    command: 'tariffs.addVersion',
  });
  expect(audit.entries[0]?.summary).toContain(
    'dated in the past (today is 2026-11-16): The regulator approved it on 30 October',
  );
});

test('a manager sets the PAYG terms of several devices at once, then changes one', async ({
  app,
  page,
}) => {
  await setUp(app, false);
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Lumvara' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'Home 60',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  });
  const ids: Record<string, string> = {};
  for (const [serial, startingCode] of [
    ['SHS-0001', 516959010],
    ['SHS-0002', 123456789],
    ['SHS-0003', 234567891],
  ] as const) {
    ids[serial] = (
      await call<{ id: string }>(app, 'devices.create', {
        modelId: model.id,
        serial,
        openpaygo: { key: 'bc41ec9530f6dac86b1a29ab82edc5fb', startingCode },
      })
    ).id;
  }
  await call(app, 'devices.setPaygPlan', { deviceId: ids['SHS-0003'], dailyPriceMinor: 5_000 });

  await signIn(page, app, ADMIN.username, ADMIN.password);
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'PAYG terms' })
    .click();
  await expect(page.getByText('3 devices', { exact: true })).toBeVisible();
  // Only the devices without terms, then all of them ticked.
  await page.getByRole('combobox', { name: 'Terms' }).click();
  await page.getByRole('option', { name: 'No terms yet' }).click();
  await expect(page.getByText('2 devices match')).toBeVisible();
  await page.getByLabel('Select the 2 devices on this page').check();
  await page.getByRole('button', { name: 'Set terms of 2 devices' }).click();
  const dialog = page.getByRole('dialog', { name: 'PAYG terms of 2 devices' });
  await dialog.getByLabel('Price per day').fill('150');
  await dialog.getByLabel('Total price').fill('-5');
  await expect(dialog.getByText('Type an amount such as')).toBeVisible();
  await dialog.getByLabel('Total price').fill('100');
  await expect(dialog.getByText('Must be at least the price of one day')).toBeVisible();
  await dialog.getByLabel('Total price').fill('54750');
  await expect(dialog.getByRole('status')).toContainText('about 365 days of payments');
  await page.screenshot({ path: `${SHOTS}/first-day-payg-terms-dialog.png` });
  await dialog.getByRole('button', { name: 'Save terms of 2 devices' }).click();
  await expect(page.getByText('Terms of 2 devices saved.')).toBeVisible();

  // One device: its row opens its own terms, which a manager changes.
  await page.getByRole('combobox', { name: 'Terms' }).click();
  await page.getByRole('option', { name: 'Terms set' }).click();
  await expect(page.getByText('3 devices match')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/first-day-payg-terms.png` });
  await page.getByRole('row', { name: /SHS-0003/ }).click();
  const one = page.getByRole('dialog', { name: 'PAYG terms of SHS-0003' });
  await expect(one.getByLabel('Price per day')).toHaveValue('50.00');
  await one.getByLabel('Price per day').fill('60');
  await one.getByRole('button', { name: 'Save terms' }).click();
  await expect(page.getByText('Terms of 1 device saved.')).toBeVisible();

  const list = await call<{
    rows: { serial: string; dailyPriceMinor: number; totalPriceMinor: number | null }[];
  }>(app, 'payg.list', {});
  expect(list.rows.map((r) => [r.serial, r.dailyPriceMinor, r.totalPriceMinor])).toEqual([
    ['SHS-0001', 15_000, 5_475_000],
    ['SHS-0002', 15_000, 5_475_000],
    ['SHS-0003', 6_000, null],
  ]);
});

test('help says how to work the screen in front of you, and prints a one-page guide per role', async ({
  app,
  page,
}) => {
  await setUp(app, false);
  await call(app, 'users.create', {
    username: 'bola',
    displayName: 'Bola Cashier',
    role: 'cashier',
    password: 'cashier pass 1',
    passwordConfirm: 'cashier pass 1',
  });
  await signIn(page, app, 'bola', 'cashier pass 1');
  // A cashier lands at the counter; F1 opens its help (even from the search box).
  await expect(page.getByLabel('Customer or device')).toBeFocused();
  await page.keyboard.press('F1');
  const drawer = page.getByRole('dialog', { name: 'How do I… — Counter' });
  await expect(drawer).toContainText('a second Enter takes it');
  await page.screenshot({ path: `${SHOTS}/first-day-help.png`, animations: 'disabled' });
  await drawer.getByRole('link', { name: 'Printable guide for your role' }).click();

  const guide = page.getByRole('article', { name: 'GridDesk guide: Cashier' });
  await expect(guide).toBeVisible();
  await expect(guide.getByRole('heading', { name: 'Counter' })).toBeVisible();
  await expect(guide.getByRole('heading', { name: 'Users' })).toHaveCount(0);
  await expect(guide.getByRole('heading', { name: 'PAYG terms' })).toHaveCount(0);
  // A cashier reads Tariffs but changes none: the guide does not tell them how.
  await expect(guide).not.toContainText('New tariff:');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/first-day-guide-print.png`, fullPage: true });
});
