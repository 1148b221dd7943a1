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
  await expect(page.getByRole('button', { name: 'Print receipt', exact: true })).toBeVisible();
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
