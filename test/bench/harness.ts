// Tiny benchmark harness: run a function many times, report percentiles, compare with a baseline
// measured in the same run (so the ratio means something on any machine).
import { performance } from 'node:perf_hooks';

export interface Figures {
  n: number;
  meanUs: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
}

export async function measure(
  fn: () => unknown,
  n: number,
  warmup = Math.min(200, n),
): Promise<Figures> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    samples[i] = (performance.now() - start) * 1000;
  }
  samples.sort();
  const at = (q: number) => samples[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  return { n, meanUs: mean, p50Us: at(0.5), p95Us: at(0.95), p99Us: at(0.99) };
}

export interface Row {
  name: string;
  figures: Figures;
  baseline?: { name: string; figures: Figures };
  /** What the figure should be (issue 16's targets), printed beside it. */
  target?: string;
  /** The figure when the target was set (issue 16's "now"), kept visible for comparison. */
  before?: string;
}

const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);

export function printTable(title: string, rows: Row[]): void {
  process.stdout.write(`\n${title}\n`);
  const header = [
    'case',
    'n',
    'p50',
    'p95',
    'p99',
    'baseline p50',
    'ratio p50',
    'overhead p50',
    'target',
    'before (issue 16)',
  ];
  const lines = rows.map((r) => {
    const b = r.baseline?.figures;
    return [
      r.name,
      String(r.figures.n),
      fmt(r.figures.p50Us),
      fmt(r.figures.p95Us),
      fmt(r.figures.p99Us),
      b ? `${fmt(b.p50Us)} (${r.baseline?.name ?? ''})` : '-',
      b ? `${(r.figures.p50Us / b.p50Us).toFixed(2)}x` : '-',
      b ? fmt(r.figures.p50Us - b.p50Us) : '-',
      r.target ?? '-',
      r.before ?? '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`${row(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const l of lines) process.stdout.write(`${row(l)}\n`);
}
