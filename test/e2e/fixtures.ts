// A fresh GridDesk in browser mode for each test: its own data folder, its own port, and a test
// clock. The app (server and CLI, through --clock) and every browser window (Playwright's clock)
// start at TEST_NOW and run on from there, so no test depends on today's date.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  expect,
  test as base,
  type Browser,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';

const BIN = resolve(__dirname, '../../bin/griddesk.js');

/** The instant every test starts at: a Monday morning in Lagos, mid-month (November 2026). */
export const TEST_NOW = '2026-11-16T08:30:00.000Z';

export interface App {
  url: string;
  dataDir: string;
  /** The test clock's current time in milliseconds (TEST_NOW plus the time the test has run). */
  now(): number;
  /**
   * Run the CLI against the same data folder. While the server runs the CLI is read-only: queries
   * answer, commands that change data are refused (see README, "Browser mode and the CLI").
   */
  cli(args: string[]): Promise<{ code: number | null; stdout: string }>;
  /**
   * Run a command through the running server's HTTP door, as a screen would. `setup.initialise`
   * (public) or `auth.login` signs the administrator in, and every later call runs in that session; seeding
   * goes this way because the server is the data folder's one writer.
   */
  call(name: string, input: unknown): Promise<Envelope>;
  /**
   * Days pass: quits the server and starts it again on the same data folder `ms` later on the test
   * clock, at a new `url`. Sessions idle for 12 hours have ended: sign in again (windows opened
   * after this, with newWindow, show the new date).
   */
  later(ms: number): Promise<void>;
}

export type Envelope =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

function startServer(
  dataDir: string,
  clockIso: string,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const args = [BIN, '--data', dataDir, '--clock', clockIso, 'serve', '--port', '0'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1]) resolvePromise({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`griddesk serve exited (${code}): ${output}`)));
  });
}

/**
 * Starts `griddesk serve` on a new, empty data folder at the test clock; `stop` quits it and
 * removes the folder. The `app` fixture is one of these; a test that needs a second office or a
 * second PC (a restore onto a new PC) opens another.
 */
export async function openApp(): Promise<{ app: App; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'griddesk-e2e-'));
  // Elapsed time from a monotonic clock: the test clock never reads today's date.
  const realStart = performance.now();
  let skipped = 0;
  const now = () => Date.parse(TEST_NOW) + skipped + Math.round(performance.now() - realStart);
  const clockIso = () => new Date(now()).toISOString();
  let { child, url } = await startServer(dataDir, clockIso());
  const cli = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string }>((done) => {
      const c = spawn(process.execPath, [BIN, '--data', dataDir, '--clock', clockIso(), ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      c.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      c.on('exit', (code) => done({ code, stdout }));
    });
  let adminToken: string | undefined;
  const call = async (name: string, input: unknown): Promise<Envelope> => {
    const response = await fetch(`${url}api/${name}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(adminToken ? { Authorization: `Bearer ${adminToken}` } : {}),
      },
      body: JSON.stringify(input),
    });
    const envelope = (await response.json()) as Envelope;
    if (name === 'setup.initialise' && envelope.ok) {
      adminToken = (envelope.value as { session: { token: string } }).session.token;
    }
    // A company set up in the browser: the spec signs its administrator in once, here.
    if (name === 'auth.login' && envelope.ok) {
      adminToken = (envelope.value as { token: string }).token;
    }
    return envelope;
  };
  const quit = async () => {
    // Wait for the server to finish quitting (it may still write its backup on quit).
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(stuck);
  };
  const stop = async () => {
    await quit();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const app: App = {
    url,
    dataDir,
    now,
    cli,
    call,
    async later(ms) {
      await quit();
      skipped += ms;
      ({ child, url } = await startServer(dataDir, clockIso()));
      app.url = url;
    },
  };
  return { app, stop };
}

export const test = base.extend<{ app: App }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test needs from this pattern
  app: async ({}, use) => {
    const { app, stop } = await openApp();
    await use(app);
    await stop();
  },
  // Every window shows the test clock's date too (`page` and windows opened with newWindow).
  context: async ({ context, app }, use) => {
    await context.clock.install({ time: app.now() });
    await use(context);
  },
  // A translation key with no text (the app says so on the console, i18n/index.ts) fails the test
  // that showed it.
  page: async ({ page }, use) => {
    const missing: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('Missing translation:')) missing.push(message.text());
    });
    await use(page);
    expect(missing, 'translation keys with no text').toEqual([]);
  },
});

/** A new browser window (its own context, so its own session) on the test clock. */
export async function newWindow(
  browser: Browser,
  app: App,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: app.now() });
  return context.newPage();
}

export { expect };
