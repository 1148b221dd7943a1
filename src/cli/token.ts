// `griddesk token`: issue an OpenPAYGO token or check one, offline and without a database (for
// support and for testing a device on the bench). Argument parsing only: the engine is the domain's.
import { parseArgs } from 'node:util';
import { checkToken, type TokenCheck } from '../domain/openpaygo/check';
import {
  parseCount,
  parseSecretKey,
  parseStartingCode,
  parseTimeDivider,
} from '../domain/openpaygo/credentials';
import {
  daysForValue,
  encodeToken,
  groupTokenDigits,
  TOKEN_TYPES,
  type TokenType,
} from '../domain/openpaygo/token';

export const TOKEN_USAGE = `Usage: griddesk token <openpaygo|check> [options]

  token openpaygo --key HEX --starting-code N --count N --type TYPE [--value V]
        [--divider D] [--restricted] [--extended] [--json]
      Issue the token after count N (the device's last used count). TYPE is ADD_TIME, SET_TIME,
      DISABLE_PAYG or COUNTER_SYNC; V is the raw value (days x divider, 0-995) for ADD_TIME and
      SET_TIME only. --divider only changes the days shown. Store the printed count.

  token check --key HEX --starting-code N --last-count N TOKEN [--divider D] [--restricted]
        [--extended] [--json]
      Which count, type and value TOKEN is, and whether a device at that last count takes it.

--extended: the reference implementation's extended tokens (12 digits, 20 with --restricted;
values up to 999999), only for devices whose manufacturer confirms that variant. Exit codes: 0 ok,
1 the checked token is not this device's, 2 usage error.`;

class UsageError extends Error {}

function field<T>(
  name: string,
  raw: string | undefined,
  parse: (text: string) => { ok: true; value: T } | { ok: false; reason: string },
): T {
  if (raw === undefined) throw new UsageError(`--${name} is required`);
  const checked = parse(raw);
  if (!checked.ok) throw new UsageError(`--${name} ${checked.reason}`);
  return checked.value;
}

function parseType(raw: string | undefined): TokenType {
  if (raw === undefined) throw new UsageError(`--type is required (${TOKEN_TYPES.join(', ')})`);
  const type = TOKEN_TYPES.find((t) => t === raw.trim().toUpperCase().replace(/-/g, '_'));
  if (type === undefined) {
    throw new UsageError(`--type must be one of ${TOKEN_TYPES.join(', ')}, got "${raw}"`);
  }
  return type;
}

function parseValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw.trim())) {
    throw new UsageError(`--value must be a whole number (days x divider), got "${raw}"`);
  }
  return Number(raw.trim());
}

function describeDays(value: number, divider: number): string {
  const days = Number(daysForValue(value, divider).toFixed(3));
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** "ADD_TIME, value 30 (30 days)" / "DISABLE_PAYG (unlocks the device for good)". */
function describe(type: TokenType, value: number, divider: number): string {
  switch (type) {
    case 'ADD_TIME':
      return `ADD_TIME, value ${value} (adds ${describeDays(value, divider)})`;
    case 'SET_TIME':
      return `SET_TIME, value ${value} (sets ${describeDays(value, divider)})`;
    case 'DISABLE_PAYG':
      return 'DISABLE_PAYG (unlocks the device for good)';
    case 'COUNTER_SYNC':
      return "COUNTER_SYNC (moves the device's count, adds no time)";
  }
}

const DEVICE_OPTIONS = {
  key: { type: 'string' },
  'starting-code': { type: 'string' },
  divider: { type: 'string' },
  restricted: { type: 'boolean', default: false },
  extended: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

function issue(args: string[], out: (line: string) => void): number {
  const { values } = parseArgs({
    args,
    options: {
      ...DEVICE_OPTIONS,
      count: { type: 'string' },
      type: { type: 'string' },
      value: { type: 'string' },
    },
  });
  const keyHex = field('key', values.key, parseSecretKey);
  const startingCode = field('starting-code', values['starting-code'], parseStartingCode);
  const count = field('count', values.count, parseCount);
  const divider = field('divider', values.divider ?? '1', parseTimeDivider);
  const type = parseType(values.type);
  const value = parseValue(values.value);
  const issued = encodeToken({
    keyHex,
    startingCode,
    count,
    type,
    value,
    restrictedDigits: values.restricted,
    extended: values.extended,
  });
  if (values.json) {
    out(JSON.stringify({ token: issued.token, count: issued.count }));
    return 0;
  }
  out(`token: ${groupTokenDigits(issued.token)}`);
  out(`count: ${issued.count}`);
  out(`type: ${describe(type, value ?? 0, divider)}`);
  return 0;
}

function check(args: string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...DEVICE_OPTIONS, 'last-count': { type: 'string' } },
  });
  const keyHex = field('key', values.key, parseSecretKey);
  const startingCode = field('starting-code', values['starting-code'], parseStartingCode);
  const lastConfirmedCount = field('last-count', values['last-count'], parseCount);
  const divider = field('divider', values.divider ?? '1', parseTimeDivider);
  // A token typed unquoted with spaces arrives as several arguments: they are one token.
  if (positionals.length === 0) throw new UsageError('check needs the TOKEN to check');
  const token = positionals.join('');
  const result: TokenCheck = checkToken({
    keyHex,
    startingCode,
    lastConfirmedCount,
    token,
    restrictedDigits: values.restricted,
    extended: values.extended,
  });
  if (values.json) {
    out(JSON.stringify(result));
  } else {
    out(`token: ${groupTokenDigits(token.replace(/[\s-]/g, ''))}`);
    if (result.found && result.type !== undefined && result.count !== undefined) {
      out(`type: ${describe(result.type, result.value ?? 0, divider)}`);
      out(`count: ${result.count}`);
      out(
        `device at count ${lastConfirmedCount} would accept it: ${result.wouldAccept ? 'yes' : 'no'}`,
      );
    } else {
      out('valid for this device: no');
    }
    out(`reason: ${result.reason}`);
  }
  return result.found ? 0 : 1;
}

function run(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const [sub, ...rest] = args;
  try {
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      out(TOKEN_USAGE);
      return 0;
    }
    if (sub === 'openpaygo') return issue(rest, out);
    if (sub === 'check') return check(rest, out);
    throw new UsageError(
      sub === undefined
        ? 'token needs a sub-command: openpaygo or check'
        : `unknown token sub-command "${sub}" (openpaygo or check)`,
    );
  } catch (error) {
    // UsageError, the engine's RangeErrors (value above 995...) and parseArgs' own
    // errors are all usage problems; anything else is reported the same way rather than thrown.
    const message = error instanceof Error ? error.message : String(error);
    err(`griddesk token: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return 2;
  }
}

/**
 * `args` are the words after `token`. Usage problems (and refused input such as a value above
 * 995) go to `err` as one line and give 2; nothing is thrown. The work is
 * synchronous; the promise matches the other `griddesk` sub-commands.
 */
export function tokenCommand(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  return Promise.resolve(run(args, out, err));
}
