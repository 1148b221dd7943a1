import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
// Seeding and sign-in helpers shared by the e2e specs: commands through the running server as its
// administrator, a company with its users and a village, a customer with a solar home system, and a
// signed-in browser window.
import type { Browser, Page } from '@playwright/test';
import { expect, newWindow, type App } from './fixtures';

export const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';
export const STARTING_CODE = 516959010;

/** A user to create: username, display name, role and password. */
export type SeedUser = readonly [
  username: string,
  displayName: string,
  role: string,
  password: string,
];

/** Call a command through the running server as the administrator (see App.call) and return
 * its value. */
export async function call<T>(app: App, name: string, input: unknown): Promise<T> {
  const envelope = await app.call(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

/** At the counter (where a cashier lands): find by `query` (the option matching `option`), take
 * `amount` in cash with the two Enters the counter asks for, and wait for the result card. */
export async function sell(
  page: Page,
  query: string,
  option: RegExp,
  amount: string,
  buys: RegExp | string,
): Promise<void> {
  const search = page.getByLabel('Customer or device');
  await expect(search).toBeFocused();
  await search.fill(query);
  await expect(page.getByRole('option', { name: option })).toBeVisible();
  await search.press('Enter');
  const amountInput = page.getByLabel('Amount');
  await expect(amountInput).toBeFocused();
  await amountInput.fill(amount);
  await expect(page.getByRole('region', { name: 'What this payment buys' })).toContainText(buys);
  await amountInput.press('Enter');
  await expect(page.getByTestId('confirm-prompt')).toContainText('press Enter again');
  await amountInput.press('Enter');
  await expect(page.getByRole('heading', { name: 'Payment recorded' })).toBeVisible();
}

/** Read through the CLI beside the running server (which answers queries read-only), for specs
 * whose company was set up in the browser and so have no administrator session of their own. */
export async function query<T>(app: App, name: string, input: unknown): Promise<T> {
  const result = await app.cli(['call', name, JSON.stringify(input)]);
  const envelope = JSON.parse(result.stdout) as { ok: boolean; value: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/** Sunrise Power Ltd in Nigeria, one office (LAG) in `timeZone`, and its administrator ada
 * (password "correct horse battery"), signed in for `app.call`; with the demo company if asked. */
export async function initialiseCompany(
  app: App,
  options: { timeZone?: string; loadDemo?: boolean } = {},
): Promise<void> {
  await call(app, 'setup.initialise', {
    company: { name: 'Sunrise Power Ltd', country: 'NG' },
    currency: { code: 'NGN', decimals: 2 },
    office: { name: 'Lagos office', code: 'LAG', timeZone: options.timeZone ?? 'Africa/Lagos' },
    admin: {
      username: 'ada',
      displayName: 'Ada Obi',
      password: 'correct horse battery',
      passwordConfirm: 'correct horse battery',
    },
    ...(options.loadDemo ? { loadDemo: true } : {}),
  });
}

/** A company with one office in `timeZone`, its admin, then `users`, and a village to put
 * customers in (Niger State, Katcha mini-grid, Nku). */
export async function seedOffice(
  app: App,
  users: readonly SeedUser[] = [],
  timeZone = 'Africa/Lagos',
): Promise<{ villageId: string }> {
  await initialiseCompany(app, { timeZone });
  for (const [username, displayName, role, password] of users) {
    await call(app, 'users.create', {
      username,
      displayName,
      role,
      password,
      passwordConfirm: password,
    });
  }
  const cluster = await call<{ id: string }>(app, 'sites.createCluster', { name: 'Niger State' });
  const grid = await call<{ id: string }>(app, 'sites.createMiniGrid', {
    clusterId: cluster.id,
    name: 'Katcha',
    code: 'KTC',
  });
  const village = await call<{ id: string }>(app, 'sites.createVillage', {
    miniGridId: grid.id,
    name: 'Nku',
  });
  return { villageId: village.id };
}

/** An office (see seedOffice) with Amina Bello and her OpenPAYGo solar home system SHS-0001 at
 * NGN 1.00 a day. */
export async function seedShsCustomer(
  app: App,
  users: readonly SeedUser[] = [],
): Promise<{ customer: { id: string; accountNumber: string }; device: { id: string } }> {
  const { villageId } = await seedOffice(app, users);
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Lumvara' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'Home 60',
    kind: 'shs',
    tokenScheme: 'openpaygo',
  });
  const customer = await call<{ id: string; accountNumber: string }>(app, 'customers.create', {
    firstName: 'Amina',
    lastName: 'Bello',
    phone: '0803 123 4567',
    villageId,
  });
  const device = await call<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: 'SHS-0001',
    customerId: customer.id,
    openpaygo: { key: KEY, startingCode: STARTING_CODE },
  });
  await call(app, 'devices.setPaygPlan', { deviceId: device.id, dailyPriceMinor: 100 });
  return { customer, device };
}

/** A new browser window signed in as `username`, one of `users` (each user keeps their own
 * session). */
export async function signIn<U extends readonly SeedUser[]>(
  browser: Browser,
  app: App,
  users: U,
  username: U[number][0],
): Promise<Page> {
  const password = users.find((u) => u[0] === username)?.[3] ?? '';
  const page = await newWindow(browser, app, { viewport: { width: 1366, height: 900 } });
  await page.goto(app.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
  return page;
}

/** The text of a PDF (base64) as pdftotext lays it out; `keepAs` also saves the PDF there. */
export function pdfText(base64: string, keepAs?: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (keepAs) writeFileSync(keepAs, bytes);
  const out = spawnSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
  return out.stdout;
}
