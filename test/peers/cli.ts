// Running the built `griddesk` command in peer tests. npm test builds before vitest; when the
// bundle is missing or older than the meter code it is rebuilt here, so the test never runs a
// CLI that lacks what it tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
const CLI_BUNDLE = join(ROOT, 'out', 'main', 'cli.js');
const SOURCES = ['src/cli', 'src/core/meters', 'src/domain/meters'];

function newestSource(): number {
  let newest = 0;
  for (const dir of SOURCES) {
    for (const name of readdirSync(join(ROOT, dir))) {
      if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

function isFresh(): boolean {
  return existsSync(CLI_BUNDLE) && statSync(CLI_BUNDLE).mtimeMs >= newestSource();
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Peer test files run in parallel and electron-vite empties out/ while it builds: a lock folder
 * makes one file build while the others wait and then find the bundle fresh.
 */
export function ensureCliBuilt(): void {
  if (isFresh()) return;
  // Outside out/, which the build empties.
  const lock = join(tmpdir(), `griddesk-peer-build-${ROOT.replace(/[^A-Za-z0-9]+/g, '-')}`);
  const deadline = Date.now() + 110_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}: remove it if stale`);
      sleepSync(200);
    }
  }
  try {
    if (isFresh()) return;
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) {
      throw new Error(`npx electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'griddesk.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`griddesk ${args.join(' ')} ran over ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
