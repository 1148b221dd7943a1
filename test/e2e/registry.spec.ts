// The registry as a clerk uses it: sites, catalog, a customer, a device assigned from the
// customer's page, an OpenPAYGO device list imported after fixing a bad line, and quick search.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SETUP = {
  company: { name: 'Sunrise Power Ltd', country: 'NG' },
  currency: { code: 'NGN', decimals: 2 },
  office: { name: 'Lagos office', code: 'LAG', timeZone: 'Africa/Lagos' },
  admin: {
    username: 'ada',
    displayName: 'Ada Obi',
    password: 'correct horse battery',
    passwordConfirm: 'correct horse battery',
  },
  loadDemo: false,
};

const CLERK = {
  username: 'chidi',
  displayName: 'Chidi Eze',
  role: 'clerk',
  password: 'stable lantern morning',
  passwordConfirm: 'stable lantern morning',
};

const HEADER =
  'Serial Number,Starting Code,Key,Count,Time Divider,Restricted Digit Mode,Hardware Model,Version,Test Code';

function openPaygoCsv(secondKey: string): string {
  return [
    HEADER,
    'OPG-1001,123456789,00112233445566778899aabbccddeeff,0,1,0,LV-Home 60,1.2,111',
    `OPG-1002,234567891,${secondKey},0,1,0,LV-Home 60,1.2,222`,
    'OPG-1003,345678912,ffeeddccbbaa99887766554433221100,0,1,0,LV-Home 60,1.2,333',
    '',
  ].join('\r\n');
}

async function choose(
  page: Page,
  scope: ReturnType<Page['getByRole']>,
  label: string,
  option: string | RegExp,
) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a clerk sets up the registry, assigns a device, imports an OpenPAYGO list and finds the customer', async ({
  app,
  page,
}) => {
  expect(await app.call('setup.initialise', SETUP)).toMatchObject({ ok: true });
  expect(await app.call('users.create', CLERK)).toMatchObject({ ok: true });

  await page.goto(app.url);
  await page.getByLabel('Username').fill(CLERK.username);
  await page.getByLabel('Password', { exact: true }).fill(CLERK.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Main menu' });

  // Sites: a cluster, a mini-grid with its code, a village.
  await nav.getByRole('link', { name: 'Sites' }).click();
  await page.getByRole('button', { name: 'New cluster' }).first().click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Niger State');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Niger State' })).toBeVisible();

  await page.getByRole('button', { name: 'New mini-grid' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('combobox', { name: 'Cluster' })).toHaveValue('Niger State');
  await dialog.getByLabel('Name').fill('Katcha');
  await dialog.getByLabel('Code').fill('KAT');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Katcha' })).toBeVisible();

  await page.getByRole('button', { name: 'New village' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Nku');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'Nku', exact: true })).toBeVisible();

  // Catalog: a manufacturer and an SHS model with OpenPAYGO tokens.
  await nav.getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('button', { name: 'New manufacturer' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Lumvara');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'Lumvara', exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'New model' }).click();
  dialog = page.getByRole('dialog');
  await choose(page, dialog, 'Manufacturer', 'Lumvara');
  await dialog.getByLabel('Name').fill('LV-Home 60');
  await choose(page, dialog, 'Kind', 'SHS');
  await choose(page, dialog, 'Token scheme', 'OpenPAYGO');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'LV-Home 60', exact: true })).toBeVisible();

  // A customer.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'New customer' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('First name').fill('Amina');
  await dialog.getByLabel('Last name').fill('Bello');
  await dialog.getByLabel('Phone', { exact: true }).fill('0803 123 4567');
  await choose(page, dialog, 'Village', 'Nku');
  await dialog.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('LAG000018', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Amina Bello' })).toBeVisible();

  // A device in stock, then assigned from the customer's page.
  await nav.getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('button', { name: 'New device' }).click();
  dialog = page.getByRole('dialog');
  await choose(page, dialog, 'Model', /LV-Home 60/);
  await dialog.getByLabel('Serial').fill('SHS-0001');
  // A clerk registers the device; credentials are for an administrator or a manager.
  await expect(dialog.getByLabel('Secret key')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create device' }).click();
  await expect(page.getByRole('heading', { name: 'SHS-0001' })).toBeVisible();

  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'LAG000018' }).click();
  await page.getByRole('button', { name: 'Assign a device' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /SHS-0001/ }).check();
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const devices = page.getByRole('region', { name: 'Devices' });
  await expect(devices.getByRole('link', { name: 'SHS-0001' })).toBeVisible();
  await expect(devices.getByText('Installed')).toBeVisible();

  // Import the manufacturer's list: a malformed key is refused by line and column.
  const folder = mkdtempSync(join(tmpdir(), 'griddesk-import-'));
  const csv = join(folder, 'lumvara-devices.csv');
  try {
    writeFileSync(csv, openPaygoCsv('xyz'));
    await nav.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('radio', { name: /OpenPAYGO device list/ }).click();
    await page.getByLabel('File').setInputFiles(csv);
    const problems = page.getByRole('table', { name: 'Problems' });
    const keyProblem = problems
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: '3', exact: true }) })
      .filter({ has: page.getByRole('cell', { name: 'Key', exact: true }) });
    await expect(keyProblem).toHaveCount(1);
    await expect(page.getByText('1 problem: nothing can be imported yet')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();

    // The clerk fixes the file and picks it again.
    writeFileSync(csv, openPaygoCsv('0123456789abcdef0123456789abcdef'));
    await page.getByLabel('File').setInputFiles(csv);
    await expect(page.getByText('3 rows are ready to import.')).toBeVisible();
    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await expect(page.getByText('3 created', { exact: true })).toBeVisible();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  // Quick search by part of the phone number, from anywhere (Ctrl+K).
  await page.keyboard.press('Control+K');
  const search = page.getByLabel('Quick search');
  await expect(search).toBeFocused();
  await search.fill('123 45');
  await expect(page.getByRole('option', { name: /Amina Bello/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByText('LAG000018', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Amina Bello' })).toBeVisible();
});
