// A real GridDesk core on a fresh temporary data folder, with a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandName, Envelope, InputOf, OutputOf } from '../../src/contract';
import { fixedClock } from '../../src/core/adapters/clock';
import { memoryLogger } from '../../src/core/adapters/log';
import { openCore, type Core } from '../../src/core/app';
import type { CallContext } from '../../src/core/dispatch';

export const MIGRATIONS = resolve(__dirname, '../../resources/migrations');
/** Cheap scrypt for tests: the production cost is exercised by the passwords unit test. */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export function tempDir(prefix = 'griddesk-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestCore {
  core: Core;
  dataDir: string;
  clock: ReturnType<typeof fixedClock>;
  log: ReturnType<typeof memoryLogger>;
  sleeps: number[];
  call<N extends CommandName>(
    name: N,
    input: InputOf<N>,
    ctx?: Partial<CallContext>,
  ): Promise<Envelope<OutputOf<N>>>;
  ok<N extends CommandName>(
    name: N,
    input: InputOf<N>,
    ctx?: Partial<CallContext>,
  ): Promise<OutputOf<N>>;
  reopen(): void;
  close(): void;
}

/** `migrationsDir`: an older schema, for tests of a migration on a database made before it. */
export function openTestCore(dataDir?: string, migrationsDir = MIGRATIONS): TestCore {
  const dir = dataDir ?? tempDir().path;
  const clock = fixedClock('2026-11-22T08:00:00.000Z');
  const log = memoryLogger();
  const sleeps: number[] = [];
  const open = () =>
    openCore({
      dataDir: dir,
      migrationsDir,
      version: '0.0.0-test',
      clock,
      log,
      scrypt: TEST_SCRYPT,
      // Cheap backup encryption; the standard cost is exercised by the age peer test.
      backupScryptLogN: 10,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
  const t: TestCore = {
    core: open(),
    dataDir: dir,
    clock,
    log,
    sleeps,
    async call(name, input, ctx) {
      return (await t.core.dispatch(name, input, { door: 'http', ...ctx })) as never;
    },
    async ok(name, input, ctx) {
      const result = await t.call(name, input, ctx);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    reopen() {
      t.core.close();
      t.core = open();
    },
    close() {
      t.core.close();
    },
  };
  return t;
}

export const SETUP = {
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

/** A set-up installation with an admin session and a cashier. */
export async function setUpOffice(t: TestCore, loadDemo = false) {
  const setup = await t.ok('setup.initialise', { ...SETUP, loadDemo });
  const admin = setup.session.token;
  const cashier = await t.ok(
    'users.create',
    {
      username: 'bola',
      displayName: 'Bola Cashier',
      role: 'cashier',
      password: 'cashier pass 1',
      passwordConfirm: 'cashier pass 1',
    },
    { token: admin },
  );
  const cashierSession = await t.ok('auth.login', { username: 'bola', password: 'cashier pass 1' });
  return { admin, cashier, cashierToken: cashierSession.token, setup };
}

/** Every row of every table, for "nothing changed" assertions. */
export function snapshot(core: Core): string {
  const raw = core.deps.raw;
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, raw.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  );
}
