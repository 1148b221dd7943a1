// Virtual serial cables for peer tests: socat joins two ptys, our client opens one end and an
// independent simulator the other (docs/domain.md §9.6). A pty ignores baud and parity, so these
// tests check protocol logic, not line settings. Missing tools fail loudly: a skipped peer test
// would hide that nothing was checked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export function requireTool(command: string, args: string[], install: string): void {
  const probe = spawnSync(command, args, { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`peer tests need ${command}: ${install}`);
  }
}

/** Fails with what to install when socat, Python or pymodbus is missing. */
export function requirePeerTools(): void {
  requireTool('socat', ['-V'], 'install it with "apt install socat"');
  requireTool(
    PYTHON,
    ['-c', 'import serial'],
    'install Debian\'s python3 and "apt install python3-serial"',
  );
  requireTool(PYTHON, ['-c', 'import pymodbus'], 'install "apt install python3-pymodbus"');
}

export interface PtyPair {
  /** The end our client opens. */
  a: string;
  /** The end the simulator opens. */
  b: string;
  stop(): Promise<void>;
}

export async function startPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths = await new Promise<string[]>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not report two ptys within ${timeoutMs} ms: ${text}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start socat (apt install socat): ${error.message}`));
    });
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before reporting ptys: ${text}`));
    };
    child.on('exit', onEarlyExit);
    child.stderr.setEncoding('utf8');
    const onData = (chunk: string) => {
      text += chunk;
      const found = [...text.matchAll(/PTY is (\S+)/g)].map((m) => m[1] ?? '');
      // The transfer loop starts after both ptys exist: only then do bytes flow.
      if (found.length >= 2 && text.includes('starting data transfer loop')) {
        clearTimeout(timer);
        // Only this start-up's listeners: stopChild adds its own 'exit' listener later.
        child.removeListener('exit', onEarlyExit);
        child.stderr.removeListener('data', onData);
        child.stderr.resume();
        resolve(found);
      }
    };
    child.stderr.on('data', onData);
  });
  const [a = '', b = ''] = paths;
  return { a, b, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Simulator {
  child: ChildProcess;
  /** Everything the simulator printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a Python simulator and waits for its "READY" line. */
export async function startSimulator(
  script: string,
  args: string[],
  timeoutMs = 10_000,
): Promise<Simulator> {
  const child = spawn(PYTHON, ['-u', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (text += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${timeoutMs} ms: ${text}`));
    }, timeoutMs);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready: ${text}`));
    };
    child.on('exit', onEarlyExit);
    let ready = false;
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      if (!ready && text.includes('READY')) {
        ready = true;
        clearTimeout(timer);
        child.removeListener('exit', onEarlyExit);
        resolve();
      }
    });
  });
  return { child, output: () => text, stop: () => stopChild(child) };
}
