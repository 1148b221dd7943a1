// Hybrid logical clock (docs/domain.md §11): stamps master-data changes so offices can merge them
// last-writer-wins without trusting their wall clocks to agree. Pure: the wall time is a parameter.

export interface Hlc {
  /** Milliseconds since the epoch, never behind the largest wall time seen. */
  wallMs: number;
  /** Orders events within one millisecond. */
  counter: number;
  /** The office that made the stamp; breaks ties between offices. */
  node: string;
}

const MAX_COUNTER = 0xffff;
/**
 * The one drift limit (docs/sync.md "The clock"): a stamp from another office more than this far
 * ahead of this PC's clock is refused, by the bundle import and by the clock itself. Bundles
 * travel on a stick for hours or days, so an honest stamp arrives in the past; it can only be
 * ahead by the difference of the two PCs' clocks. PCs without a time server drift by seconds or
 * minutes a month, while a wrong time zone, a manual daylight-saving change or a dead clock
 * battery puts a clock out by an hour or more. A stamp ahead makes its office win every
 * conflict, and pulls every office that accepts it into the future, for as long as it is ahead:
 * one hour bounds that harm and still lets ordinary drift through.
 */
export const MAX_DRIFT_MS = 60 * 60 * 1000;

/** How far `remote` is ahead of this PC's clock beyond the drift limit, or 0 when within it. */
export function msBeyondDrift(remote: Hlc, wallMs: number): number {
  const ahead = remote.wallMs - wallMs;
  return ahead > MAX_DRIFT_MS ? ahead : 0;
}

export function hlcZero(node: string): Hlc {
  return { wallMs: 0, counter: 0, node };
}

/** The stamp for a local event. */
export function hlcTick(prev: Hlc, wallMs: number): Hlc {
  if (wallMs > prev.wallMs) return { wallMs, counter: 0, node: prev.node };
  if (prev.counter >= MAX_COUNTER) return { wallMs: prev.wallMs + 1, counter: 0, node: prev.node };
  return { wallMs: prev.wallMs, counter: prev.counter + 1, node: prev.node };
}

/** Advance the local clock past a stamp received from another office. */
export function hlcReceive(local: Hlc, remote: Hlc, wallMs: number): Hlc {
  if (msBeyondDrift(remote, wallMs) > 0) {
    throw new RangeError(
      `Clock stamp from office ${remote.node} is more than an hour ahead of this computer's clock`,
    );
  }
  const maxWall = Math.max(local.wallMs, remote.wallMs, wallMs);
  let counter: number;
  if (maxWall === local.wallMs && maxWall === remote.wallMs) {
    counter = Math.max(local.counter, remote.counter) + 1;
  } else if (maxWall === local.wallMs) {
    counter = local.counter + 1;
  } else if (maxWall === remote.wallMs) {
    counter = remote.counter + 1;
  } else {
    counter = 0;
  }
  if (counter > MAX_COUNTER) return { wallMs: maxWall + 1, counter: 0, node: local.node };
  return { wallMs: maxWall, counter, node: local.node };
}

/** Fixed-width text form whose string order is the clock order (stored in `updated_hlc`). */
export function hlcToString(h: Hlc): string {
  return `${h.wallMs.toString().padStart(15, '0')}-${h.counter
    .toString(16)
    .padStart(4, '0')}-${h.node}`;
}

export function hlcParse(text: string): Hlc {
  const match = /^(\d{15})-([0-9a-f]{4})-(.+)$/.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) throw new RangeError(`Not a clock stamp: ${text}`);
  return { wallMs: Number(match[1]), counter: parseInt(match[2], 16), node: match[3] };
}

export function hlcCompare(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}
