// Browser mode: the loopback HTTP door. Serves the built renderer and `POST /api/<command>`.
// Bound to 127.0.0.1 only; refuses foreign Host and Origin headers (DNS rebinding, other sites in
// the same browser); every command except the public ones needs the session token.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { findCommand, type Envelope, type ErrorCode } from '../contract';
import { CONTENT_SECURITY_POLICY } from '../contract/security';
import type { Core } from './app';
import { thisOffice } from './areas/shared/office';

/** A 50 MB CSV import arrives base64-encoded: about 67 MB of JSON. Signed-in callers only. */
export const MAX_BODY_BYTES = 72 * 1024 * 1024;
/**
 * Without a session only the public commands (sign-in, setup) can be called, and their input is a
 * few hundred bytes; a stranger must not make the server hold tens of megabytes per request.
 */
export const ANONYMOUS_MAX_BODY_BYTES = 64 * 1024;

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DEVICE: 502,
  SYNC: 409,
  BUSY: 503,
  STORAGE: 503,
  INTERNAL: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface ServerOptions {
  core: Core;
  rendererDir: string;
  port: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  send(res, status, { ok: false, error: { code, message } } satisfies Envelope<never>);
}

class BodyTooLarge extends Error {}

/**
 * Read and drop the rest of a refused body, so the client (still sending) gets to read the answer
 * instead of seeing the connection reset under it. Nothing is kept; past MAX_BODY_BYTES of
 * dropped bytes the connection is cut, so an endless body cannot keep the server busy.
 */
function drainRefused(req: IncomingMessage): void {
  let dropped = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > MAX_BODY_BYTES) req.destroy();
  });
  req.resume();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        drainRefused(req);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Answer before the body was read; the body still arriving is dropped (see drainRefused). */
function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
): void {
  refuse(res, status, code, message);
  drainRefused(req);
}

function tooLargeMessage(limit: number): string {
  return limit === MAX_BODY_BYTES
    ? `The request is too large (more than ${MAX_BODY_BYTES / 1024 / 1024} MB).`
    : 'The request is too large. Sign in first.';
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

async function handleApi(core: Core, req: IncomingMessage, res: ServerResponse, name: string) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    refuse(res, 405, 'VALIDATION', 'Commands are called with POST.');
    return;
  }
  // A JSON content type cannot be sent cross-site without a CORS preflight, which we never allow.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    refuse(res, 415, 'VALIDATION', 'Send the command input as application/json.');
    return;
  }
  // Who is calling decides how much we are willing to read: the session is checked before a
  // single byte of the body is kept (eight anonymous 70 MB bodies once tripled the memory).
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  const command = safeDecode(name) ?? name;
  const signedIn = token !== undefined && core.deps.sessions.touch(token, core.deps.clock.nowMs());
  const def = findCommand(command);
  // Unknown names fall through to the dispatcher's NOT_FOUND, read with the anonymous limit.
  if (!signedIn && def && def.access !== 'public') {
    refuseUnread(req, res, 401, 'UNAUTHENTICATED', 'Please sign in.');
    return;
  }
  const limit = signedIn ? MAX_BODY_BYTES : ANONYMOUS_MAX_BODY_BYTES;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    refuseUnread(req, res, 413, 'VALIDATION', tooLargeMessage(limit));
    return;
  }
  let text: string;
  try {
    text = await readBody(req, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    refuse(res, 413, 'VALIDATION', tooLargeMessage(limit));
    return;
  }
  let input: unknown = {};
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      refuse(res, 400, 'VALIDATION', 'The request body is not valid JSON.');
      return;
    }
  }
  const envelope = await core.dispatch(command, input, { door: 'http', token });
  send(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
}

/** decodeURIComponent that answers null instead of throwing on a malformed escape (%E0%A4%A). */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse, path: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    refuse(res, 405, 'VALIDATION', 'Only GET is served here.');
    return;
  }
  const decoded = safeDecode(path);
  const relative = path === '/' ? 'index.html' : (decoded ?? '').replace(/^\/+/, '');
  const file = normalize(join(rendererDir, relative));
  if (
    decoded === null ||
    !file.startsWith(rendererDir + sep) ||
    !existsSync(file) ||
    !statSync(file).isFile()
  ) {
    refuse(res, 404, 'NOT_FOUND', 'Not found.');
    return;
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/**
 * Server-sent events for browser mode: the progress of long commands, the same events the desktop
 * window receives over IPC. Opened with fetch (so the session token travels in the Authorization
 * header, never in a URL); any signed-in session may listen. Before GridDesk is set up nobody can
 * sign in, yet the setup wizard's restore shows its progress: then a stream without a session is
 * allowed (progress is all the core emits: phase and counts), and it ends once an office exists.
 */
function streamEvents(core: Core, req: IncomingMessage, res: ServerResponse): void {
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  const signedIn = token !== '' && core.deps.sessions.touch(token, core.deps.clock.nowMs());
  if (req.method !== 'GET' || (!signedIn && isSetUp(core))) {
    refuse(res, 401, 'UNAUTHENTICATED', 'Please sign in.');
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = core.deps.events.subscribe((event) => {
    if (!signedIn && isSetUp(core)) {
      res.end();
      return;
    }
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  // A comment every 20 s keeps proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

/** True once this data folder has an office; false while it is being restored or set up. */
function isSetUp(core: Core): boolean {
  try {
    return thisOffice(core.deps.db) !== undefined;
  } catch {
    // The database is being swapped by a restore: not set up as far as a stream can tell.
    return false;
  }
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const rendererDir = normalize(options.rendererDir);
  let hosts = allowedHosts(options.port);
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!hosts.has(host)) {
      refuse(
        res,
        403,
        'FORBIDDEN',
        `Refused: GridDesk only answers to 127.0.0.1 (Host was "${host.slice(0, 100)}").`,
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) {
      refuse(res, 403, 'FORBIDDEN', 'Refused: requests from other web pages are not allowed.');
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/api/events') {
      streamEvents(options.core, req, res);
      return;
    }
    const api = /^\/api\/([^/]+)$/.exec(path);
    if (api?.[1]) {
      handleApi(options.core, req, res, api[1]).catch((error: unknown) => {
        options.core.deps.log.error('http door failed', { error: String(error) });
        if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'Something went wrong inside GridDesk.');
      });
      return;
    }
    serveStatic(rendererDir, req, res, path);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      hosts = allowedHosts(port);
      resolve({
        url: `http://127.0.0.1:${port}/`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
