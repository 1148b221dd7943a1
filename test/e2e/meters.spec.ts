// Meters as a clerk uses them: readings typed from the display (a lower one is flagged and then
// accepted with a note), readings imported from a CSV file, the consumption chart, and the port
// tools, which in a browser test have no serial port to find.
import { expect, test, type App } from './fixtures';

const ADMIN = { username: 'ada', password: 'correct horse battery' };
const SERIAL = 'MTR-0001';
/** Set GRIDDESK_SHOTS=folder to save screenshots of the meter screens there. */
const SHOTS = process.env.GRIDDESK_SHOTS;

async function call<T>(app: App, name: string, input: unknown): Promise<T> {
  const envelope = await app.call(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

/** `YYYY-MM-DD 08:00` some days before the test clock's now (in the office's zone, as the CSV
 * says). */
function daysAgo(app: App, days: number): string {
  const date = new Date(app.now() - days * 86_400_000);
  return `${date.toISOString().slice(0, 10)} 08:00`;
}

async function seed(app: App): Promise<string> {
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
  });
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
  const maker = await call<{ id: string }>(app, 'manufacturers.create', { name: 'Eastron' });
  const model = await call<{ id: string }>(app, 'models.create', {
    manufacturerId: maker.id,
    name: 'SDM120',
    kind: 'meter',
    tokenScheme: 'none',
  });
  const meter = await call<{ id: string }>(app, 'devices.create', {
    modelId: model.id,
    serial: SERIAL,
    villageId: village.id,
  });
  return meter.id;
}

test('a clerk types readings, accepts a flagged one, imports a CSV and sees the consumption', async ({
  app,
  page,
}) => {
  const meterId = await seed(app);

  await page.goto(app.url);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await expect(nav.getByRole('link', { name: 'Meters' })).toBeVisible();

  // The device page of the meter: no link yet, no reading yet.
  await page.goto(`${app.url}#/devices/${meterId}`);
  const section = page.getByRole('region', { name: 'Meter', exact: true });
  await expect(section.getByRole('region', { name: 'Meter link' })).toContainText('Not set yet');
  const manual = section.getByRole('region', { name: 'Enter a reading' });
  const history = section.getByRole('region', { name: 'Readings history' });
  await expect(history).toContainText('No reading yet.');

  // Two readings typed from the display; the second is lower than the first.
  await manual.getByLabel('kWh on the display').fill('1500');
  await manual.getByRole('button', { name: 'Save reading' }).click();
  const rows = history.getByTestId('reading-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('OK');

  await manual.getByLabel('kWh on the display').fill('1400');
  await manual.getByRole('button', { name: 'Save reading' }).click();
  await expect(manual.getByTestId('manual-flagged')).toContainText('lower than the previous');
  await expect(rows).toHaveCount(2);
  const lower = rows.filter({ hasText: '1,400' });
  await expect(lower.getByText('Flagged', { exact: true })).toBeVisible();
  await expect(lower).toContainText('lower than the previous');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/flagged.png`, fullPage: true });

  // Accepted with a note: the meter was swapped.
  await lower.getByRole('button', { name: 'Accept' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Why').fill('Meter swapped after a fault');
  await dialog.getByRole('button', { name: 'Accept' }).click();
  await expect(dialog).toBeHidden();
  await expect(lower.getByText('Accepted', { exact: true })).toBeVisible();
  await expect(lower).toContainText('Meter swapped after a fault');

  // Two earlier readings from a CSV file on the Import readings tab.
  await nav.getByRole('link', { name: 'Meters' }).click();
  await expect(page.getByRole('heading', { name: 'Meters', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Import readings' }).click();
  const csv = [
    'read_at,meter_serial,reading_kwh',
    `${daysAgo(app, 3)},${SERIAL},1000`,
    `${daysAgo(app, 2)},${SERIAL},1020.5`,
    '',
  ].join('\n');
  await page.getByTestId('readings-file').setInputFiles({
    name: 'readings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  const check = page.getByRole('region', { name: 'Check' });
  await expect(check.getByRole('combobox', { name: 'Meter serial' })).toHaveValue('meter_serial');
  await expect(check.getByTestId('import-ready')).toContainText('2 readings ready to import');
  await check.getByRole('button', { name: 'Import 2 readings' }).click();
  const done = page.getByRole('region', { name: 'Readings imported' });
  await expect(done.getByTestId('import-done')).toContainText('2 imported');
  await expect(done.getByTestId('import-done')).toContainText('0 flagged');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/import.png`, fullPage: true });

  // Bulk read: no serial port in a browser test; testing a made-up port shows the core's words.
  await page.getByRole('tab', { name: 'Bulk read' }).click();
  const bulk = page.getByRole('region', { name: 'What to read' });
  await bulk.getByRole('combobox', { name: 'Port' }).fill('/dev/ttyUSB249');
  await bulk.getByRole('button', { name: 'Test port' }).click();
  await expect(bulk.getByTestId('port-test-result')).toContainText('/dev/ttyUSB249');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/bulk-read.png`, fullPage: true });

  if (SHOTS) {
    await page.getByRole('tab', { name: 'Commissioning' }).click();
    const bus = page.getByRole('region', { name: '1. Bus and meter profile' });
    await bus.getByRole('combobox', { name: 'Meter profile' }).click();
    await page.getByRole('option', { name: 'Eastron SDM120-Modbus' }).click();
    await page.screenshot({ path: `${SHOTS}/commissioning.png`, fullPage: true });
    await page.getByRole('tab', { name: 'OpenEMS' }).click();
    await page.screenshot({ path: `${SHOTS}/openems.png`, fullPage: true });
  }

  // Back on the meter: the history holds all four readings and the chart has bars.
  await page.goto(`${app.url}#/devices/${meterId}`);
  await expect(rows).toHaveCount(4);
  const chart = section.getByRole('region', { name: 'Consumption' });
  await expect(chart.getByTestId('consumption-chart')).toBeVisible();
  await expect(chart.getByRole('img', { name: 'kWh per day' })).toBeVisible();
  expect(await chart.locator('svg rect').count()).toBeGreaterThan(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/meter-section.png`, fullPage: true });

  // The link to a port that does not exist: Read now says so, nothing is stored.
  const link = section.getByRole('region', { name: 'Meter link' });
  await link.getByRole('button', { name: 'Edit link' }).click();
  const edit = page.getByRole('dialog', { name: `How ${SERIAL} is read` });
  await edit.getByRole('combobox', { name: 'Port' }).fill('/dev/ttyUSB249');
  await edit.getByRole('combobox', { name: 'Meter profile' }).click();
  await page.getByRole('option', { name: 'Eastron SDM120-Modbus' }).click();
  await edit.getByRole('textbox', { name: 'Bus address' }).fill('1');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/edit-link.png` });
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(link).toContainText('/dev/ttyUSB249');
  await link.getByRole('button', { name: 'Read now' }).click();
  await expect(link.getByTestId('read-now-result')).toContainText('/dev/ttyUSB249');
  await expect(rows).toHaveCount(4);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/read-now.png`, fullPage: true });
});
