// The counter as a cashier uses it: find the customer by part of the phone number, take cash for
// a solar home system, read the token, print and reprint the receipt (checked with pdftotext).
import { encodeToken, groupTokenDigits } from '../../src/domain/openpaygo/token';
import { expect, test } from './fixtures';
import { call, KEY, seedShsCustomer, STARTING_CODE, pdfText } from './seed';

test('a cashier sells days for an SHS, shows the token and prints the receipt', async ({
  app,
  page,
}) => {
  const { customer, device } = await seedShsCustomer(app, [
    ['bola', 'Bola Cashier', 'cashier', 'till number 7'],
  ]);

  // The cashier signs in and lands on the counter.
  await page.goto(app.url);
  await page.getByLabel('Username').fill('bola');
  await page.getByLabel('Password', { exact: true }).fill('till number 7');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Customer or device')).toBeFocused();
  // This counter's printer takes a 58 mm roll: set once, on this PC.
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Settings' })
    .click();
  const thisCounter = page.getByRole('region', { name: 'This counter' });
  await thisCounter.getByText('58 mm roll').click();
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Counter' })
    .click();
  const search = page.getByLabel('Customer or device');
  await expect(search).toBeFocused();

  // Part of the phone number finds Amina; her one device is chosen; the amount buys 10 days.
  await search.fill('123 45');
  await expect(page.getByRole('option', { name: /Amina Bello/ })).toBeVisible();
  await search.press('Enter');
  const amount = page.getByLabel('Amount');
  await expect(amount).toBeFocused();
  await amount.fill('10.50');
  await expect(page.getByLabel('What this payment buys')).toContainText('10');
  // One Enter never makes a sale: it asks, and Esc then starts over with nothing recorded.
  await amount.press('Enter');
  await expect(page.getByTestId('confirm-prompt')).toContainText('press Enter again');
  await expect(page.getByTestId('confirm-prompt')).toContainText('10.50');
  await amount.press('Escape');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect(amount).toBeDisabled();
  await expect(amount).toHaveValue('');
  const none = await call<{ rows: unknown[] }>(app, 'payments.list', { deviceId: device.id });
  expect(none.rows).toHaveLength(0);

  // Again; the second Enter takes the payment.
  await search.fill('123 45');
  await expect(page.getByRole('option', { name: /Amina Bello/ })).toBeVisible();
  await search.press('Enter');
  await expect(amount).toBeFocused();
  await amount.fill('10.50');
  await expect(page.getByLabel('What this payment buys')).toContainText('10');
  await amount.press('Enter');
  await expect(page.getByTestId('confirm-prompt')).toContainText('press Enter again');
  await page.screenshot({ path: 'test-results/screens/counter-confirm.png' });
  await amount.press('Enter');

  const expected = encodeToken({
    keyHex: KEY,
    startingCode: STARTING_CODE,
    count: 0,
    type: 'ADD_TIME',
    value: 10,
  });
  // The big token on the result card (the recent-payments table may show it too, once refreshed).
  await expect(page.getByTestId('token')).toHaveText(groupTokenDigits(expected.token));
  // The plan the core returned: 10 days from now (16 Nov, 09:30 in Lagos), the receipt's date.
  await expect(page.getByTestId('paid-until')).toHaveText('10 days added, until 26/11/2026, 09:30');
  await expect(page.getByRole('button', { name: 'Print receipt', exact: true })).toBeVisible();
  // The counter prints at the size its printer takes (Settings > This counter, 58 mm here).
  const receiptRequest = page.waitForRequest((r) => r.url().endsWith('/api/receipts.pdf'));
  await page.getByRole('button', { name: 'Print receipt', exact: true }).click();
  expect((await receiptRequest).postDataJSON()).toMatchObject({ layout: '58mm', reprint: false });
  await page.screenshot({ path: 'test-results/screens/counter.png' });

  // The receipt, as the core renders it for every door: token and amount in the PDF's text.
  const payments = await call<{ rows: { id: string }[] }>(app, 'payments.list', {
    deviceId: device.id,
  });
  const paymentId = payments.rows[0]?.id ?? '';
  const receipt = await call<{ pdfBase64: string }>(app, 'receipts.pdf', {
    paymentId,
    layout: '80mm',
  });
  const text = pdfText(receipt.pdfBase64);
  expect(text).toContain(groupTokenDigits(expected.token));
  expect(text).toContain('10.50 NGN');
  expect(text).toMatch(/Device on until\s+26 Nov 2026, 09:30/);
  expect(text).toContain(customer.accountNumber);

  // A reprint is the same token, marked as a reprint; nothing new is issued.
  const reprint = pdfText(
    (
      await call<{ pdfBase64: string }>(app, 'receipts.pdf', {
        paymentId,
        layout: '58mm',
        reprint: true,
      })
    ).pdfBase64,
  );
  expect(reprint).toContain('REPRINT');
  expect(reprint).toContain(groupTokenDigits(expected.token));
  const after = await call<{ device: { openpaygo: { count: number } } }>(app, 'devices.get', {
    id: device.id,
  });
  expect(after.device.openpaygo.count).toBe(expected.count);

  // Next customer clears the screen for the queue.
  await page.getByRole('button', { name: 'Next customer' }).click();
  await expect(page.getByLabel('Customer or device')).toBeFocused();
});
