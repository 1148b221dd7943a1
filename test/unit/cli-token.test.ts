// `griddesk token`: reference vectors issued from the command line (text and JSON), checking a
// generated token, and usage errors that exit 2 with one line on stderr.
import { describe, expect, it } from 'vitest';
import { tokenCommand } from '../../src/cli/token';
import { checkToken } from '../../src/domain/openpaygo/check';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tokenCommand(
    args,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

// Vectors from test/fixtures/openpaygo/vectors.csv (lines 2, 52 and 74).
const DEVICE_1 = ['--key', 'bc41ec9530f6dac86b1a29ab82edc5fb', '--starting-code', '516959010'];
const DEVICE_2 = ['--key', 'dac86b1a29ab82edc5fbbc41ec9530f6', '--starting-code', '432435255'];

describe('griddesk token openpaygo', () => {
  it('prints a vector token grouped, with its count and what it does', async () => {
    const result = await run(
      'openpaygo',
      ...DEVICE_1,
      '--count',
      '1',
      '--type',
      'ADD_TIME',
      '--value',
      '1',
    );
    expect(result).toEqual({
      code: 0,
      out: ['token: 588 224 011', 'count: 2', 'type: ADD_TIME, value 1 (adds 1 day)'],
      err: [],
    });
  });

  it('prints a restricted-digit vector as JSON, ungrouped', async () => {
    const result = await run(
      'openpaygo',
      ...DEVICE_2,
      '--count',
      '10',
      '--type',
      'ADD_TIME',
      '--value',
      '5',
      '--restricted',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(result.out).toEqual(['{"token":"314132112321121","count":12}']);
  });

  it('prints an extended vector (12 digits) as JSON', async () => {
    // vectors.csv line 3: the reference's extended token for ADD_TIME 1 after count 1.
    const result = await run(
      'openpaygo',
      ...DEVICE_1,
      ...['--count', '1', '--type', 'ADD_TIME'],
      '--value',
      '1',
      '--extended',
      '--json',
    );
    expect(result).toEqual({ code: 0, out: ['{"token":"247264959011","count":2}'], err: [] });
  });

  it('prints a DISABLE_PAYG vector as JSON', async () => {
    const result = await run(
      'openpaygo',
      ...DEVICE_2,
      '--count',
      '10',
      '--type',
      'DISABLE_PAYG',
      '--json',
    );
    expect(JSON.parse(result.out[0] ?? '')).toEqual({ token: '418174253', count: 11 });
  });

  it('shows days with the time divider; the value stays raw', async () => {
    const result = await run(
      'openpaygo',
      ...DEVICE_1,
      '--count',
      '2',
      '--type',
      'set_time',
      '--value',
      '6',
      '--divider',
      '4',
    );
    expect(result.code).toBe(0);
    expect(result.out[1]).toBe('count: 3');
    expect(result.out[2]).toBe('type: SET_TIME, value 6 (sets 1.5 days)');
  });
});

describe('griddesk token check', () => {
  async function generated(): Promise<{ token: string; count: number }> {
    const issued = await run(
      'openpaygo',
      ...DEVICE_2,
      '--count',
      '20',
      '--type',
      'ADD_TIME',
      '--value',
      '30',
      '--json',
    );
    return JSON.parse(issued.out[0] ?? '') as { token: string; count: number };
  }

  it('checks a generated token typed in groups', async () => {
    const { token, count } = await generated();
    expect(count).toBe(22);
    const groups = [token.slice(0, 3), token.slice(3, 6), token.slice(6)];
    const result = await run('check', ...DEVICE_2, '--last-count', '20', ...groups);
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    expect(result.out).toEqual([
      `token: ${groups.join(' ')}`,
      'type: ADD_TIME, value 30 (adds 30 days)',
      'count: 22',
      'device at count 20 would accept it: yes',
      "reason: Count 22 is above the device's last count 20.",
    ]);
  });

  it('prints the checkToken result as JSON', async () => {
    const { token } = await generated();
    const result = await run('check', ...DEVICE_2, '--last-count', '22', token, '--json');
    expect(result.code).toBe(0);
    const expected = checkToken({
      keyHex: 'dac86b1a29ab82edc5fbbc41ec9530f6',
      startingCode: 432435255,
      lastConfirmedCount: 22,
      token,
    });
    expect(expected).toMatchObject({ found: true, wouldAccept: false });
    expect(JSON.parse(result.out[0] ?? '')).toEqual(expected);
  });

  it('exits 1 for a token that is not this device', async () => {
    const { token } = await generated();
    const result = await run('check', ...DEVICE_1, '--last-count', '20', token);
    expect(result.code).toBe(1);
    expect(result.out).toContain('valid for this device: no');
    const mistyped = await run('check', ...DEVICE_2, '--last-count', '20', '12345678', '--json');
    expect(mistyped.code).toBe(1);
    expect(JSON.parse(mistyped.out[0] ?? '')).toMatchObject({ found: false });
  });
});

describe('griddesk token usage errors', () => {
  const add = ['--count', '1', '--type', 'ADD_TIME', '--value', '1'];

  it.each([
    ['missing --key', ['openpaygo', '--starting-code', '516959010', ...add], /--key is required/],
    ['a bad type', ['openpaygo', ...DEVICE_1, '--count', '1', '--type', 'TOP_UP'], /--type must/],
    [
      'a value above 995',
      ['openpaygo', ...DEVICE_1, '--count', '1', '--type', 'ADD_TIME', '--value', '996'],
      /0 to 995/,
    ],
    [
      'a value on DISABLE_PAYG',
      ['openpaygo', ...DEVICE_1, '--count', '1', '--type', 'DISABLE_PAYG', '--value', '1'],
      /carries no value/,
    ],
    ['a short key', ['openpaygo', '--key', 'abcd', '--starting-code', '1', ...add], /--key must/],
    [
      'an extended value above 999999',
      [
        'openpaygo',
        ...DEVICE_1,
        '--count',
        '1',
        '--type',
        'ADD_TIME',
        '--value',
        '1000000',
        '--extended',
      ],
      /0 to 999999/,
    ],
    ['an unknown option', ['openpaygo', ...DEVICE_1, ...add, '--days', '3'], /--days/],
    ['a bad divider', ['openpaygo', ...DEVICE_1, ...add, '--divider', '0'], /--divider/],
    ['no sub-command', [], /needs a sub-command/],
    ['an unknown sub-command', ['sts'], /unknown token sub-command "sts"/],
    ['check without a token', ['check', ...DEVICE_1, '--last-count', '1'], /needs the TOKEN/],
    ['check without --last-count', ['check', ...DEVICE_1, '123456789'], /--last-count/],
  ])('exits 2 on %s, with one line on stderr', async (_, args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
    expect(result.err[0]).not.toContain('bc41ec9530f6dac86b1a29ab82edc5fb');
  });

  it('prints help with exit 0', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^Usage: griddesk token/);
  });
});
