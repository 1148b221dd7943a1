// A fresh GridDesk in browser mode for each test: its own data folder, its own port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';

const BIN = resolve(__dirname, '../../bin/griddesk.js');

export interface App {
  url: string;
  dataDir: string;
  /** Run the CLI against the same data folder (while the server runs: SQLite WAL allows it). */
  cli(args: string[]): Promise<{ code: number | null; stdout: string }>;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

export const test = base.extend<{ app: App }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test needs from this pattern
  app: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'griddesk-e2e-'));
    const { child, url } = await startServer(dataDir);
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((done) => {
        const c = spawn(process.execPath, [BIN, '--data', dataDir, ...args], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        c.on('exit', (code) => done({ code, stdout }));
      });
    await use({ url, dataDir, cli });
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
