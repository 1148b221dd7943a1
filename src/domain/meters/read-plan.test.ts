// Grouping a profile's registers into Modbus requests: the shipped SDM120 in 2 requests, gaps and
// unsafe ranges respected, and, for random register maps, every measurement read exactly once by
// a request that never covers an unsafe register, bridges no gap wider than allowed, stays within
// 125 registers and could not be merged with its neighbour.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from './profile';
import {
  MAX_READ_REGISTERS,
  planReads,
  touchesUnsafe,
  type PlannedRead,
  type RegisterSpan,
  type UnsafeRange,
} from './read-plan';

const DIR = resolve(__dirname, '../../../resources/meter-profiles');

function spansOf(file: string): RegisterSpan[] {
  const profile = parseProfile(JSON.parse(readFileSync(resolve(DIR, file), 'utf8')), file);
  const plan = planReads(
    Object.values(profile.measurements).filter((s) => s !== undefined),
    { maxGap: profile.readGap ?? 0, unsafe: profile.unsafeRegisters ?? [] },
  );
  return plan.map((r) => ({ function: r.fn, register: r.start, words: r.count }));
}

const span = (fn: 3 | 4, register: number, words = 2): RegisterSpan => ({
  function: fn,
  register,
  words,
});

function shape(plan: PlannedRead<RegisterSpan>[]): [number, number, number][] {
  return plan.map((r) => [r.fn, r.start, r.count]);
}

describe('shipped profiles', () => {
  it('read an SDM120 in 2 requests: volts to watts in one, import energy alone', () => {
    expect(spansOf('eastron-sdm120.json')).toEqual([span(4, 0, 14), span(4, 72, 2)]);
  });

  it('leave profiles without readGap as they were: only touching registers share a read', () => {
    expect(spansOf('chint-ddsu666.json')).toEqual([span(4, 8192, 6), span(4, 16384, 2)]);
    expect(spansOf('acrel-ddsy1352.json')).toEqual([span(3, 0, 2), span(3, 11, 3)]);
  });
});

describe('planReads', () => {
  const sdm = [span(4, 72), span(4, 0), span(4, 6), span(4, 12)];

  it('bridges gaps up to maxGap and no further', () => {
    expect(shape(planReads(sdm, { maxGap: 0, unsafe: [] }))).toEqual([
      [4, 0, 2],
      [4, 6, 2],
      [4, 12, 2],
      [4, 72, 2],
    ]);
    expect(shape(planReads(sdm, { maxGap: 3, unsafe: [] }))).toHaveLength(4);
    expect(shape(planReads(sdm, { maxGap: 4, unsafe: [] }))).toEqual([
      [4, 0, 14],
      [4, 72, 2],
    ]);
    expect(shape(planReads(sdm, { maxGap: 58, unsafe: [] }))).toEqual([[4, 0, 74]]);
  });

  it('never covers an unsafe register, even where the gap is small', () => {
    const unsafe: UnsafeRange[] = [{ function: 4, from: 9, to: 9 }];
    expect(shape(planReads(sdm, { maxGap: 10, unsafe }))).toEqual([
      [4, 0, 8],
      [4, 12, 2],
      [4, 72, 2],
    ]);
    // The same address under the other function is another register.
    const holding: UnsafeRange[] = [{ function: 3, from: 9, to: 9 }];
    expect(shape(planReads(sdm, { maxGap: 10, unsafe: holding }))).toEqual([
      [4, 0, 14],
      [4, 72, 2],
    ]);
  });

  it('keeps holding and input registers apart', () => {
    expect(shape(planReads([span(3, 0), span(4, 2)], { maxGap: 10, unsafe: [] }))).toEqual([
      [3, 0, 2],
      [4, 2, 2],
    ]);
  });

  it('stays within 125 registers a request', () => {
    const row = Array.from({ length: 70 }, (_, i) => span(4, 2 * i));
    const plan = planReads(row, { maxGap: 0, unsafe: [] });
    expect(shape(plan)).toEqual([
      [4, 0, 124],
      [4, 124, 16],
    ]);
  });

  it('reads overlapping spans once', () => {
    expect(
      shape(planReads([span(4, 0), span(4, 1, 1), span(4, 1)], { maxGap: 0, unsafe: [] })),
    ).toEqual([[4, 0, 3]]);
  });

  it('reads nothing for no spans', () => {
    expect(planReads([], { maxGap: 10, unsafe: [] })).toEqual([]);
  });
});

