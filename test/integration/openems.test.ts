// OpenEMS Edge as a reading source, against a small local HTTP server that behaves like the Edge
// REST API of docs/domain.md §9.4: Basic auth, /rest/channel/<component>/ActiveConsumptionEnergy
// answering {"value": Wh}, a regular expression in the component answering an array.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, snapshot, type TestCore } from '../helpers/core';
import { seedRegistry } from '../helpers/registry';

let t: TestCore;
let admin: string;
let clerk: string;
let meters: string[];
let edge: { server: Server; url: string; energy: Map<string, number | null>; requests: string[] };

function startEdge(password: string): Promise<typeof edge> {
  const energy = new Map<string, number | null>([
    ['meter0', 1_234_567],
    ['meter1', 98_000],
  ]);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const expected = `Basic ${Buffer.from(`x:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="OpenEMS"' }).end();
      return;
    }
    const m = /^\/rest\/channel\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
    if (!m || m[2] !== 'ActiveConsumptionEnergy') {
      res.writeHead(404).end();
      return;
    }
    const pattern = decodeURIComponent(m[1] ?? '');
    const channel = (id: string) => ({
      address: `${id}/ActiveConsumptionEnergy`,
      type: 'LONG',
      accessMode: 'RO',
      text: '',
      unit: 'Wh',
      value: energy.get(id),
    });
    if (/^[A-Za-z0-9_]+$/.test(pattern)) {
      if (!energy.has(pattern)) {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(channel(pattern)));
      return;
    }
    const re = new RegExp(`^${pattern}$`);
    const hits = [...energy.keys()].filter((id) => re.test(id)).map(channel);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(hits));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        energy,
        requests,
      }),
    ),
  );
}

beforeEach(async () => {
  t = openTestCore();
  const office = await setUpOffice(t);
  admin = office.admin;
  await t.ok(
    'users.create',
    {
      username: 'cleo',
      displayName: 'Cleo Clerk',
      role: 'clerk',
      password: 'clerk pass 12',
      passwordConfirm: 'clerk pass 12',
    },
    { token: admin },
  );
  clerk = (await t.ok('auth.login', { username: 'cleo', password: 'clerk pass 12' })).token;
  const seed = await seedRegistry(t, admin);
  meters = [];
  for (const serial of ['M-0', 'M-1', 'M-9']) {
    meters.push(
      (
        await t.ok(
          'devices.create',
          { modelId: seed.meter.id, serial, villageId: seed.village.id },
          { token: admin },
        )
      ).id,
    );
  }
  edge = await startEdge('s3cret-edge');
});
afterEach(async () => {
  t.close();
  await new Promise((r) => edge.server.close(r));
});

async function configured(password = 's3cret-edge') {
  const saved = await t.ok(
    'openems.saveEdge',
    { name: 'Bakin Kogi PDU', url: `${edge.url}/`, username: 'x', password },
    { token: admin },
  );
  await t.ok(
    'openems.mapMeter',
    { deviceId: meters[0] ?? '', edgeId: saved.id, component: 'meter0' },
    { token: clerk },
  );
  await t.ok(
    'openems.mapMeter',
    { deviceId: meters[1] ?? '', edgeId: saved.id, component: 'meter1' },
    { token: clerk },
  );
  return saved;
}

