// `griddesk billing run --mini-grid CODE --period YYYY-MM [--finalise] [--json]`: draft (and, with
// --finalise, finalise) a mini-grid's billing run from the command line, as the local operator,
// through the same commands the app uses. Prints the run summary and its problems; exit 0 when
// the run was drafted (and finalised when asked), 1 when the core refused, 2 on usage errors.
import { parseArgs } from 'node:util';
import type { BillingRun, Envelope } from '../contract';
import type { Core } from '../core/app';

export class BillingUsageError extends Error {}

const USAGE = 'usage: griddesk billing run --mini-grid CODE --period YYYY-MM [--finalise] [--json]';

function summary(run: BillingRun): string[] {
  const lines = [
    `${run.miniGrid} ${run.period}: ${run.status}, ${run.invoices} invoice(s), ${run.estimated} estimated, charges ${run.totalChargesMinor} (minor units)`,
  ];
  for (const p of run.problems) lines.push(`  problem: ${p.kind} ${p.serial}: ${p.message}`);
  return lines;
}

export async function billingCommand(
  openCore: () => Core,
  args: string[],
  out: (text: string) => void,
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'run') throw new BillingUsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      'mini-grid': { type: 'string' },
      period: { type: 'string' },
      finalise: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const code = values['mini-grid'];
  const period = values.period;
  if (!code || !period) throw new BillingUsageError(USAGE);
  const core = openCore();
  try {
    const call = { door: 'cli' as const };
    const tree = (await core.dispatch('sites.tree', {}, call)) as Envelope<{
      clusters: { miniGrids: { id: string; code: string }[] }[];
    }>;
    if (!tree.ok) {
      out(JSON.stringify(tree, null, 2));
      return 1;
    }
    const grid = tree.value.clusters
      .flatMap((c) => c.miniGrids)
      .find((g) => g.code.toUpperCase() === code.toUpperCase());
    if (!grid) throw new BillingUsageError(`There is no mini-grid with code ${code}`);
    const drafted = (await core.dispatch(
      'billing.run',
      { miniGridIds: [grid.id], period },
      call,
    )) as Envelope<{
      runs: BillingRun[];
    }>;
    let result: Envelope<BillingRun> = drafted.ok
      ? { ok: true, value: drafted.value.runs[0] as BillingRun }
      : drafted;
    if (result.ok && values.finalise) {
      result = (await core.dispatch(
        'billing.finalise',
        { runId: result.value.id },
        call,
      )) as Envelope<BillingRun>;
    }
    if (values.json) out(JSON.stringify(result, null, 2));
    else if (result.ok) out(summary(result.value).join('\n'));
    else {
      out(`refused: ${result.error.message}`);
      const problems =
        (result.error.details as { problems?: BillingRun['problems'] } | undefined)?.problems ?? [];
      for (const p of problems) out(`  problem: ${p.kind} ${p.serial}: ${p.message}`);
    }
    return result.ok ? 0 : 1;
  } finally {
    core.close();
  }
}
