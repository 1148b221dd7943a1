// `griddesk contracts overdue [--as-of DATE] [--village ID] [--json]` and
// `griddesk contracts par --as-of DATE [--json]`: the overdue list and the portfolio figures of
// appliance contracts (docs/appliances.md), as the local operator, through the same commands the
// app uses. Read-only, so they also answer beside a running app. Exit 0 on an answer, 1 when the
// core refused, 2 on usage errors.
import { parseArgs } from 'node:util';
import type { Envelope, OutputOf, Settings } from '../contract';
import type { Core } from '../core/app';
import { formatMoney } from '../domain/money';

export class ContractsUsageError extends Error {}

const USAGE =
  'usage: griddesk contracts overdue [--as-of YYYY-MM-DD] [--village ID] [--json]\n' +
  '       griddesk contracts par --as-of YYYY-MM-DD [--json]';

function percent(bp: number | null): string {
  return bp === null ? 'n/a' : `${(bp / 100).toFixed(2)}%`;
}

type Overdue = OutputOf<'contracts.overdue'>;

/** The command answers a page at a time; the command line prints the whole list. */
async function wholeOverdueList(
  core: Core,
  input: { asOf?: string; villageId?: string },
): Promise<Envelope<Overdue>> {
  const pageSize = 1000;
  let all: Overdue | undefined;
  for (let page = 1; ; page += 1) {
    const answer = (await core.dispatch(
      'contracts.overdue',
      { ...input, page, pageSize },
      { door: 'cli' },
    )) as Envelope<Overdue>;
    if (!answer.ok) return answer;
    all = all ? { ...all, rows: [...all.rows, ...answer.value.rows] } : answer.value;
    if (answer.value.rows.length < pageSize) return { ok: true, value: all };
  }
}

export async function contractsCommand(
  openCore: () => Core,
  args: string[],
  out: (text: string) => void,
): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'overdue' && action !== 'par') throw new ContractsUsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      'as-of': { type: 'string' },
      village: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const asOf = values['as-of'];
  if (action === 'par' && !asOf) throw new ContractsUsageError(USAGE);
  if (action === 'par' && values.village) throw new ContractsUsageError(USAGE);
  const core = openCore();
  try {
    const call = { door: 'cli' as const };
    const result =
      action === 'overdue'
        ? await wholeOverdueList(core, {
            ...(asOf ? { asOf } : {}),
            ...(values.village ? { villageId: values.village } : {}),
          })
        : ((await core.dispatch('contracts.portfolio', { asOf }, call)) as Envelope<
            OutputOf<'contracts.portfolio'>
          >);
    if (values.json) {
      out(JSON.stringify(result, null, 2));
      return result.ok ? 0 : 1;
    }
    if (!result.ok) {
      out(`refused: ${result.error.message}`);
      return 1;
    }
    const settings = (await core.dispatch('settings.get', {}, call)) as Envelope<Settings>;
    const currency = settings.ok ? settings.value.currency : { code: '', decimals: 0 };
    const money = (minor: number) => formatMoney(minor, currency);
    if (action === 'overdue') {
      const list = result.value as OutputOf<'contracts.overdue'>;
      out(
        `Overdue on ${list.asOf}: ${list.rows.length} contract(s), arrears ${money(list.totalArrearsMinor)}`,
      );
      for (const r of list.rows) {
        out(
          [
            r.number,
            `${r.customer.accountNumber} ${r.customer.name}`,
            r.village,
            r.phone ?? 'no phone',
            r.item,
            `${r.daysLate} days late`,
            `arrears ${money(r.arrearsMinor)}`,
            `outstanding ${money(r.outstandingMinor)}`,
          ].join('  '),
        );
      }
      return 0;
    }
    const p = result.value as OutputOf<'contracts.portfolio'>;
    out(
      `Portfolio on ${p.asOf}: ${p.activeContracts} active contract(s), outstanding ${money(p.outstandingMinor)}`,
    );
    for (const f of p.par) {
      out(`PAR ${f.days}: ${money(f.atRiskMinor)} (${percent(f.shareBp)})`);
    }
    out(
      `Collection ${p.collection.from} to ${p.collection.to}: ${money(p.collection.collectedMinor)} ` +
        `of ${money(p.collection.dueMinor)} due (${percent(p.collection.shareBp)})`,
    );
    out(
      `Paid off: ${p.paidOff}; written off: ${p.writtenOff.count} (${money(p.writtenOff.amountMinor)}); ` +
        `repossessed: ${p.repossessed}`,
    );
    return 0;
  } finally {
    core.close();
  }
}
