// The CLI door, run as a user would: `griddesk` arguments in, exit code and output out. The CLI
// runs in this test's process (runCli, the same function the built binary runs), so each case
// costs no process start; one case runs the built binary itself, to check that it is wired to
// the process's exit code and streams (npm test builds first; run `npm run build` before running
// this file alone).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { openTestCore, SETUP, tempDir } from '../helpers/core';

const BIN = resolve(__dirname, '../../bin/griddesk.js');
const data = tempDir('griddesk-cli-');

/** One command line in-process, with `env` set for its duration. */
async function griddesk(args: string[], env: Record<string, string> = {}) {
  const vars = { GRIDDESK_DATA: '', GRIDDESK_PASSWORD: '', ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const stdout: string[] = [];
  const stderr: string[] = [];
  try {
    const code = await runCli(args, {
      out: (line) => stdout.push(`${line}\n`),
      err: (line) => stderr.push(`${line}\n`),
    });
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The built binary in a child process, as a user starts it. */
function spawned(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GRIDDESK_DATA: '' },
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

describe('the built griddesk binary', () => {
  it('answers with its exit code and streams: usage (2), a refused command (1), a query (0)', () => {
    const usage = spawned([]);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain('Usage: griddesk');
    const dir = tempDir('griddesk-bin-');
    try {
      const status = spawned(['--data', dir.path, 'call', 'setup.status']);
      expect(status.code).toBe(0);
      expect(json(status.stdout)).toMatchObject({ ok: true, value: { initialised: false } });
      const refused = spawned(['--data', dir.path, 'call', 'users.create', '{"username":"x"}']);
      expect(refused.code).toBe(1);
      expect(json(refused.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const unknown = spawned(['--data', dir.path, 'frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('griddesk: Unknown command "frobnicate"');
    } finally {
      dir.remove();
    }
  });
});

describe('griddesk CLI', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await griddesk([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: griddesk');
  });

  it('lists every command, and as JSON with schemas', async () => {
    const text = await griddesk(['commands']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^setup\.initialise\s+\[public\]/m);
    const listed = JSON.parse((await griddesk(['commands', '--json'])).stdout) as {
      name: string;
      input: { type?: string };
    }[];
    expect(listed.map((c) => c.name)).toContain('users.create');
    expect(listed.find((c) => c.name === 'users.create')?.input.type).toBe('object');
  });

  it('runs commands as the local operator, audited as cli', async () => {
    const setup = await griddesk([
      '--data',
      data.path,
      'call',
      'setup.initialise',
      JSON.stringify(SETUP),
    ]);
    expect(setup.code).toBe(0);
    expect(json(setup.stdout)).toMatchObject({ ok: true });
    const created = await griddesk([
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
      (await griddesk(['--data', data.path, 'call', 'audit.list', '{"command":"users.create"}']))
        .stdout,
    );
    expect(audit).toMatchObject({ ok: true, value: { entries: [{ actor: 'cli', door: 'cli' }] } });
  });

  it('uses GRIDDESK_DATA when --data is not given', async () => {
    const r = await griddesk(['call', 'setup.status'], { GRIDDESK_DATA: data.path });
    expect(json(r.stdout)).toEqual({
      ok: true,
      value: { initialised: true, companyName: 'Sunrise Power Ltd' },
    });
  });

  it('exits 1 with the error envelope when the command refuses', async () => {
    const r = await griddesk(['--data', data.path, 'call', 'users.create', '{"username":"x"}']);
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('enforces roles for --user: a cashier cannot administer users', async () => {
    const r = await griddesk(['--data', data.path, 'call', 'users.list', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'till pass 99',
    });
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrong = await griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'not it at all',
    });
    expect(json(wrong.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const fine = await griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi'], {
      GRIDDESK_PASSWORD: 'till pass 99',
    });
    expect(fine.code).toBe(0);
  });

  it('exits 2 on usage mistakes', async () => {
    expect((await griddesk(['--data', data.path, 'call'])).code).toBe(2);
    expect((await griddesk(['--data', data.path, 'call', 'setup.status', '{broken'])).code).toBe(2);
    expect((await griddesk(['--data', data.path, 'frobnicate'])).code).toBe(2);
    expect(
      (await griddesk(['--data', data.path, 'call', 'settings.get', '--user', 'chidi'])).code,
    ).toBe(2);
  });

  it('refuses a damaged database with a clear message and exit 2', async () => {
    const bad = tempDir('griddesk-bad-');
    writeFileSync(join(bad.path, 'griddesk.sqlite'), 'garbage'.repeat(100));
    const r = await griddesk(['--data', bad.path, 'call', 'setup.status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/damaged or is not a GridDesk database/);
    bad.remove();
  });
});

describe('griddesk beside a running GridDesk', () => {
  it('refuses a second serve, reads, and refuses changes naming the running program', async () => {
    const dir = tempDir('griddesk-cli-held-');
    expect(
      (await griddesk(['--data', dir.path, 'call', 'setup.initialise', JSON.stringify(SETUP)]))
        .code,
    ).toBe(0);
    // The running app: a core in this test's process holds the data folder.
    const app = openTestCore(dir.path);
    try {
      const serve = await griddesk(['--data', dir.path, 'serve', '--port', '0']);
      expect(serve.code).toBe(2);
      expect(serve.stderr).toMatch(
        new RegExp(
          `is in use by GridDesk \\(process ${process.pid}, since 2026-11-22 08:00 UTC\\)`,
        ),
      );
      const query = await griddesk(['--data', dir.path, 'call', 'setup.status']);
      expect(query.code).toBe(0);
      expect(json(query.stdout)).toMatchObject({ ok: true, value: { initialised: true } });
      const write = await griddesk([
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
      const imported = await griddesk(['--data', dir.path, 'import', 'customers', file]);
      expect(imported.code).toBe(1);
      expect(imported.stdout).toMatch(/in use by GridDesk \(process \d+.*was refused/);
    } finally {
      app.close();
      dir.remove();
    }
  });
});

describe('griddesk import', () => {
  it('imports a customer file, exits 0, and exits 1 with line-numbered problems for a bad one', async () => {
    const dir = tempDir('griddesk-cli-import-');
    const setup = await griddesk([
      '--data',
      dir.path,
      'call',
      'setup.initialise',
      JSON.stringify(SETUP),
    ]);
    expect(setup.code).toBe(0);
    const cluster = json(
      (await griddesk(['--data', dir.path, 'call', 'sites.createCluster', '{"name":"North"}']))
        .stdout,
    ) as { value: { id: string } };
    const grid = json(
      (
        await griddesk([
          '--data',
          dir.path,
          'call',
          'sites.createMiniGrid',
          JSON.stringify({ clusterId: cluster.value.id, name: 'Katcha', code: 'KTC' }),
        ])
      ).stdout,
    ) as { value: { id: string } };
    await griddesk([
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
    const ok = await griddesk(['--data', dir.path, 'import', 'customers', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Imported 2 customers from');

    const again = await griddesk(['--data', dir.path, 'import', 'customers', good]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('line 2: skipped, already registered as LAG000018');

    const bad = join(dir.path, 'bad.csv');
    writeFileSync(
      bad,
      'first_name,last_name,phone,village\nAda,Obi,12345,Gada\nChidi,Eze,,Nowhere\n',
    );
    const refused = await griddesk(['--data', dir.path, 'import', 'customers', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('bad.csv has 2 problems; nothing was imported.');
    expect(refused.stdout).toMatch(/line 2, column phone: /);
    expect(refused.stdout).toMatch(/line 3, column village: /);

    expect((await griddesk(['--data', dir.path, 'import', 'sheep', good])).code).toBe(2);
    expect(
      (await griddesk(['--data', dir.path, 'import', 'customers', join(dir.path, 'missing.csv')]))
        .code,
    ).toBe(2);
    dir.remove();
  });
});

describe('griddesk token', () => {
  it('generates the reference vector token and checks it back', async () => {
    // Vector 1 of the OpenPAYGO reference set: ADD_TIME 1 day at count 1 -> count 2.
    const args = ['--key', 'bc41ec9530f6dac86b1a29ab82edc5fb', '--starting-code', '516959010'];
    const made = await griddesk([
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
    const checked = await griddesk([
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
    expect((await griddesk(['token', 'openpaygo', '--starting-code', '1'])).code).toBe(2);
  });
});
