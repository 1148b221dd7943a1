// Which Modbus requests read a profile's registers (issue 16). On a meter bus each request costs a
// round trip, the meter's turnaround and two silent intervals, while one more register in an answer
// costs two bytes: reading an SDM120's voltage, current and power (registers 0, 6 and 12) in one
// request of 14 registers instead of three is cheaper. But bridging a gap reads registers nobody
// asked for, so a profile decides: `maxGap` is how many unasked registers one request may bridge
// (0, the default, bridges none), and `unsafeRegisters` names ranges no request may ever cover
// (registers a firmware refuses, or whose read has a side effect such as clearing a counter).

/** FC 03/04 answers at most 125 registers (the 253-byte PDU of the Modbus specification). */
export const MAX_READ_REGISTERS = 125;

export interface RegisterSpan {
  function: 3 | 4;
  /** 0-based address of the first register. */
  register: number;
  words: number;
}

export interface UnsafeRange {
  function: 3 | 4;
  /** First and last register of the range, both included. */
  from: number;
  to: number;
}

export interface ReadRules {
  /** Most registers that one request may read between two wanted spans; 0 bridges none. */
  maxGap: number;
  unsafe: readonly UnsafeRange[];
}

export interface PlannedRead<T extends RegisterSpan> {
  fn: 3 | 4;
  start: number;
  count: number;
  /** The spans this request answers, in register order. */
  members: T[];
}

/** True when a range of `fn` covers any register in [from, to]. */
export function touchesUnsafe(
  unsafe: readonly UnsafeRange[],
  fn: 3 | 4,
  from: number,
  to: number,
): boolean {
  return unsafe.some((u) => u.function === fn && u.from <= to && from <= u.to);
}

/**
 * Groups `spans` into as few requests as the rules allow. Spans are taken in (function,
 * register) order and each joins the request before it when it has the same function, the
 * request stays within 125 registers, and the registers between them are at most `maxGap` and
 * none of them is unsafe; spans that touch or overlap always join (no register is bridged).
 * Taking spans in order and joining whenever allowed gives the fewest requests, because every
 * condition only gets harder as a request grows. A span's own registers are never refused
 * here: the profile's schema keeps measurements out of unsafe ranges.
 */
export function planReads<T extends RegisterSpan>(
  spans: readonly T[],
  rules: ReadRules,
): PlannedRead<T>[] {
  const maxGap = Math.max(0, Math.floor(rules.maxGap));
  const sorted = [...spans].sort((a, b) => a.function - b.function || a.register - b.register);
  const plan: PlannedRead<T>[] = [];
  for (const span of sorted) {
    const last = plan[plan.length - 1];
    const spanEnd = span.register + span.words;
    if (last && last.fn === span.function) {
      const end = last.start + last.count;
      const gap = span.register - end;
      const newCount = Math.max(end, spanEnd) - last.start;
      const bridgeable =
        gap <= 0 ||
        (gap <= maxGap && !touchesUnsafe(rules.unsafe, span.function, end, span.register - 1));
      if (bridgeable && newCount <= MAX_READ_REGISTERS) {
        last.count = newCount;
        last.members.push(span);
        continue;
      }
    }
    plan.push({ fn: span.function, start: span.register, count: span.words, members: [span] });
  }
  return plan;
}
