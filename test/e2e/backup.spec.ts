// Backups as the office uses them: the admin sets the passphrase (strength meter, confirmation,
// the write-down sheet); the manager, warned by the red banner, adds a USB folder, backs up and
// sees both files verified in the history; the admin restores the backup from the history, with
// the preview of what would be lost and the typed office code, and everyone signs in again; then
// the admin undoes that restore.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, newWindow, openApp, test } from './fixtures';
import { call, query, seedShsCustomer, signIn, type SeedUser } from './seed';

const SHOTS = 'test-results/screens';
const PASSPHRASE = 'orange tractor mango 42 river';
const USERS = [
  ['ada', 'Ada Obi', 'admin', 'correct horse battery'],
  ['mona', 'Mona Manager', 'manager', 'manager pass 1'],
] as const satisfies readonly SeedUser[];

test('set the passphrase, back up to a USB folder, restore with preview', async ({
  app,
  browser,
}) => {
  test.setTimeout(120_000);
  const { device } = await seedShsCustomer(app, USERS.slice(1));
  const pay = () =>
    call(app, 'payments.record', {
      submissionKey: randomUUID(),
      deviceId: device.id,
      amountMinor: 700,
      method: 'cash',
    });
  await pay();
  const usb = mkdtempSync(join(tmpdir(), 'griddesk-e2e-usb-'));
  try {
    // The admin sets the passphrase in Settings.
    const admin = await signIn(browser, app, USERS, 'ada');
    await expect(
      admin.getByRole('alert').filter({ hasText: 'Backups need attention' }),
    ).toContainText('No backup passphrase is set');
    await admin.getByRole('link', { name: 'Settings' }).click();
    const card = admin.getByRole('region', { name: 'Backup passphrase' });
    await card.getByLabel('New passphrase').fill('sunshine1');
    await expect(card).toContainText('Weak — Use at least 12 characters (this one has 9).');
    await expect(card.getByRole('button', { name: 'Set the passphrase' })).toBeDisabled();
    await card.getByLabel('New passphrase').fill(PASSPHRASE);
    await expect(card).toContainText('Fair');
    await card.getByLabel('Type it again').fill(`${PASSPHRASE}!`);
    await expect(card).toContainText('The two passphrases differ');
    await card.getByLabel('Type it again').fill(PASSPHRASE);
    await card.getByRole('button', { name: 'Set the passphrase' }).click();
    const sheet = admin.getByRole('dialog', { name: 'Write this down' });
    await expect(sheet).toContainText(PASSPHRASE);
    await expect(sheet).toContainText('Backup passphrase of Sunrise Power Ltd');
    await sheet.getByRole('button', { name: 'I have written it down' }).click();

    // The manager sees the banner (no backup yet), adds the USB folder and backs up.
    const manager = await signIn(browser, app, USERS, 'mona');
    const banner = manager.getByRole('alert').filter({ hasText: 'Backups need attention' });
    await expect(banner).toContainText('No backup has succeeded for more than 2 days.');
    await banner.getByRole('link', { name: 'Open Backups' }).click();
    const where = manager.getByRole('region', { name: 'Where and how often' });
    await where.getByLabel('Second folder').fill(usb);
    await where.getByRole('button', { name: 'Save' }).click();
    await expect(manager.getByText('Saved.')).toBeVisible();
    await manager.getByRole('button', { name: 'Back up now' }).click();
    const history = manager.getByRole('region', { name: 'History' });
    // age's standard scrypt cost: seconds per file on a busy machine.
    await expect(history.getByRole('row').filter({ hasText: 'Verified' })).toHaveCount(2, {
      timeout: 60_000,
    });
    await expect(history.getByRole('row').filter({ hasText: usb })).toContainText(
      'Backup now · mona',
    );
    await expect(banner).toHaveCount(0);
    expect(readdirSync(usb)).toEqual([expect.stringMatching(/^LAG-\d{8}T\d{6}Z\.gdbackup$/)]);
    await expect(manager.getByRole('region', { name: 'Last good backup' })).toContainText(usb);
    await manager.screenshot({ path: `${SHOTS}/backups.png`, fullPage: true });
    await manager.setViewportSize({ width: 1366, height: 768 });
    await manager.screenshot({ path: `${SHOTS}/backups-1366x768.png` });

    // One more sale after the backup: a restore would lose it, and the preview says so.
    await pay();
    await admin.getByRole('link', { name: 'Backups', exact: true }).click();
    await admin
      .getByRole('region', { name: 'History' })
      .getByRole('row')
      .filter({ hasText: usb })
      .getByRole('button', { name: 'Restore' })
      .click();
    const dialog = admin.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByRole('button', { name: 'Show what it holds' }).click();
    // Taken at 09:30 in Lagos (the test clock starts at 08:30Z).
    await expect(dialog).toContainText(
      'Office LAG (Lagos office) of Sunrise Power Ltd, taken 16/11/2026, 09:30',
    );
    await expect(dialog).toContainText('Payments taken since the backup that would be lost: 1');
    await expect(dialog).toContainText('Tokens issued since the backup that would be lost: 1');
    const restore = dialog.getByRole('button', { name: 'Restore and reopen' });
    await expect(restore).toBeDisabled();
    await dialog.getByLabel('Type the office code LAG to confirm').fill('lag');
    await admin.screenshot({ path: `${SHOTS}/backups-restore.png` });
    await restore.click();

    // The app reopened on the restored data: everyone signs in again.
    await expect(admin.getByText(/was restored\. Please sign in again\./)).toBeVisible({
      timeout: 30_000,
    });
    await expect(admin.getByLabel('Username')).toBeVisible();
    const status = await query<{ lastRestore: { raised: { serial: string }[] } | null }>(
      app,
      'backups.status',
      {},
    );
    expect(status.lastRestore?.raised.map((r) => r.serial)).toEqual(['SHS-0001']);

    // The admin changes their mind: the restore is undone and the data from before it is back.
    const again = await signIn(browser, app, USERS, 'ada');
    await again.getByRole('link', { name: 'Backups', exact: true }).click();
    const last = again.getByTestId('last-restore');
    await expect(last).toContainText('Last restore:');
    await last.getByRole('button', { name: 'Undo the last restore' }).click();
    const undo = again.getByRole('dialog', { name: 'Undo the last restore' });
    await expect(undo).toContainText('comes back');
    const undoButton = undo.getByRole('button', { name: 'Undo and reopen' });
    await expect(undoButton).toBeDisabled();
    await undo.getByLabel('Type the office code LAG to confirm').fill('LAG');
    await again.screenshot({ path: `${SHOTS}/backups-undo.png` });
    await undoButton.click();
    await expect(again.getByText(/The restore was undone/)).toBeVisible({ timeout: 30_000 });
    const undone = await query<{ lastRestore: { undoOf?: string } | null }>(
      app,
      'backups.status',
      {},
    );
    expect(undone.lastRestore?.undoOf).toMatch(/LAG-\d{8}T\d{6}Z\.gdbackup$/);
  } finally {
    rmSync(usb, { recursive: true, force: true });
  }
});