describe('planReads, for random register maps', () => {
  const fnArb = fc.constantFrom<3 | 4>(3, 4);
  const spanArb = fc.record({
    function: fnArb,
    register: fc.integer({ min: 0, max: 400 }),
    words: fc.constantFrom(1, 2),
  });
  const unsafeArb = fc
    .record({ function: fnArb, from: fc.integer({ min: 0, max: 400 }), len: fc.nat(5) })
    .map(({ function: fn, from, len }) => ({ function: fn, from, to: from + len }));
  const inputArb = fc
    .record({
      spans: fc.array(spanArb, { maxLength: 30 }),
      unsafe: fc.array(unsafeArb, { maxLength: 6 }),
      maxGap: fc.integer({ min: 0, max: 40 }),
    })
    // As the profile schema demands: no wanted register is itself unsafe.
    .map((input) => ({
      ...input,
      spans: input.spans.filter(
        (s) => !touchesUnsafe(input.unsafe, s.function, s.register, s.register + s.words - 1),
      ),
    }));

  it('reads every span once, inside one request of its function', () => {
    fc.assert(
      fc.property(inputArb, ({ spans, unsafe, maxGap }) => {
        const plan = planReads(spans, { maxGap, unsafe });
        const members = plan.flatMap((r) => r.members);
        expect(members).toHaveLength(spans.length);
        expect(new Set(members)).toEqual(new Set(spans));
        for (const read of plan) {
          for (const s of read.members) {
            expect(s.function).toBe(read.fn);
            expect(s.register).toBeGreaterThanOrEqual(read.start);
            expect(s.register + s.words).toBeLessThanOrEqual(read.start + read.count);
          }
        }
      }),
    );
  });

  it('never reads an unsafe register, bridges no gap wider than maxGap, stays within 125', () => {
    fc.assert(
      fc.property(inputArb, ({ spans, unsafe, maxGap }) => {
        for (const read of planReads(spans, { maxGap, unsafe })) {
          expect(read.count).toBeGreaterThan(0);
          expect(read.count).toBeLessThanOrEqual(MAX_READ_REGISTERS);
          const wanted = new Set(
            read.members.flatMap((s) => [s.register, s.register + s.words - 1]),
          );
          let gap = 0;
          for (let r = read.start; r < read.start + read.count; r++) {
            if (!wanted.has(r)) {
              expect(touchesUnsafe(unsafe, read.fn, r, r)).toBe(false);
              gap += 1;
              expect(gap).toBeLessThanOrEqual(maxGap);
            } else {
              gap = 0;
            }
          }
        }
      }),
    );
  });

  it('leaves no two neighbouring requests that the rules would let share one', () => {
    fc.assert(
      fc.property(inputArb, ({ spans, unsafe, maxGap }) => {
        const plan = planReads(spans, { maxGap, unsafe });
        for (let i = 1; i < plan.length; i++) {
          const a = plan[i - 1];
          const b = plan[i];
          if (!a || !b || a.fn !== b.fn) continue;
          const end = a.start + a.count;
          const mergeable =
            b.start - end <= maxGap &&
            !touchesUnsafe(unsafe, a.fn, end, b.start - 1) &&
            b.start + b.count - a.start <= MAX_READ_REGISTERS;
          expect(mergeable).toBe(false);
        }
      }),
    );
  });

  it('with maxGap 0 joins only touching or overlapping registers', () => {
    fc.assert(
      fc.property(inputArb, ({ spans, unsafe }) => {
        for (const read of planReads(spans, { maxGap: 0, unsafe })) {
          const covered = new Set(
            read.members.flatMap((s) => Array.from({ length: s.words }, (_, k) => s.register + k)),
          );
          expect(covered.size).toBe(read.count);
        }
      }),
    );
  });
});
