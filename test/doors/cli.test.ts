// The CLI door, run as a user would: the built `griddesk` binary in a child process.
// (npm test builds first; run `npm run build` before running this file alone.)
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, SETUP, tempDir } from '../helpers/core';

const BIN = resolve(__dirname, '../../bin/griddesk.js');
const data = tempDir('griddesk-cli-');

function griddesk(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GRIDDESK_DATA: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(stdout: string): {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
} {
  return JSON.parse(stdout) as never;
}

beforeAll(() => {
  if (!existsSync(resolve(__dirname, '../../out/main/cli.js'))) {
    throw new Error('The CLI is not built: run npm run build (npm test does it first).');
  }
});
afterAll(() => data.remove());

describe('griddesk CLI', () => {
  it('prints usage and exits 2 without a command', () => {
    const r = griddesk([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: griddesk');
  });

  it('lists every command, and as JSON with schemas', () => {
    const text = griddesk(['commands']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^setup\.initialise\s+\[public\]/m);
    const listed = JSON.parse(griddesk(['commands', '--json']).stdout) as {
      name: string;
      input: { type?: string };
    }[];
    expect(listed.map((c) => c.name)).toContain('users.create');
    expect(listed.find((c) => c.name === 'users.create')?.input.type).toBe('object');
  });

  it('runs commands as the local operator, audited as cli', () => {
    const setup = griddesk([
      '--data',
      data.path,
      'call',
      'setup.initialise',
      JSON.stringify(SETUP),
    ]);
    expect(setup.code).toBe(0);
    expect(json(setup.stdout)).toMatchObject({ ok: true });
    const created = griddesk([
      '--data',
      data.path,
      'call',
      'users.create',
      JSON.stringify({
        username: 'chidi',
        displayName: 'Chidi',
        role: 'cashier',
        password: 'till pass 99',
        passwordConfirm: 'till pass 99',
      }),
    ]);
    expect(created.code).toBe(0);
    const audit = json(
      griddesk(['--data', data.path, 'call', 'audit.list', '{"command":"users.create"}']).stdout,
    );
    expect(audit).toMatchObject({ ok: true, value: { entries: [{ actor: 'cli', door: 'cli' }] } });
  });

  it('uses GRIDDESK_DATA when --data is not given', () => {
    const r = griddesk(['call', 'setup.status'], { GRIDDESK_DATA: data.path });
    expect(json(r.stdout)).toEqual({
      ok: true,
      value: { initialised: true, companyName: 'Sunrise Power Ltd' },
    });
  });

  it('exits 1 with the error envelope when the command refuses', () => {
    const r = griddesk(['--data', data.path, 'call', 'users.create', '{"username":"x"}']);
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('enforces roles for --user: a cashier cannot administer users', () => {
    const r = griddesk(['--data', data.path, 'call', 'users.list', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'till pass 99',
    });
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrong = griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'not it at all',
    });
    expect(json(wrong.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const fine = griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'till pass 99',
    });
    expect(fine.code).toBe(0);
  });

  it('exits 2 on usage mistakes', () => {
    expect(griddesk(['--data', data.path, 'call']).code).toBe(2);
    expect(griddesk(['--data', data.path, 'call', 'setup.status', '{broken']).code).toBe(2);
    expect(griddesk(['--data', data.path, 'frobnicate']).code).toBe(2);
    expect(griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi']).code).toBe(2);
  });

  it('refuses a damaged database with a clear message and exit 2', () => {
    const bad = tempDir('griddesk-bad-');
    writeFileSync(join(bad.path, 'griddesk.sqlite'), 'garbage'.repeat(100));
    const r = griddesk(['--data', bad.path, 'call', 'setup.status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/damaged or is not a GridDesk database/);
    bad.remove();
  });
});

describe('griddesk beside a running GridDesk', () => {
  it('refuses a second serve, reads, and refuses changes naming the running program', () => {
    const dir = tempDir('griddesk-cli-held-');
    expect(
      griddesk(['--data', dir.path, 'call', 'setup.initialise', JSON.stringify(SETUP)]).code,
    ).toBe(0);
    // The running app: a core in this test's process holds the data folder.
    const app = openTestCore(dir.path);
    try {
      const serve = griddesk(['--data', dir.path, 'serve', '--port', '0']);
      expect(serve.code).toBe(2);
      expect(serve.stderr).toMatch(
        new RegExp(
          `is in use by GridDesk \\(process ${process.pid}, since 2026-11-22 08:00 UTC\\)`,
        ),
      );
      const query = griddesk(['--data', dir.path, 'call', 'setup.status']);
      expect(query.code).toBe(0);
      expect(json(query.stdout)).toMatchObject({ ok: true, value: { initialised: true } });
      const write = griddesk([
        '--data',
        dir.path,
        'call',
        'sites.createCluster',
        '{"name":"North"}',
      ]);
      expect(write.code).toBe(1);
      expect(json(write.stdout)).toMatchObject({ ok: false, error: { code: 'BUSY' } });
      const file = join(dir.path, 'customers.csv');
      writeFileSync(file, 'first_name,last_name,village\nAmina,Bello,Gada\n');
      const imported = griddesk(['--data', dir.path, 'import', 'customers', file]);
      expect(imported.code).toBe(1);
      expect(imported.stdout).toMatch(/in use by GridDesk \(process \d+.*was refused/);
    } finally {
      app.close();
      dir.remove();
    }
  });
});

describe('griddesk import', () => {
  it('imports a customer file, exits 0, and exits 1 with line-numbered problems for a bad one', () => {
    const dir = tempDir('griddesk-cli-import-');
    const setup = griddesk(['--data', dir.path, 'call', 'setup.initialise', JSON.stringify(SETUP)]);
    expect(setup.code).toBe(0);
    const cluster = json(
      griddesk(['--data', dir.path, 'call', 'sites.createCluster', '{"name":"North"}']).stdout,
    ) as { value: { id: string } };
    const grid = json(
      griddesk([
        '--data',
        dir.path,
        'call',
        'sites.createMiniGrid',
        JSON.stringify({ clusterId: cluster.value.id, name: 'Katcha', code: 'KTC' }),
      ]).stdout,
    ) as { value: { id: string } };
    griddesk([
      '--data',
      dir.path,
      'call',
      'sites.createVillage',
      JSON.stringify({ miniGridId: grid.value.id, name: 'Gada' }),
    ]);

    const good = join(dir.path, 'good.csv');
    writeFileSync(
      good,
      'first_name,last_name,phone,village\nAmina,Bello,0803 123 4567,Gada\nMusa,Sule,,Gada\n',
    );
    const ok = griddesk(['--data', dir.path, 'import', 'customers', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Imported 2 customers from');

    const again = griddesk(['--data', dir.path, 'import', 'customers', good]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('line 2: skipped, already registered as LAG000018');

    const bad = join(dir.path, 'bad.csv');
    writeFileSync(
      bad,
      'first_name,last_name,phone,village\nAda,Obi,12345,Gada\nChidi,Eze,,Nowhere\n',
    );
    const refused = griddesk(['--data', dir.path, 'import', 'customers', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('bad.csv has 2 problems; nothing was imported.');
    expect(refused.stdout).toMatch(/line 2, column phone: /);
    expect(refused.stdout).toMatch(/line 3, column village: /);

    expect(griddesk(['--data', dir.path, 'import', 'sheep', good]).code).toBe(2);
    expect(
      griddesk(['--data', dir.path, 'import', 'customers', join(dir.path, 'missing.csv')]).code,
    ).toBe(2);
    dir.remove();
  });
});

describe('griddesk token', () => {
  it('generates the reference vector token and checks it back', () => {
    // Vector 1 of the OpenPAYGO reference set: ADD_TIME 1 day at count 1 -> count 2.
    const args = ['--key', 'bc41ec9530f6dac86b1a29ab82edc5fb', '--starting-code', '516959010'];
    const made = griddesk([
      'token',
      'openpaygo',
      ...args,
      '--count',
      '1',
      '--type',
      'ADD_TIME',
      '--value',
      '1',
      '--json',
    ]);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toEqual({ token: '588224011', count: 2 });
    const checked = griddesk([
      'token',
      'check',
      ...args,
      '--last-count',
      '1',
      '588224011',
      '--json',
    ]);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({
      found: true,
      type: 'ADD_TIME',
      value: 1,
      count: 2,
      wouldAccept: true,
    });
    expect(griddesk(['token', 'openpaygo', '--starting-code', '1']).code).toBe(2);
  });
});
