// The loopback HTTP door: real server on an ephemeral port, real requests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/contract/security';
import { MAX_BODY_BYTES, startServer, type RunningServer } from '../../src/core/server';
import { openTestCore, SETUP, tempDir, type TestCore } from '../helpers/core';

let t: TestCore;
let server: RunningServer;
const renderer = tempDir('griddesk-ui-');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function api(name: string, input: unknown, headers: Record<string, string> = {}) {
  return http(`/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

beforeAll(async () => {
  mkdirSync(join(renderer.path, 'assets'));
  writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><title>GridDesk</title>');
  writeFileSync(join(renderer.path, 'assets', 'app.js'), 'console.log(1)');
  t = openTestCore();
  server = await startServer({ core: t.core, rendererDir: renderer.path, port: 0 });
});
afterAll(async () => {
  await server.close();
  t.close();
  renderer.remove();
});

describe('browser mode door', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves the UI with a content security policy', async () => {
    const index = await http('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>GridDesk</title>');
    // The same policy as the desktop window's: object-src, base-uri and form-action closed too.
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect((await http('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('does not serve files outside the UI folder', async () => {
    expect((await http('/../../etc/passwd')).status).toBe(404);
    expect((await http('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await http('/api/setup.status', {
      method: 'POST',
      headers: { Host: 'evil.example:80', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await http('/', { headers: { Host: `attacker.test:${server.port}` } })).status).toBe(
      403,
    );
  });

  it('refuses requests from other web pages (Origin)', async () => {
    const reply = await api('setup.status', {}, { Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    const same = await api('setup.status', {}, { Origin: `http://127.0.0.1:${server.port}` });
    expect(same.status).toBe(200);
  });

  it('accepts commands only as JSON POSTs', async () => {
    expect((await http('/api/setup.status')).status).toBe(405);
    const form = await http('/api/setup.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const broken = await http('/api/setup.status', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  it('needs the session token on every command but the public ones, and checks roles', async () => {
    expect(JSON.parse((await api('setup.status', {})).body)).toEqual({
      ok: true,
      value: { initialised: false, companyName: null },
    });
    const setup = JSON.parse((await api('setup.initialise', SETUP)).body) as {
      value: { session: { token: string } };
    };
    const admin = { Authorization: `Bearer ${setup.value.session.token}` };

    const anonymous = await api('users.list', {});
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await api('users.list', {}, { Authorization: 'Bearer made-up' })).status).toBe(401);

    const created = await api(
      'users.create',
      {
        username: 'cash1',
        displayName: 'Cashier One',
        role: 'cashier',
        password: 'pass word 1',
        passwordConfirm: 'pass word 1',
      },
      admin,
    );
    expect(created.status).toBe(200);
    const login = JSON.parse(
      (await api('auth.login', { username: 'cash1', password: 'pass word 1' })).body,
    ) as { value: { token: string } };
    const cashier = { Authorization: `Bearer ${login.value.token}` };
    const forbidden = await api('users.list', {}, cashier);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await api('users.list', {}, admin)).status).toBe(200);
  });

  it('answers unknown commands with NOT_FOUND', async () => {
    const reply = await api('nothing.here', {});
    expect(reply.status).toBe(404);
  });
});

