// Two offices in sync, as the administrators use it: Lagos makes the sync key and a join file for
// Abuja (with its printed sheet); the new PC joins through the wizard and signs in with the Lagos
// password; Lagos registers a customer and downloads a bundle, Abuja imports it and finds the
// customer; Abuja takes a payment for a customer of its own, and Lagos sees it after the bundle
// back, with a serial registered in both offices decided on the review list.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, newWindow, openApp, test } from './fixtures';
import { call, KEY, seedShsCustomer, signIn, STARTING_CODE, type SeedUser } from './seed';

const SHOTS = 'test-results/screens';
const PASSPHRASE = 'orange tractor mango 42 river';
const USERS = [] as const satisfies readonly SeedUser[];
const ADA = ['ada', 'Ada Obi', 'admin', 'correct horse battery'] as const;

/** Clicks `button` and keeps the browser download in `folder`; returns its path. */
async function download(page: Page, folder: string, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = join(folder, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

async function importBundle(page: Page, path: string) {
  await page.getByRole('tab', { name: 'Exchange' }).click();
  await page.getByTestId('sync-import-file').setInputFiles(path);
  // The import takes a backup first (the real passphrase cost): slow on a busy machine.
  await expect(page.getByTestId('sync-import-result')).toContainText('imported', {
    timeout: 60_000,
  });
}

test('a second office joins and the two exchange customers and payments', async ({
  app,
  browser,
}) => {
  test.setTimeout(180_000);
  const carry = mkdtempSync(join(tmpdir(), 'griddesk-e2e-stick-'));
  const abuja = await openApp();
  try {
    const { customer: amina } = await seedShsCustomer(app, USERS);
    const { customer: aminaView } = await call<{ customer: { site: { villageId: string } } }>(
      app,
      'customers.get',
      { id: amina.id },
    );
    const villageId = aminaView.site.villageId;
    await call(app, 'backups.setPassphrase', {
      passphrase: PASSPHRASE,
      passphraseConfirm: PASSPHRASE,
    });

    // Lagos: the sync key, then the join file for Abuja and its printed sheet.
    const lagos = await signIn(browser, app, [ADA], 'ada');
    await lagos.setViewportSize({ width: 1366, height: 768 });
    await lagos
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Sync' })
      .click();
    await lagos.getByRole('tab', { name: 'Offices and key' }).click();
    await lagos.getByRole('button', { name: 'Show the sync key' }).click();
    const key = (await lagos.getByTestId('sync-key').textContent()) ?? '';
    expect(key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){12}$/);
    await lagos.getByLabel('New office code').fill('ABJ');
    await lagos.getByLabel('New office name').fill('Abuja office');
    const joinFile = await download(lagos, carry, 'Make the join file');
    await expect(lagos.getByTestId('sync-join-sheet')).toContainText('office ABJ (Abuja office)');
    await lagos.screenshot({ path: `${SHOTS}/sync-join-sheet.png`, fullPage: true });

    // Abuja: the wizard's "Join an existing company", then Ada signs in with her Lagos password.
    const page = await newWindow(browser, abuja.app, { viewport: { width: 1366, height: 768 } });
    await page.goto(abuja.app.url);
    await page.getByRole('button', { name: /Join an existing company instead/ }).click();
    await page.getByLabel('Join file').fill(joinFile);
    await page.getByLabel('Sync key').fill(key.toLowerCase());
    await page.screenshot({ path: `${SHOTS}/sync-wizard-join.png` });
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByText('This PC is now office ABJ of Sunrise Power Ltd')).toBeVisible();
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill(ADA[3]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const abujaNav = page.getByRole('navigation', { name: 'Main menu' });
    await expect(abujaNav).toBeVisible();
    await call(abuja.app, 'auth.login', { username: 'ada', password: ADA[3] });
    await call(abuja.app, 'backups.setPassphrase', {
      passphrase: PASSPHRASE,
      passphraseConfirm: PASSPHRASE,
    });

    // Lagos registers Musa and downloads a bundle for Abuja; Abuja imports it and finds him.
    const musa = await call<{ accountNumber: string }>(app, 'customers.create', {
      firstName: 'Musa',
      lastName: 'Danjuma',
      villageId,
    });
    await lagos.getByRole('tab', { name: 'Exchange' }).click();
    await lagos.getByTestId('sync-export-to').click();
    await lagos.getByRole('option', { name: 'ABJ · Abuja office' }).click();
    const toAbuja = await download(lagos, carry, 'Download bundle');
    await expect(lagos.getByTestId('sync-exported')).toContainText('LAG-to-ABJ');

    await abujaNav.getByRole('link', { name: 'Sync' }).click();
    await importBundle(page, toAbuja);
    await expect(page.getByTestId('sync-import-result')).toContainText('Bundle from LAG imported');
    await page.screenshot({ path: `${SHOTS}/sync-import.png` });
    await abujaNav.getByRole('link', { name: 'Customers' }).click();
    await expect(page.getByRole('link', { name: musa.accountNumber })).toBeVisible();

    // Abuja registers its own customer with a device and takes a payment; the bundle back.
    const model = (await call<{ models: { id: string }[] }>(abuja.app, 'models.list', {}))
      .models[0];
    const yusuf = await call<{ id: string; accountNumber: string }>(abuja.app, 'customers.create', {
      firstName: 'Yusuf',
      lastName: 'Garba',
      villageId,
    });
    expect(yusuf.accountNumber).toMatch(/^ABJ/);
    const device = await call<{ id: string }>(abuja.app, 'devices.create', {
      modelId: model?.id,
      serial: 'SHS-ABJ-1',
      customerId: yusuf.id,
      openpaygo: { key: KEY, startingCode: STARTING_CODE },
    });
    await call(abuja.app, 'devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 });
    // A label printed twice: both offices register serial SHS-0777 while apart (to review).
    await call(app, 'devices.create', { modelId: model?.id, serial: 'SHS-0777' });
    await call(abuja.app, 'devices.create', { modelId: model?.id, serial: 'SHS-0777' });
    const paid = await call<{ payment: { receiptNumber: string } }>(abuja.app, 'payments.record', {
      submissionKey: randomUUID(),
      deviceId: device.id,
      amountMinor: 700,
      method: 'cash',
    });
    const back = await call<{ fileName: string; contentBase64: string }>(
      abuja.app,
      'sync.exportDownload',
      { to: 'LAG' },
    );
    const toLagos = join(carry, back.fileName);
    writeFileSync(toLagos, Buffer.from(back.contentBase64, 'base64'));

    await importBundle(lagos, toLagos);
    await lagos.getByRole('tab', { name: 'Review list' }).click();
    const entry = lagos.getByTestId('sync-conflict').filter({ hasText: 'SHS-0777' });
    await expect(entry).toContainText('Same value in two offices');
    await entry.getByLabel('Decision').fill('Two labels with one serial; ABJ relabels its device');
    await lagos.screenshot({ path: `${SHOTS}/sync-review.png` });
    await entry.getByRole('button', { name: 'Record the decision' }).click();
    await expect(entry).toBeHidden();
    await lagos.getByRole('tab', { name: 'Status' }).click();
    await expect(lagos.getByTestId('sync-peers')).toContainText('ABJ · Abuja office');
    await lagos.screenshot({ path: `${SHOTS}/sync-status.png` });
    await lagos
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await lagos.getByRole('link', { name: yusuf.accountNumber }).click();
    await expect(lagos.getByText(paid.payment.receiptNumber)).toBeVisible();
  } finally {
    await abuja.stop();
    rmSync(carry, { recursive: true, force: true });
  }
});
