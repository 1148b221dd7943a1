// The customer's account on their page: every payment of the customer is listed with its receipt,
// and a payment opens on where its money went (days bought, credit) and the tokens it issued.
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { call, seedShsCustomer } from './seed';

interface Recorded {
  payment: { receiptNumber: string };
  allocations: { kind: string; days: number | null }[];
  tokens: { grouped: string }[];
}

test('the customer page lists the payments and shows where the money of one went', async ({
  app,
  page,
}) => {
  const { customer, device } = await seedShsCustomer(app);
  const pay = (amountMinor: number) =>
    call<Recorded>(app, 'payments.record', {
      submissionKey: randomUUID(),
      deviceId: device.id,
      amountMinor,
      method: 'cash',
    });
  const first = await pay(1050);
  const second = await pay(700);
  const days = second.allocations.find((a) => a.kind === 'days')?.days ?? 0;
  const token = second.tokens[0]?.grouped ?? '';
  expect(days).toBeGreaterThan(0);
  expect(token).not.toBe('');

  await page.goto(app.url);
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
  await page.goto(`${app.url}#/customers/${customer.id}`);

  // Both receipts are in the account's payments, newest first.
  const account = page.getByRole('region', { name: 'Account', exact: true });
  const payments = account.getByRole('table', { name: 'Payments', exact: true });
  const rowOf = (receipt: string) => payments.getByRole('row').filter({ hasText: receipt });
  await expect(rowOf(first.payment.receiptNumber)).toHaveCount(1);
  await expect(rowOf(second.payment.receiptNumber)).toHaveCount(1);
  await expect(rowOf(second.payment.receiptNumber)).toContainText('Cash');
  await expect(rowOf(second.payment.receiptNumber)).toContainText('SHS-0001');

  // The newest opens on where its money went: the days it bought and its token.
  const toggle = account.getByRole('button', {
    name: `Show details of receipt ${second.payment.receiptNumber}`,
  });
  await toggle.click();
  const details = account.getByRole('region', {
    name: `Receipt ${second.payment.receiptNumber}: where the money went`,
  });
  const lines = details.getByRole('table', { name: 'Where the money went' });
  await expect(lines.getByRole('row').filter({ hasText: 'Days bought' })).toContainText(
    days === 1 ? '1 day' : `${days} days`,
  );
  await expect(details.getByRole('table', { name: 'Tokens issued' })).toContainText(token);
  await expect(
    details.getByRole('button', { name: `Reprint receipt ${second.payment.receiptNumber}` }),
  ).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/account.png', fullPage: true });

  // Closed again, the details go away.
  await account
    .getByRole('button', { name: `Hide details of receipt ${second.payment.receiptNumber}` })
    .click();
  await expect(details).toHaveCount(0);
});
