// Reading forward active total energy from a DL/T 645-2007 meter (docs/domain.md §9.3) over a
// SerialLink, with the same retry-then-report rule as Modbus (§9.6): lets a site read CHINT meters
// as they ship, before (or instead of) converting them to Modbus.
import { buildReadRequest, frameLength, parseEnergyReply } from '../../domain/meters/dlt645';
import { SerialTimeoutError, type LineSettings, type SerialLink } from './serial-link';

/** What these meters usually ship with; every field can be overridden. */
export const DLT645_DEFAULT_LINE: LineSettings = {
  baud: 2400,
  dataBits: 8,
  parity: 'even',
  stopBits: 1,
};

export type DltRead =
  | { ok: true; address: string; wh: number; attempts: number }
  | {
      ok: false;
      kind:
        | 'no-answer'
        | 'timeout'
        | 'checksum'
        | 'format'
        | 'mismatch'
        | 'error-reply'
        | 'bcd'
        | 'short';
      message: string;
      attempts: number;
    };

const RETRYABLE = new Set(['no-answer', 'timeout', 'checksum', 'format', 'short', 'mismatch']);

/** `address`: the 12 digits printed on the meter (left-padded with zeros), or 'AAAAAAAAAAAA'. */
export async function readDlt645Energy(
  link: SerialLink,
  address: string,
  options: { timeoutMs: number; retries: number; preamble?: boolean },
): Promise<DltRead> {
  const request = buildReadRequest(address, { preamble: options.preamble ?? true });
  const tries = 1 + Math.max(0, Math.floor(options.retries));
  let last: DltRead = { ok: false, kind: 'no-answer', message: 'no attempt made', attempts: 0 };
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const rx = await link.request(request, frameLength, options.timeoutMs);
      const reply = parseEnergyReply(rx, address);
      if (reply.ok) return { ok: true, address: reply.address, wh: reply.wh, attempts: attempt };
      last = {
        ok: false,
        kind: reply.kind,
        message: `meter ${address}: ${reply.message}`,
        attempts: attempt,
      };
    } catch (error) {
      if (!(error instanceof SerialTimeoutError)) throw error;
      last = {
        ok: false,
        kind: error.kind === 'no-answer' ? 'no-answer' : 'timeout',
        message:
          error.kind === 'no-answer'
            ? `meter ${address}: ${error.message} (address, wiring, or line settings: usually 2400 8E1)`
            : `meter ${address}: ${error.message}`,
        attempts: attempt,
      };
    }
    if (!RETRYABLE.has(last.kind)) return last;
  }
  return last;
}
