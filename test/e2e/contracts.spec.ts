// Appliances on pay-as-you-go, the whole story in one window per role (docs/appliances.md): a
// clerk sells a solar home system on a 12-week plan with a down payment and prints the contract;
// a cashier takes payments by keyboard, one of them weeks late (the app is restarted later on the
// test clock); a manager sees the overdue list and PAR; the payoff gives the unlock token once and
// the receipt says paid off. Screenshots at 1366x768 of the sale form, the contract page and the
// portfolio.
import { expect, test } from './fixtures';
import { call, KEY, pdfText, seedOffice, sell, signIn, STARTING_CODE } from './seed';

const SHOTS = 'test-results/screens';
const DAY = 86_400_000;
const USERS = [
  ['carl', 'Carl Clerk', 'clerk', 'clerk pass 1'],
  ['bola', 'Bola Cashier', 'cashier', 'cashier pass 1'],
  ['mary', 'Mary Manager', 'manager', 'manager pass 1'],
] as const;
const SCREEN = { width: 1366, height: 768 };

test('an SHS sold on a 12-week plan, paid by keyboard (once late), followed and paid off', async ({
  app,
  browser,
}) => {
  // Three roles, a restart days later, four payments: longer than the default on a loaded machine.
  test.setTimeout(180_000);
  const { villageId } = await seedOffice(app, USERS);
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Lumvara' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'Home 60',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  });
  // In stock: no customer yet.
  await call(app, 'devices.create', {
    modelId: model.id,
    serial: 'SHS-0001',
    villageId,
    openpaygo: { key: KEY, startingCode: STARTING_CODE },
  });
  await call(app, 'appliances.create', { name: 'Home 60 kit', type: 'shs', priceMinor: 1_300_000 });
  const customer = await call<{ id: string; accountNumber: string }>(app, 'customers.create', {
    firstName: 'Amina',
    lastName: 'Bello',
    phone: '0803 123 4567',
    villageId,
  });

  // The clerk sells it on credit from the customer's page: 13,000.00, 1,000.00 down, 12 weekly
  // instalments of 1,000.00 from 23 November (the test clock's today is 16 November).
  const clerk = await signIn(browser, app, USERS, 'carl');
  await clerk.setViewportSize(SCREEN);
  await clerk.goto(`${app.url}#/customers/${customer.id}`);
  await clerk.getByRole('button', { name: 'Sell on credit' }).click();
  const form = clerk.getByRole('dialog');
  await form.getByLabel('Appliance').click();
  await clerk.getByRole('option', { name: /Home 60 kit/ }).click();
  await form.getByLabel('Device from stock').click();
  await clerk.getByRole('option', { name: /SHS-0001/ }).click();
  await form.getByLabel('Down payment').fill('1000');
  await form.getByLabel('First due date').fill('2026-11-23');
  await form.getByLabel('Agent').fill('Musa Ibrahim');
  await clerk.screenshot({ path: `${SHOTS}/contract-sale.png` });
  await form.getByRole('button', { name: 'Sell', exact: true }).click();
  await expect(clerk.getByRole('heading', { name: /Contract LAG-C-000001/ })).toBeVisible();
  await expect(clerk.getByTestId('contract-agent')).toContainText('Musa Ibrahim');
  await expect(clerk.getByRole('table', { name: 'Schedule' }).getByRole('row')).toHaveCount(13);

  // Print the contract: the core's A4 PDF, as the print path asks for it.
  const printed = clerk.waitForResponse((r) => r.url().endsWith('/api/contracts.pdf'));
  await clerk.getByRole('button', { name: 'Print the contract' }).click();
  const pdf = ((await (await printed).json()) as { value: { pdfBase64: string } }).value;
  const contractText = pdfText(pdf.pdfBase64, `${SHOTS}/contract.pdf`);
  for (const expected of [
    'APPLIANCE CONTRACT',
    'Amina Bello',
    'Home 60 kit SHS-0001',
    '13,000.00',
  ]) {
    expect(contractText).toContain(expected);
  }
  await clerk.screenshot({ path: `${SHOTS}/contract-page.png`, fullPage: true });

  // The cashier takes the first instalment on time, by keyboard.
  let cashier = await signIn(browser, app, USERS, 'bola');
  await sell(cashier, 'SHS-0001', /SHS-0001/, '1000', /day/);
  await expect(cashier.getByTestId('contract-result')).toContainText('1,000.00');
  await cashier.context().close();

  // 25 days later (11 December) the 30 November and 7 December instalments are unpaid: 11 days
  // late, 2,000.00 in arrears, the whole balance at risk past 7 days.
  await app.later(25 * DAY);
  await call(app, 'auth.login', { username: 'ada', password: 'correct horse battery' });
  const manager = await signIn(browser, app, USERS, 'mary');
  await manager.setViewportSize(SCREEN);
  await manager.goto(`${app.url}#/contracts`);
  const overdue = manager.getByRole('table', { name: 'Overdue' });
  await expect(overdue.getByTestId('overdue-row')).toHaveCount(1);
  await expect(overdue.getByTestId('overdue-row')).toContainText('LAG-C-000001');
  await expect(overdue.getByTestId('overdue-row')).toContainText('Musa Ibrahim');
  await expect(overdue.getByTestId('overdue-row')).toContainText('11');
  const portfolio = manager.getByRole('region', { name: 'Portfolio' });
  await expect(portfolio).toContainText('PAR 7');
  await expect(portfolio).toContainText('100.00 %');
  await manager.screenshot({ path: `${SHOTS}/contracts-portfolio.png`, fullPage: true });
  // The printed call list (the reminders made at the restart) and portfolio, kept to look at.
  const callList = await call<{ pdfBase64: string }>(app, 'contracts.callListPdf', {});
  expect(pdfText(callList.pdfBase64, `${SHOTS}/call-list.pdf`)).toMatch(/LAG-C-000001.*11/);
  const book = await call<{ pdfBase64: string }>(app, 'contracts.portfolioPdf', {});
  expect(pdfText(book.pdfBase64, `${SHOTS}/portfolio.pdf`)).toContain('Musa Ibrahim');

  // The late payment, then the payoff: the unlock token, and "Paid off" on the counter.
  cashier = await signIn(browser, app, USERS, 'bola');
  await sell(cashier, 'SHS-0001', /SHS-0001/, '2000', /day/);
  // Escape starts the next customer, as at any counter.
  await cashier.keyboard.press('Escape');
  await sell(cashier, 'SHS-0001', /SHS-0001/, '9000', /unlock/i);
  await expect(cashier.getByTestId('contract-result')).toContainText('Paid off');
  await cashier.screenshot({ path: `${SHOTS}/contract-paid-off.png` });

  const deviceId = (
    await call<{ rows: { deviceId: string | null }[] }>(app, 'contracts.list', {
      customerId: customer.id,
    })
  ).rows[0]?.deviceId;
  const tokens = await call<{ rows: { type: string }[] }>(app, 'tokens.list', { deviceId });
  expect(tokens.rows.filter((r) => r.type === 'DISABLE_PAYG')).toHaveLength(1);
  const payments = await call<{ rows: { id: string }[] }>(app, 'payments.list', {
    customerId: customer.id,
  });
  const receipt = await call<{ pdfBase64: string }>(app, 'receipts.pdf', {
    paymentId: payments.rows[0]?.id,
    layout: '80mm',
  });
  expect(pdfText(receipt.pdfBase64)).toContain('PAID OFF');
});
