// Hostile input at every command: wrong types, huge strings and numbers, SQL and HTML fragments,
// unicode, lone surrogates and NUL. Whatever comes in, the answer is an envelope that is never
// INTERNAL, and a refused command leaves the database exactly as it was.
//
// "Exactly as it was" is checked with SQLite's own commit counter rather than a copy of every
// table per case: PRAGMA data_version, read on a second connection, changes whenever the core's
// connection commits anything, and only then. That is both stricter (an update back to the same
// value shows too) and about ten times faster than the full snapshot it replaced.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, commands, type CommandName } from '../../src/contract';
import { DATABASE_FILE } from '../../src/core/adapters/data-dir';
import { openTestCore, setUpOffice, SETUP, type TestCore } from '../helpers/core';

const HOSTILE_STRINGS = [
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000\u0001\u0002',
  '\u202e\u200b\ufeff',
  '𝕲𝖗𝖎𝖉𝕯𝖊𝖘𝖐 🌞⚡',
  'a'.repeat(100_000),
  '../../../../etc/passwd',
  '%s%s%n',
  '__proto__',
  'constructor',
  'NaN',
  '',
  ' ',
  // Ill-formed text: half an emoji pair, alone or inside a name, and NUL.
  '\ud800',
  'North \udfff',
  '\ud83d\ude00\ud83d',
  'a\u0000b',
  '\u0000',
];

const HUGE_NUMBERS = [
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER,
  1e13,
  1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Infinity,
  -Infinity,
  NaN,
  -1,
  0,
  -0,
  2 ** 31,
  2 ** 63,
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // Any UTF-16 code units, lone surrogates included.
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

function topLevelKeys(name: CommandName): string[] {
  const schema = z.toJSONSchema(commands[name].input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
  };
  return Object.keys(schema.properties ?? {});
}

function inputFor(name: CommandName): fc.Arbitrary<unknown> {
  const keys = topLevelKeys(name);
  const shaped =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, '__proto__', 'extra', 'role'), hostileValue, {
          maxKeys: 6,
        })
      : fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 });
  return fc.oneof(shaped, fc.anything(), hostileValue);
}

/** Failed sign-in and unlock attempts must leave a trace (attempt counters, audit): by design. */
const RECORDS_FAILURES = new Set<CommandName>(['auth.login', 'auth.unlock']);

let t: TestCore;
let token: string;
let watcher: Database.Database;

/** Changes exactly when the core's connection has committed something since the last read. */
function commits(): number {
  return watcher.pragma('data_version', { simple: true }) as number;
}

beforeAll(async () => {
  t = openTestCore();
  token = (await setUpOffice(t)).admin;
  watcher = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
});
afterAll(() => {
  watcher.close();
  t.close();
});

async function freshAdminToken(): Promise<string> {
  const me = await t.call('auth.me', {}, { token });
  if (me.ok && !me.value.locked) return token;
  const login = await t.ok('auth.login', { username: 'ada', password: SETUP.admin.password });
  token = login.token;
  return token;
}

describe('the commit counter the fuzz relies on', () => {
  it('moves on a committed write and not on a read or a refusal', async () => {
    const start = commits();
    await t.ok('settings.get', {}, { token });
    await t.call('sites.createCluster', { name: '' }, { token });
    expect(commits()).toBe(start);
    await t.ok('sites.createCluster', { name: 'Fuzz cluster' }, { token });
    expect(commits()).not.toBe(start);
  });
});

describe('every command refuses ill-formed text and survives huge numbers in every field', () => {
  for (const name of commandNames) {
    it(`${name}`, async () => {
      const keys = [...topLevelKeys(name), 'extra'];
      for (const key of keys) {
        for (const bad of ['North \ud800', 'a\u0000b']) {
          const before = commits();
          const result = await t.core.dispatch(name, { [key]: bad }, { door: 'http', token });
          // Refused before the command's own checks, wherever the field is.
          expect(result, `${name} ${key}`).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION', details: { issues: [{ field: key }] } },
          });
          expect(commits()).toBe(before);
        }
        for (const huge of HUGE_NUMBERS) {
          const result = await t.core.dispatch(name, { [key]: huge }, { door: 'http', token });
          if (!result.ok) expect(result.error.code, `${name} ${key}=${huge}`).not.toBe('INTERNAL');
        }
      }
      expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
    });
  }
});

describe('inputs only an in-process or IPC caller can build', () => {
  it('a self-containing or 20,000-deep input is refused, never INTERNAL and never hangs', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = { name: deep };
    const cyclic: Record<string, unknown> = { name: 'North' };
    cyclic.self = cyclic;
    for (const name of commandNames) {
      for (const input of [deep, cyclic]) {
        const before = commits();
        const result = await t.core.dispatch(name, input, { door: 'ipc', token });
        if (!result.ok) expect(result.error.code, name).not.toBe('INTERNAL');
        expect(commits()).toBe(before);
      }
    }
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('every command under hostile input', () => {
  for (const name of commandNames) {
    it(`${name}: never INTERNAL, and a refusal changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(name), fc.boolean(), async (input, withSession) => {
          const session = withSession ? await freshAdminToken() : undefined;
          const before = commits();
          const result = await t.core.dispatch(name, input, { door: 'http', token: session });
          expect(result).toHaveProperty('ok');
          if (!result.ok) {
            expect(result.error.code).not.toBe('INTERNAL');
            expect(typeof result.error.message).toBe('string');
            if (!RECORDS_FAILURES.has(name)) expect(commits()).toBe(before);
          }
        }),
        { numRuns: 150 },
      );
      expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
    });
  }

  it('unknown command names are NOT_FOUND, whatever they look like', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_STRINGS)), async (name) => {
        fc.pre(!(commandNames as string[]).includes(name));
        const result = await t.core.dispatch(name, {}, { door: 'http', token });
        expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      }),
      { numRuns: 100 },
    );
  });
});