test('a new PC: the setup wizard restores a backup with progress, and the history names it', async ({
  app,
  browser,
}) => {
  test.setTimeout(120_000);
  await seedShsCustomer(app, USERS.slice(1));
  await call(app, 'backups.setPassphrase', {
    passphrase: PASSPHRASE,
    passphraseConfirm: PASSPHRASE,
  });
  const usb = mkdtempSync(join(tmpdir(), 'griddesk-e2e-usb-'));
  const newPc = await openApp();
  try {
    const run = await call<{ results: { file: string | null }[] }>(app, 'backups.run', {
      folder: usb,
    });
    const file = run.results.find((r) => r.file?.startsWith(usb))?.file ?? '';
    expect(file).toMatch(/LAG-\d{8}T\d{6}Z\.gdbackup$/);

    const page = await newWindow(browser, newPc.app, { viewport: { width: 1366, height: 768 } });
    await page.goto(newPc.app.url);
    await page.getByRole('button', { name: /Restore from a backup instead/ }).click();
    await page.getByLabel('Backup file').fill(file);
    await page.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    // age's standard scrypt cost takes seconds: the wizard shows where it is meanwhile.
    await expect(page.getByTestId('backup-progress')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/setup-restore-progress.png` });
    await expect(page.getByText('Office LAG restored.')).toBeVisible({ timeout: 60_000 });

    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill(USERS[0][3]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Backups', exact: true }).click();
    const restored = page
      .getByRole('region', { name: 'History' })
      .getByRole('row')
      .filter({ hasText: usb });
    await expect(restored).toContainText('Verified');
    await expect(restored).toContainText('Restored from');
    await page.screenshot({ path: `${SHOTS}/setup-restore-history.png` });
  } finally {
    await newPc.stop();
    rmSync(usb, { recursive: true, force: true });
  }
});
