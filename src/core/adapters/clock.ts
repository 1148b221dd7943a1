// Wall time and the office's hybrid logical clock. Injected so tests control time.
import { hlcParse, hlcReceive, hlcTick, hlcToString, hlcZero, type Hlc } from '../../domain/hlc';

export interface Clock {
  nowMs(): number;
  nowIso(): string;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowIso: () => new Date().toISOString(),
};

/** A clock that only moves when told: for tests and benchmarks. */
export function fixedClock(startIso: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(startIso);
  return {
    nowMs: () => now,
    nowIso: () => new Date(now).toISOString(),
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * A clock that starts at `startIso` and then runs at the pace of the real one: the test clock of
 * browser mode and the CLI (`--clock`), so end-to-end tests never depend on today's date while
 * timers, sessions and the HLC still see time pass.
 */
export function startingClock(startIso: string, real: Clock = systemClock): Clock {
  const start = Date.parse(startIso);
  if (!Number.isFinite(start)) throw new RangeError(`not a date and time: "${startIso}"`);
  const realStart = real.nowMs();
  const nowMs = () => start + (real.nowMs() - realStart);
  return { nowMs, nowIso: () => new Date(nowMs()).toISOString() };
}

/** Hands out HLC stamps for this office; the caller persists `last` (local_meta) as it likes. */
export class HlcSource {
  private last: Hlc;

  constructor(
    private readonly clock: Clock,
    node: string,
    last?: Hlc,
  ) {
    this.last = last ?? hlcZero(node);
  }

  setNode(node: string): void {
    this.last = { ...this.last, node };
  }

  next(): string {
    this.last = hlcTick(this.last, this.clock.nowMs());
    return hlcToString(this.last);
  }

  /**
   * Move past a stamp applied from another office, so a change made here afterwards wins over
   * it. The caller has refused stamps too far ahead (docs/sync.md "Applying a bundle").
   */
  observe(stamp: string): void {
    // hlcReceive refuses a stamp beyond the drift limit, the same one the import checks.
    this.last = hlcReceive(this.last, hlcParse(stamp), this.clock.nowMs());
  }
}