describe('event stream', () => {
  it('refuses without a session and streams progress events to a signed-in listener', async () => {
    const anonymous = await fetch(`${server.url}api/events`);
    expect(anonymous.status).toBe(401);
    const login = JSON.parse(
      (await api('auth.login', { username: 'ada', password: SETUP.admin.password })).body,
    ) as {
      value: { token: string };
    };
    const controller = new AbortController();
    const stream = await fetch(`${server.url}api/events`, {
      headers: { Authorization: `Bearer ${login.value.token}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    t.core.deps.events.emit({
      type: 'progress',
      operationId: 'op-1',
      phase: 'checking',
      done: 1,
      total: 3,
    });
    while (!text.includes('op-1')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('event: progress');
    expect(text).toContain('"phase":"checking"');
    controller.abort();
  });
});

describe('event stream before set-up', () => {
  it('streams progress without a session until an office exists (the wizard restore)', async () => {
    const fresh = openTestCore();
    const door = await startServer({ core: fresh.core, rendererDir: renderer.path, port: 0 });
    const controller = new AbortController();
    try {
      const stream = await fetch(`${door.url}api/events`, { signal: controller.signal });
      expect(stream.status).toBe(200);
      const reader = stream.body?.getReader();
      if (!reader) throw new Error('no body');
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      fresh.core.deps.events.emit({
        type: 'progress',
        operationId: 'op-wizard',
        phase: 'verify',
        done: 5,
        total: 9,
      });
      while (!text.includes('op-wizard')) text += decoder.decode((await reader.read()).value);

      // Once the office exists, the next event ends the anonymous stream instead of reaching it.
      await fresh.ok('setup.initialise', SETUP);
      fresh.core.deps.events.emit({
        type: 'progress',
        operationId: 'op-later',
        phase: 'write',
        done: 1,
        total: 2,
      });
      for (;;) {
        const part = await reader.read();
        if (part.done) break;
        text += decoder.decode(part.value);
      }
      expect(text).not.toContain('op-later');
      expect((await fetch(`${door.url}api/events`)).status).toBe(401);
    } finally {
      controller.abort();
      await door.close();
      fresh.close();
    }
  });
});

describe('malformed requests', () => {
  it('answers malformed URL escapes without crashing', async () => {
    expect((await http('/%E0%A4%A')).status).toBe(404);
    const api404 = await http('/api/%E0%A4%A', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(api404.status).toBe(404);
    // Still serving afterwards.
    expect((await http('/')).status).toBe(200);
  });
});

/**
 * POST `total` bytes of filler in 1 MB pieces, stopping as soon as the answer arrives.
 * `declare` sends a Content-Length; otherwise the body is chunked. `stopAt` leaves the body
 * unfinished on purpose, so only an answer given before the body was read ends the request.
 * Resolves with the answer; rejects if the connection is reset.
 */
function post(
  name: string,
  total: number,
  opts: { token?: string; declare?: boolean; stopAt?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${name}`,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.declare ? { 'Content-Length': String(total) } : {}),
        },
      },
      (res) => {
        answered = true;
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const pump = () => {
      while (!answered && sent < Math.min(total, opts.stopAt ?? total)) {
        const size = Math.min(piece.length, total - sent);
        sent += size;
        if (!req.write(piece.subarray(0, size))) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= total) req.end();
    };
    pump();
  });
}

describe('request size and the session', () => {
  it('refuses an anonymous body for a signed-in command before reading it', async () => {
    // 70 MB announced, 1 MB sent: the answer must not wait for (or keep) the other 69 MB.
    const reply = await post('users.list', 70 * 1024 * 1024, {
      declare: true,
      stopAt: 1024 * 1024,
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers a whole anonymous 70 MB body with 401, not a reset connection', async () => {
    const reply = await post('users.list', 70 * 1024 * 1024, { declare: true });
    expect(reply.status).toBe(401);
  });

  it('lets an anonymous caller send only a small body, even to a public command', async () => {
    const announced = await post('auth.login', 10 * 1024 * 1024, {
      declare: true,
      stopAt: 1024 * 1024,
    });
    expect(announced.status).toBe(413);
    const chunked = await post('auth.login', 2 * 1024 * 1024);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  it('answers an oversized signed-in body with 413 instead of resetting the connection', async () => {
    const login = JSON.parse(
      (await api('auth.login', { username: 'ada', password: SETUP.admin.password })).body,
    ) as { value: { token: string } };
    const reply = await post('imports.run', MAX_BODY_BYTES + 1024 * 1024, {
      token: login.value.token,
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({
      error: { code: 'VALIDATION', message: expect.stringMatching(/too large/) as unknown },
    });
    // The server is still answering afterwards.
    expect((await api('setup.status', {})).status).toBe(200);
  });
});
