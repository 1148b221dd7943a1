// The per-port queue (docs/domain.md §9.6: one request at a time on a bus) and the port error
// wording; talking to a real pty is covered by the peer tests in test/peers.
import { describe, expect, it } from 'vitest';
import { describePortError, testPort, withBus } from './serial-link';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withBus', () => {
  it('runs work on one port one at a time, in order, and other ports in parallel', async () => {
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      withBus('/dev/ttyA', job('a1', 30)),
      withBus('/dev/ttyA', job('a2', 5)),
      withBus('/dev/ttyB', job('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
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
