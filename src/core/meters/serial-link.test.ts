// The per-port queue (docs/domain.md §9.6: one request at a time on a bus) and the port error
// wording; talking to a real pty is covered by the peer tests in test/peers.
import { describe, expect, it } from 'vitest';
import { describePortError, testPort, withBus } from './serial-link';

/** A promise the test settles itself, so the order of events never depends on timers. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('withBus', () => {
  it('runs work on one port one at a time, in order, and other ports in parallel', async () => {
    const log: string[] = [];
    const job = (name: string, until: Promise<void>) => async () => {
      log.push(`${name} start`);
      await until;
      log.push(`${name} end`);
      return name;
    };
    const a1Done = gate();
    const a1 = withBus('/dev/ttyA', job('a1', a1Done.opened));
    const a2 = withBus('/dev/ttyA', job('a2', Promise.resolve()));
    const b1 = withBus('/dev/ttyB', job('b1', Promise.resolve()));
    // Port B finishes while port A's first request is still on the line; A's second waits.
    expect(await b1).toBe('b1');
    expect(log).toContain('a1 start');
    expect(log).not.toContain('a1 end');
    expect(log).not.toContain('a2 start');
    a1Done.open();
    expect(await Promise.all([a1, a2])).toEqual(['a1', 'a2']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
  });

  it('keeps going after a failure', async () => {
    const failed = withBus('/dev/ttyC', () => Promise.reject(new Error('boom')));
    const next = withBus('/dev/ttyC', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});

describe('port errors', () => {
  it('tells missing, permission and busy apart', () => {
    expect(
      describePortError('/dev/x', new Error('Error: No such file or directory, cannot open /dev/x'))
        .kind,
    ).toBe('missing');
    expect(
      describePortError('/dev/x', new Error('Error: Permission denied, cannot open /dev/x')).kind,
    ).toBe('permission');
    expect(
      describePortError(
        '/dev/x',
        new Error('Error Resource temporarily unavailable Cannot lock port'),
      ).kind,
    ).toBe('busy');
    expect(describePortError('COM3', new Error('Opening COM3: Access denied')).kind).toBe('busy');
    expect(describePortError('COM3', new Error('Opening COM3: File not found')).kind).toBe(
      'missing',
    );
  });

  it('reports a missing port from testPort', async () => {
    expect(
      await testPort('/dev/griddesk-absent', {
        baud: 9600,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
      }),
    ).toMatchObject({
      ok: false,
      kind: 'missing',
      message: expect.stringContaining('does not exist'),
    });
  });
});
