// Running the built `griddesk` command in peer tests. npm test builds before vitest; when the
// bundle is missing or older than the meter code it is rebuilt here, so the test never runs a
// CLI that lacks what it tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

export function ensureCliBuilt(): void {
  if (existsSync(CLI_BUNDLE) && statSync(CLI_BUNDLE).mtimeMs >= newestSource()) return;
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`npx electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
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
