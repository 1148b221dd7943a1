// The serial adapter for meters (docs/domain.md §9): one open port speaking request/response frames
// whose length only the protocol knows, so the caller says when a frame is complete. It keeps the
// bus rules of §9.6 that belong to the wire: stale input is dropped before each request, a quiet
// gap separates frames, and "nobody answered" is told apart from "the answer stopped half-way",
// because the first points at wiring or address and the second at noise or line settings.
import type { SerialPort as SerialPortClass } from 'serialport';
import { lazyModule } from '../adapters/lazy-module';

const serialport = lazyModule<{ SerialPort: typeof SerialPortClass }>('serialport');

export type Parity = 'none' | 'even' | 'odd';

export interface LineSettings {
  baud: number;
  dataBits: 7 | 8;
  parity: Parity;
  stopBits: 1 | 2;
}

/**
 * How many bytes the frame needs judging from what has arrived; the frame is done when
 * rx.length >= the result. Called again after every chunk, so it may change its mind.
 */
export type Completion = (rx: Uint8Array) => number;

export class SerialTimeoutError extends Error {
  override readonly name = 'SerialTimeoutError';
  constructor(
    /** 'no-answer': not one byte came back; 'partial': a frame started but did not finish. */
    readonly kind: 'no-answer' | 'partial',
    readonly received: Uint8Array,
    timeoutMs: number,
  ) {
    super(
      kind === 'no-answer'
        ? `no answer within ${timeoutMs} ms`
        : `answer cut short: ${received.length} byte(s) within ${timeoutMs} ms`,
    );
  }
}

export type PortProblem = 'missing' | 'busy' | 'permission' | 'closed' | 'other';

export class SerialPortError extends Error {
  override readonly name = 'SerialPortError';
  constructor(
    readonly kind: PortProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface SerialLink {
  readonly path: string;
  /** Drops stale input, sends `frame`, resolves with everything received once `complete` says so. */
  request(frame: Uint8Array, complete: Completion, timeoutMs: number): Promise<Uint8Array>;
  /** Sends without waiting for an answer (IEC acknowledgement before a baud switch). */
  send(frame: Uint8Array): Promise<void>;
  /** Waits for a frame without sending or dropping anything: input already buffered counts. */
  receive(complete: Completion, timeoutMs: number): Promise<Uint8Array>;
  update(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
}

/** Turns the driver's wording (Linux, macOS and Windows differ) into something to act on. */
export function describePortError(path: string, error: unknown): SerialPortError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no such file|ENOENT|file not found|cannot find/i.test(text)) {
    return new SerialPortError('missing', `${path} does not exist: is the adapter plugged in?`);
  }
  if (/permission denied|EACCES|EPERM/i.test(text)) {
    return new SerialPortError(
      'permission',
      `permission denied on ${path}: add the user to the "dialout" group (Linux) and log in again`,
    );
  }
  if (/access denied/i.test(text)) {
    // Windows says "Access denied" both for rights and for a port another program holds.
    return new SerialPortError(
      'busy',
      `${path}: access denied, usually another program (or another GridDesk window) has it open`,
    );
  }
  if (/lock|busy|EBUSY|temporarily unavailable/i.test(text)) {
    return new SerialPortError('busy', `${path} is in use by another program`);
  }
  return new SerialPortError('other', `${path}: ${text}`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function bitsPerChar(s: LineSettings): number {
  return 1 + s.dataBits + (s.parity === 'none' ? 0 : 1) + s.stopBits;
}

/** Modbus asks for 3.5 characters of silence between frames; 2 ms covers fast lines' jitter. */
function quietGapMs(s: LineSettings): number {
  return Math.max(2, Math.ceil((3.5 * bitsPerChar(s) * 1000) / s.baud));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function checkSettings(s: LineSettings): void {
  if (!Number.isInteger(s.baud) || s.baud < 50 || s.baud > 4_000_000) {
    throw new RangeError(`baud must be a whole number of bits per second, got ${s.baud}`);
  }
}

export async function openSerialLink(path: string, settings: LineSettings): Promise<SerialLink> {
  checkSettings(settings);
  const line = { ...settings };
  const { SerialPort } = serialport();
  const port = new SerialPort({
    path,
    baudRate: line.baud,
    dataBits: line.dataBits,
    parity: line.parity,
    stopBits: line.stopBits,
    autoOpen: false,
    // Exclusive: two programs writing to one RS-485 bus garble each other's frames.
    lock: true,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(describePortError(path, error)) : resolve()));
  });

  let rx: Uint8Array = new Uint8Array();
  let lastByteAt = 0;
  let closed = false;
  let portFailure: SerialPortError | null = null;
  // The one pending read: notified on each chunk and when the port goes away.
  let waiter: (() => void) | null = null;

  port.on('data', (chunk: Buffer) => {
    // Nobody reads between requests: keep only a bounded tail of a chattering line.
    rx = concat(rx.length > 65536 ? rx.subarray(-4096) : rx, chunk);
    lastByteAt = Date.now();
    waiter?.();
  });
  port.on('error', (error: Error) => {
    portFailure = describePortError(path, error);
    waiter?.();
  });
  port.on('close', () => {
    closed = true;
    portFailure ??= new SerialPortError('closed', `${path} was closed (adapter unplugged?)`);
    waiter?.();
  });

  const failIfGone = () => {
    if (portFailure) throw portFailure;
    if (closed) throw new SerialPortError('closed', `${path} is closed`);
  };

  const write = async (frame: Uint8Array): Promise<void> => {
    failIfGone();
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(frame), (error) => {
        if (error) reject(describePortError(path, error));
      });
      port.drain((error) => (error ? reject(describePortError(path, error)) : resolve()));
    });
  };

  const receive = (complete: Completion, timeoutMs: number): Promise<Uint8Array> => {
    failIfGone();
    if (waiter) return Promise.reject(new Error('one read at a time on a serial link'));
    return new Promise<Uint8Array>((resolve, reject) => {
      // Assigned below; finish() only runs once it is (check() is first called after it).
      let timer: NodeJS.Timeout | undefined = undefined;
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        waiter = null;
        outcome();
      };
      const check = () => {
        if (portFailure) {
          const failure = portFailure;
          finish(() => reject(failure));
        } else if (rx.length > 0 && rx.length >= complete(rx)) {
          const frame = rx;
          rx = new Uint8Array();
          finish(() => resolve(frame));
        }
      };
      timer = setTimeout(() => {
        const got = rx;
        const kind = got.length === 0 ? 'no-answer' : 'partial';
        finish(() => reject(new SerialTimeoutError(kind, got, timeoutMs)));
      }, timeoutMs);
      waiter = check;
      check();
    });
  };

  return {
    path,
    async request(frame, complete, timeoutMs) {
      failIfGone();
      const quiet = quietGapMs(line) - (Date.now() - lastByteAt);
      if (quiet > 0) await delay(quiet);
      // A late answer to an earlier, timed-out request must not pass for this one's.
      await new Promise<void>((resolve) => port.flush(() => resolve()));
      rx = new Uint8Array();
      await write(frame);
      return receive(complete, timeoutMs);
    },
    send: write,
    receive,
    async update({ baudRate }) {
      failIfGone();
      checkSettings({ ...line, baud: baudRate });
      await new Promise<void>((resolve, reject) => {
        port.update({ baudRate }, (error) =>
          error ? reject(describePortError(path, error)) : resolve(),
        );
      });
      line.baud = baudRate;
    },
    async close() {
      if (closed || !port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
      closed = true;
    },
  };
}

