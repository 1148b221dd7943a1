// IEC 62056-21 mode C readout through an optical probe (docs/domain.md §9.2): the dialogue and its
// timing on a SerialLink; the frames themselves are the domain's (iec62056.ts). The meter picks
// the readout baud and starts sending ~200 ms after our acknowledgement, so the switch must
// happen inside that window.
import {
  ackOptionSelect,
  dataBlockEnd,
  identificationEnd,
  importEnergy,
  MODE_C_BAUDS,
  parseDataBlock,
  parseIdentification,
  signOnRequest,
  type DataSet,
  type Identification,
} from '../../domain/meters/iec62056';
import { SerialTimeoutError, type LineSettings, type SerialLink } from './serial-link';

/** Every mode C dialogue starts here; the link is opened with these settings. */
export const IEC_SIGN_ON_LINE: LineSettings = {
  baud: 300,
  dataBits: 7,
  parity: 'even',
  stopBits: 1,
};

export interface IecOptions {
  /** Meter address for a shared probe bus; empty wakes any meter. */
  address?: string;
  /** For the identification line (sent at 300 baud: ~1 s for a long one). */
  identificationTimeoutMs?: number;
  /** For the whole data block, which can be long at low baud. */
  dataTimeoutMs?: number;
  /** Wait after our ACK left before switching baud (the ACK is 200 ms on the wire at 300 baud). */
  switchDelayMs?: number;
  /** Never read faster than this, for probes or cables that fail at the meter's top speed. */
  maxBaud?: number;
}

export type IecRead =
  | {
      ok: true;
      identification: Identification;
      baud: number;
      dataSets: DataSet[];
      /** OBIS 1.8.0 in whole Wh; null (with the reason) when the readout lacks a usable one. */
      importWh: number | null;
      importProblem?: string;
    }
  | {
      ok: false;
      stage: 'identification' | 'data';
      kind: 'no-answer' | 'timeout' | 'format' | 'parity' | 'bcc' | 'baud' | 'incomplete';
      message: string;
    };

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** -1 from the domain means "incomplete": ask for one more byte than there is. */
const until = (end: (rx: Uint8Array) => number) => (rx: Uint8Array) => {
  const at = end(rx);
  return at < 0 ? rx.length + 1 : at;
};

function timeoutFailure(
  stage: 'identification' | 'data',
  error: SerialTimeoutError,
): Extract<IecRead, { ok: false }> {
  const what = stage === 'identification' ? 'identification' : 'data block';
  return error.kind === 'no-answer'
    ? {
        ok: false,
        stage,
        kind: 'no-answer',
        message:
          stage === 'identification'
            ? `no answer to the sign-on (${error.message}): is the probe on the meter's optical port, the right way round?`
            : `no data block after the baud switch (${error.message})`,
      }
    : { ok: false, stage, kind: 'timeout', message: `${what} cut short (${error.message})` };
}

/**
 * Reads a meter through `link`, opened with IEC_SIGN_ON_LINE. The link is left at the readout
 * baud; the caller closes it (the next sign-on must start again at 300 baud).
 */
export async function readIecMeter(link: SerialLink, options: IecOptions = {}): Promise<IecRead> {
  let identBytes: Uint8Array;
  try {
    identBytes = await link.request(
      signOnRequest(options.address ?? ''),
      until(identificationEnd),
      options.identificationTimeoutMs ?? 3000,
    );
  } catch (error) {
    if (error instanceof SerialTimeoutError) return timeoutFailure('identification', error);
    throw error;
  }
  const identification = parseIdentification(identBytes);
  if (!identification.ok) {
    return {
      ok: false,
      stage: 'identification',
      kind:
        identification.kind === 'parity' || identification.kind === 'baud'
          ? identification.kind
          : 'format',
      message: identification.message,
    };
  }
  const { ok: _ok, ...ident } = identification;

  // Never faster than the meter offers; a cap picks the fastest mode C speed at or below it.
  const letterIndex = MODE_C_BAUDS.findLastIndex(
    (b, i) => i <= Number(ident.baudLetter) && b <= (options.maxBaud ?? Infinity),
  );
  const letter = String(Math.max(0, letterIndex));
  const baud = MODE_C_BAUDS[Number(letter)] ?? 300;

  await link.send(ackOptionSelect(letter));
  await delay(options.switchDelayMs ?? 200);
  if (baud !== IEC_SIGN_ON_LINE.baud) await link.update({ baudRate: baud });

  let block: Uint8Array;
  try {
    block = await link.receive(until(dataBlockEnd), options.dataTimeoutMs ?? 15_000);
  } catch (error) {
    if (error instanceof SerialTimeoutError) return timeoutFailure('data', error);
    throw error;
  }
  const parsed = parseDataBlock(block);
  if (!parsed.ok) {
    return {
      ok: false,
      stage: 'data',
      kind:
        parsed.kind === 'bcc' || parsed.kind === 'parity' || parsed.kind === 'incomplete'
          ? parsed.kind
          : 'format',
      message: parsed.message,
    };
  }
  const energy = importEnergy(parsed.sets);
  return energy.ok
    ? { ok: true, identification: ident, baud, dataSets: parsed.sets, importWh: energy.wh }
    : {
        ok: true,
        identification: ident,
        baud,
        dataSets: parsed.sets,
        importWh: null,
        importProblem: energy.message,
      };
}