describe('OpenEMS', () => {
  it('pulls every mapped meter in one request and stores the Wh as readings', async () => {
    const saved = await configured();
    expect(saved.url).toBe(edge.url);
    const pulled = await t.ok('openems.pull', {}, { token: clerk });
    expect(pulled.stored).toBe(2);
    expect(pulled.results.map((r) => [r.serial, r.outcome, r.wh])).toEqual([
      ['M-0', 'ok', 1_234_567],
      ['M-1', 'ok', 98_000],
    ]);
    expect(edge.requests).toEqual([
      `/rest/channel/${encodeURIComponent('(meter0|meter1)')}/ActiveConsumptionEnergy`,
    ]);
    const latest = await t.ok('meters.get', { deviceId: meters[0] ?? '' }, { token: clerk });
    expect(latest.latest).toMatchObject({ source: 'openems', wh: 1_234_567, raw: '1234567' });
    const listed = await t.ok('openems.list', {}, { token: clerk });
    expect(listed.edges[0]?.meters.map((m) => m.component)).toEqual(['meter0', 'meter1']);
    expect(JSON.stringify(listed)).not.toContain('s3cret-edge');
    expect(snapshot(t.core)).not.toContain('s3cret-edge');
  });

  it('says clearly when the password is wrong, the host unreachable or the channel unknown', async () => {
    const saved = await configured('wrong-password');
    const auth = await t.ok('openems.pull', {}, { token: clerk });
    expect(auth.stored).toBe(0);
    expect(auth.results.every((r) => r.outcome === 'auth')).toBe(true);
    expect(auth.results[0]?.message).toContain('refused the user name or password');

    await t.ok(
      'openems.saveEdge',
      { id: saved.id, name: saved.name, url: edge.url, username: 'x', password: 's3cret-edge' },
      { token: admin },
    );
    await t.ok(
      'openems.mapMeter',
      { deviceId: meters[2] ?? '', edgeId: saved.id, component: 'meter9' },
      { token: clerk },
    );
    const unknown = await t.ok('openems.pull', {}, { token: clerk });
    expect(unknown.results.map((r) => [r.serial, r.outcome])).toEqual([
      ['M-0', 'ok'],
      ['M-1', 'ok'],
      ['M-9', 'unknown-channel'],
    ]);

    await new Promise((r) => edge.server.close(r));
    const down = await t.ok('openems.pull', {}, { token: clerk });
    expect(down.results.every((r) => r.outcome === 'unreachable')).toBe(true);
    expect(down.results[0]?.message).toContain('cannot be reached');
    edge.server = createServer();
  });

  it('warns about a well-known default password and keeps the stored one when none is given', async () => {
    const saved = await configured('admin');
    expect(saved.warning).toContain('well-known default password');
    const renamed = await t.ok(
      'openems.saveEdge',
      { id: saved.id, name: 'PDU 1', url: edge.url, username: 'x' },
      { token: admin },
    );
    expect(renamed.warning).not.toBeNull();
    const forbidden = await t.call(
      'openems.saveEdge',
      { name: 'E', url: edge.url, username: 'x', password: 'p' },
      { token: clerk },
    );
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const badUrl = await t.call(
      'openems.saveEdge',
      { name: 'E', url: 'ftp://edge', username: 'x', password: 'p' },
      { token: admin },
    );
    expect(badUrl).toMatchObject({ ok: false, error: { details: { issues: [{ field: 'url' }] } } });
  });

  it('unmapping leaves a tombstone that travels; lists, pulls and meters skip it', async () => {
    const saved = await configured();
    await t.ok('openems.mapMeter', { deviceId: meters[0] ?? '', edgeId: null }, { token: clerk });
    const rows = t.core.deps.raw
      .prepare('SELECT device_id, component, deleted_at FROM openems_channels ORDER BY component')
      .all();
    expect(rows).toEqual([
      { device_id: meters[0], component: 'meter0', deleted_at: expect.any(String) },
      { device_id: meters[1], component: 'meter1', deleted_at: null },
    ]);
    const listed = await t.ok('openems.list', {}, { token: clerk });
    expect(listed.edges[0]?.meters.map((m) => m.component)).toEqual(['meter1']);
    const pulled = await t.ok('openems.pull', {}, { token: clerk });
    expect(pulled.results.map((r) => r.serial)).toEqual(['M-1']);
    const list = await t.ok('meters.list', {}, { token: clerk });
    expect(list.rows.find((r) => r.id === meters[0])?.link).toBe('none');
    // The unmapped channel is free for another meter; the first one maps again onto another.
    await t.ok(
      'openems.mapMeter',
      { deviceId: meters[2] ?? '', edgeId: saved.id, component: 'meter0' },
      { token: clerk },
    );
    await t.ok(
      'openems.mapMeter',
      { deviceId: meters[0] ?? '', edgeId: saved.id, component: 'meter9' },
      { token: clerk },
    );
    const again = await t.ok('openems.list', {}, { token: clerk });
    expect(again.edges[0]?.meters.map((m) => [m.serial, m.component])).toEqual([
      ['M-9', 'meter0'],
      ['M-1', 'meter1'],
      ['M-0', 'meter9'],
    ]);
  });
});