const buses = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` when every earlier `withBus` on the same port has finished (docs/domain.md §9.6: one
 * request at a time on a bus). A failing `fn` does not block the queue.
 */
export function withBus<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const before = buses.get(path) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  buses.set(path, settled);
  // Forget an idle port so the map does not grow with every adapter ever plugged in.
  void settled.then(() => {
    if (buses.get(path) === settled) buses.delete(path);
  });
  return run;
}

/** Opens `path`, runs `fn` with the link as the bus's only user, and always closes the port. */
export function withLink<T>(
  path: string,
  settings: LineSettings,
  fn: (link: SerialLink) => Promise<T>,
): Promise<T> {
  return withBus(path, async () => {
    const link = await openSerialLink(path, settings);
    try {
      return await fn(link);
    } finally {
      await link.close();
    }
  });
}

export interface PortInfo {
  path: string;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
}

/** The machine's serial ports, with what identifies a USB adapter (on Linux this needs udevadm). */
export async function listPorts(): Promise<PortInfo[]> {
  let ports: {
    path: string;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
    serialNumber?: string;
  }[];
  try {
    // Typed here: the bindings package's types do not always resolve for the linter.
    ports = (await serialport().SerialPort.list()) as typeof ports;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(
      /udevadm|ENOENT/i.test(text)
        ? 'listing serial ports needs udevadm (Debian/Ubuntu: apt install udev)'
        : `cannot list serial ports: ${text}`,
    );
  }
  return ports.map((p) => ({
    path: p.path,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
  }));
}

export type PortTest = { ok: true } | { ok: false; kind: PortProblem; message: string };

/** Opens and closes `path` with `settings`, for a "test the port" button before any meter work. */
export function testPort(path: string, settings: LineSettings): Promise<PortTest> {
  return withBus(path, async () => {
    try {
      const link = await openSerialLink(path, settings);
      await link.close();
      return { ok: true as const };
    } catch (error) {
      const problem = error instanceof SerialPortError ? error : describePortError(path, error);
      return { ok: false as const, kind: problem.kind, message: problem.message };
    }
  });
}
