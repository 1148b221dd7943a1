// Modbus FC 16 (write multiple registers): the only way to set a 32-bit holding value, such as the
// Eastron's slave id, a float32 in holding register 0x0014, during commissioning (docs/domain.md
// §9.1). Kept apart from modbus.ts, which owns reads and FC 06, but built on its CRC and exception
// names.
import { crcOk, exceptionName, isSlaveId, withCrc, type ModbusResult } from './modbus';

/** Register values the protocol accepts in one FC 16 request. */
export const MAX_WRITE_REGISTERS = 123;

/** FC 16: write `values` (16-bit each) to consecutive holding registers from 0-based `start`. */
export function buildWriteMultipleRegisters(
  slave: number,
  start: number,
  values: readonly number[],
): Uint8Array {
  if (!isSlaveId(slave)) throw new RangeError(`Modbus slave id must be 1..247, got ${slave}`);
  if (!Number.isInteger(start) || start < 0 || start > 0xffff) {
    throw new RangeError(`start register must be an integer 0..65535, got ${start}`);
  }
  if (values.length < 1 || values.length > MAX_WRITE_REGISTERS) {
    throw new RangeError(`FC 16 writes 1..${MAX_WRITE_REGISTERS} registers, got ${values.length}`);
  }
  if (start + values.length > 0x10000) throw new RangeError('registers run past 65535');
  const data: number[] = [];
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
      throw new RangeError(`register value must be an integer 0..65535, got ${v}`);
    }
    data.push(v >>> 8, v & 0xff);
  }
  const count = values.length;
  return withCrc([slave, 16, start >>> 8, start & 0xff, 0, count, 2 * count, ...data]);
}

/** Bytes the answer to an FC 16 request has: 8, or 5 once it shows as an exception. */
export function writeMultipleResponseLength(received: Uint8Array = new Uint8Array()): number {
  const fn = received[1];
  return fn !== undefined && fn & 0x80 ? 5 : 8;
}

/**
 * Checks the answer to `request` (from buildWriteMultipleRegisters): CRC, slave, function and the
 * echoed start and count. Success gives registers = the values written.
 */
export function parseWriteMultipleResponse(
  request: Uint8Array,
  response: Uint8Array,
): ModbusResult {
  if (request.length < 11 || request[1] !== 16) {
    throw new RangeError('not a request built by buildWriteMultipleRegisters');
  }
  const need = writeMultipleResponseLength(response);
  if (response.length < need) {
    return {
      ok: false,
      kind: 'short',
      message: `response has ${response.length} bytes, needs ${need}`,
    };
  }
  if (response.length > need) {
    return { ok: false, kind: 'mismatch', message: 'bytes after the end of the response' };
  }
  if (!crcOk(response)) {
    return { ok: false, kind: 'crc', message: 'CRC error (noise, wrong baud or parity?)' };
  }
  const word = (bytes: Uint8Array, i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const slave = response[0] ?? 0;
  if (slave !== request[0]) {
    return {
      ok: false,
      kind: 'mismatch',
      message: `answer from slave ${slave}, asked slave ${request[0] ?? 0}`,
    };
  }
  if (response[1] === 0x90) {
    const code = response[2] ?? 0;
    return {
      ok: false,
      kind: 'exception',
      message: `slave ${slave} answered exception ${code}: ${exceptionName(code)}`,
      exceptionCode: code,
    };
  }
  if (response[1] !== 16) {
    return {
      ok: false,
      kind: 'mismatch',
      message: `answer has function ${response[1] ?? 0}, asked 16`,
    };
  }
  if (word(response, 2) !== word(request, 2) || word(response, 4) !== word(request, 4)) {
    return { ok: false, kind: 'mismatch', message: 'write echo differs from the request' };
  }
  const registers: number[] = [];
  for (let i = 0; i < word(request, 4); i++) registers.push(word(request, 7 + 2 * i));
  return { ok: true, registers };
}
