// The monthly report as tables (docs/reports.md "Exports"): one table per sheet of the XLSX and
// per CSV file. Values stay exact until the writer: money in minor units, energy in Wh, ratios as
// fractions; each column says its kind, and the writers turn kinds into numbers and formats.
import type { MonthlyReport } from '../../contract';
import { ratio as share } from '../../domain/reports/monthly';

/** `number`: already in the unit people read (a target's value in major units, kWh...). */
export type ColumnKind = 'text' | 'count' | 'money' | 'energy' | 'ratio' | 'number';
export interface Column {
  header: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export interface Table {
  /** Sheet name (at most 31 characters) and the CSV file's suffix. */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const text = (header: string): Column => ({ header, kind: 'text' });
const count = (header: string): Column => ({ header, kind: 'count' });
const money = (header: string): Column => ({ header, kind: 'money' });
const energy = (header: string): Column => ({ header, kind: 'energy' });
const ratio = (header: string): Column => ({ header, kind: 'ratio' });

const TYPE_LABEL: Record<MonthlyReport['revenue']['byType'][number]['type'], string> = {
  energy: 'Energy',
  access_charges: 'Access charges',
  instalments: 'Instalments',
  invoices: 'Invoices',
  credit: 'Credit on account',
};
const METHOD_LABEL: Record<MonthlyReport['revenue']['byMethod'][number]['method'], string> = {
  cash: 'Cash',
  mobile_money: 'Mobile money',
  bank: 'Bank',
  other: 'Other',
};
const METRIC_LABEL: Record<MonthlyReport['targets'][number]['metric'], string> = {
  revenue: 'Revenue',
  new_customers: 'New customers',
  energy_sold: 'Energy sold',
  collection_rate: 'Collection rate',
};

/** A target's unit, value and actual as people read them: major units, kWh, a count, a rate. */
function targetCells(t: MonthlyReport['targets'][number], r: MonthlyReport): [string, Cell, Cell] {
  const as = (scale: number) => (v: number | null) => (v === null ? null : v / scale);
  switch (t.metric) {
    case 'revenue': {
      const major = as(10 ** r.currency.decimals);
      return [r.currency.code, major(t.value), major(t.actual)];
    }
    case 'energy_sold':
      return ['kWh', as(1000)(t.value), as(1000)(t.actual)];
    case 'new_customers':
      return ['customers', t.value, t.actual];
    case 'collection_rate':
      return ['share collected', as(10_000)(t.value), as(10_000)(t.actual)];
  }
}

const DEBT_LABEL: Record<MonthlyReport['debt']['buckets'][number]['bucket'], string> = {
  not_due: 'Not yet due',
  d1_30: '1-30 days past due',
  d31_60: '31-60 days past due',
  d61_90: '61-90 days past due',
  d90_plus: 'Over 90 days past due',
};
const PAST_DUE_LABEL: Record<MonthlyReport['portfolio']['buckets'][number]['bucket'], string> = {
  current: 'Current',
  d1_7: '1-7 days late',
  d8_30: '8-30 days late',
  d31_60: '31-60 days late',
  d61_90: '61-90 days late',
  d90_plus: 'Over 90 days late',
};

/** The sections after the core figures: debt, day-ends, consumers, generation, portfolio. */
function sectionTables(r: MonthlyReport): Table[] {
  const consumers = (list: MonthlyReport['consumption']['top']) =>
    list.map((c) => [c.accountNumber, c.name, c.villageName, c.wh] as Cell[]);
  return [
    {
      name: 'Debt aging',
      columns: [text('Days past due'), money('Open amount'), ratio('Share')],
      rows: [
        ...r.debt.buckets.map((b) => [
          DEBT_LABEL[b.bucket],
          b.amountMinor,
          share(b.amountMinor, r.debt.totalMinor),
        ]),
        ['Total receivables', r.debt.totalMinor, r.debt.totalMinor === 0 ? null : 1],
      ],
    },
    {
      name: 'Debt by place',
      columns: [text('Mini-grid'), text('Village'), money('Open amount')],
      rows: r.debt.byVillage.map((v) => [v.miniGridCode, v.name, v.amountMinor]),
    },
    {
      name: 'Disconnections',
      columns: [text('Figure'), count('Customers')],
      rows: [
        ['Customers owing', r.debt.customersOwing],
        ['On the disconnection list', r.debt.disconnectionListSize],
      ],
    },
    {
      name: 'Day-ends',
      columns: [
        text('Cashier'),
        count('Receipts'),
        money('Taken (net)'),
        count('Days closed'),
        money('Closed (net)'),
        count('Days counted'),
        money('Cash difference'),
      ],
      rows: [
        ...r.dayEnds.rows.map((x) => [
          x.cashierName,
          x.receipts,
          x.netMinor,
          x.daysClosed,
          x.closedNetMinor,
          x.daysCounted,
          x.cashDifferenceMinor,
        ]),
        [
          'Total',
          r.dayEnds.totals.receipts,
          r.dayEnds.totals.netMinor,
          r.dayEnds.totals.daysClosed,
          r.dayEnds.totals.closedNetMinor,
          r.dayEnds.rows.reduce((n, x) => n + x.daysCounted, 0),
          r.dayEnds.totals.cashDifferenceMinor,
        ],
      ],
    },
    {
      name: 'Consumption',
      columns: [text('Figure'), count('Count'), energy('kWh')],
      rows: [
        ['Connections', r.consumption.connections, null],
        ['Energy to connections', null, r.consumption.totalWh],
        ['Energy per connection', null, r.consumption.whPerConnection],
      ],
    },
    {
      name: 'Top consumers',
      columns: [text('Account'), text('Customer'), text('Village'), energy('kWh')],
      rows: consumers(r.consumption.top),
    },
    {
      name: 'Bottom consumers',
      columns: [text('Account'), text('Customer'), text('Village'), energy('kWh')],
      rows: consumers(r.consumption.bottom),
    },
    {
      name: 'Generation and losses',
      columns: [
        text('Mini-grid'),
        energy('Generated'),
        energy('Sold'),
        energy('Losses'),
        ratio('Loss share'),
        energy('Allowed losses'),
        energy('Above allowance'),
      ],
      rows: [
        ...r.generation.rows.map((g) => [
          g.code,
          g.generatedWh,
          g.soldWh,
          g.lossWh,
          g.lossShare,
          g.allowedWh,
          g.excessWh,
        ]),
        ...(r.generation.rows.length > 1
          ? [
              [
                'Total',
                r.generation.totals.generatedWh,
                r.generation.totals.soldWh,
                r.generation.totals.lossWh,
                r.generation.totals.lossShare,
                null,
                null,
              ] as Cell[],
            ]
          : []),
      ],
    },
    {
      name: 'Portfolio at risk',
      columns: [text('Days late'), count('Contracts'), money('Outstanding'), ratio('Share')],
      rows: [
        ...r.portfolio.buckets.map((b) => [
          PAST_DUE_LABEL[b.bucket],
          b.contracts,
          b.amountMinor,
          share(b.amountMinor, r.portfolio.grossReceivablesMinor),
        ]),
        [
          'Gross receivables',
          r.portfolio.contracts,
          r.portfolio.grossReceivablesMinor,
          r.portfolio.grossReceivablesMinor === 0 ? null : 1,
        ],
        ...r.portfolio.par.map((p) => [`PAR ${p.days}`, null, p.atRiskMinor, p.share] as Cell[]),
      ],
    },
    {
      name: 'Collection rate',
      columns: [money('Due (no deposits)'), money('Collected (no deposits)'), ratio('Rate')],
      rows: [
        [
          r.portfolio.collection.dueMinor,
          r.portfolio.collection.collectedMinor,
          r.portfolio.collection.rate,
        ],
      ],
    },
    {
      name: 'Repayment by cohort',
      columns: [
        text('Sales month'),
        count('Contracts'),
        money('Financed'),
        count('Month'),
        money('Expected'),
        money('Repaid'),
        ratio('Repaid / expected'),
      ],
      rows: r.portfolio.cohorts.flatMap((c) =>
        c.points.length === 0
          ? [[c.cohort, c.contracts, c.financedMinor, null, null, null, null] as Cell[]]
          : c.points.map(
              (p) =>
                [
                  c.cohort,
                  c.contracts,
                  c.financedMinor,
                  p.month,
                  p.expectedMinor,
                  p.repaidMinor,
                  p.rate,
                ] as Cell[],
            ),
      ),
    },
  ];
}

export function reportTables(r: MonthlyReport): Table[] {
  const tables: Table[] = [
    {
      name: 'Summary',
      columns: [
        text('Figure'),
        text('Value'),
        money('Amount'),
        energy('kWh'),
        count('Count'),
        ratio('Ratio'),
      ],
      rows: [
        ['Period', r.period, null, null, null, null],
        ['Scope', r.scope.name, null, null, null, null],
        ['Generated at', r.generatedAt, null, null, null, null],
        ['Currency', r.currency.code, null, null, null, null],
        [
          'Data as of audit entry',
          r.dataAsOf.at ? `${r.dataAsOf.auditSeq} (${r.dataAsOf.at})` : 'none',
          null,
          null,
          null,
          null,
        ],
        ...(r.message ? [['Note', r.message, null, null, null, null] as Cell[]] : []),
        ['Revenue', null, r.revenue.totalMinor, null, null, null],
        [
          'Energy sold prepaid',
          null,
          r.energy.prepaidRevenueMinor,
          r.energy.prepaidSoldWh,
          null,
          null,
        ],
        [
          'Energy billed postpaid',
          null,
          r.energy.postpaidBilledMinor,
          r.energy.postpaidBilledWh,
          null,
          null,
        ],
        ['Energy per active customer', null, null, r.perCustomer.whPerActiveCustomer, null, null],
        ['Revenue per active customer (ARPU)', null, r.perCustomer.arpuMinor, null, null, null],
        ['Collected on invoices', null, r.collections.collectedMinor, null, null, null],
        ['Collection efficiency', null, null, null, null, r.collections.efficiency],
        ['Tokens issued', null, null, null, r.tokens.total, null],
        ['STS tokens pending at month end', null, null, null, r.tokens.stsPendingAtEnd, null],
      ],
    },
    {
      name: 'Revenue',
      columns: [
        text('Cluster'),
        text('Mini-grid'),
        text('Village'),
        text('Payment type'),
        text('Method'),
        money('Amount'),
      ],
      rows: r.revenue.rows.map((x) => [
        x.clusterName,
        x.miniGridCode,
        x.villageName,
        TYPE_LABEL[x.type],
        METHOD_LABEL[x.method],
        x.amountMinor,
      ]),
    },
    {
      name: 'Revenue by type',
      columns: [text('Payment type'), money('Amount')],
      rows: r.revenue.byType.map((x) => [TYPE_LABEL[x.type], x.amountMinor]),
    },
    {
      name: 'Revenue by method',
      columns: [text('Method'), money('Amount')],
      rows: r.revenue.byMethod.map((x) => [METHOD_LABEL[x.method], x.amountMinor]),
    },
    {
      name: 'Revenue by place',
      columns: [text('Mini-grid'), text('Village'), money('Amount')],
      rows: r.revenue.byVillage.map((x) => [x.miniGridCode, x.name, x.amountMinor]),
    },
    {
      name: 'Energy',
      columns: [text('Mini-grid'), energy('Sold prepaid'), energy('Billed postpaid')],
      rows: r.energy.byMiniGrid.map((x) => [x.code, x.prepaidWh, x.postpaidWh]),
    },
    {
      name: 'Customers',
      columns: [text('Customers'), count('Count'), ratio('Rate')],
      rows: [
        ['At the start of the month', r.customers.atStart, null],
        ['New', r.customers.new, null],
        ['At the end of the month', r.customers.atEnd, null],
        ['Active', r.customers.active, null],
        ['Inactive', r.customers.inactive, null],
        ['Active the month before', r.customers.activeBefore, null],
        ['Churned', r.customers.churned, r.customers.churnRate],
      ],
    },
    {
      name: 'Tokens',
      columns: [text('Kind'), count('Issued')],
      rows: r.tokens.byKind.map((x) => [x.kind, x.count]),
    },
    {
      name: 'Collections',
      columns: [money('Billed'), money('Collected'), ratio('Efficiency')],
      rows: [[r.collections.billedMinor, r.collections.collectedMinor, r.collections.efficiency]],
    },
    {
      name: 'Targets',
      columns: [
        text('Place'),
        text('Metric'),
        text('From'),
        text('By'),
        text('Counted to'),
        text('Unit'),
        { header: 'Target', kind: 'number' },
        { header: 'Actual', kind: 'number' },
        ratio('Progress'),
      ],
      rows: r.targets.map((t) => [
        t.scopeName,
        METRIC_LABEL[t.metric],
        t.fromDate,
        t.byDate,
        t.countedTo,
        ...targetCells(t, r),
        t.progress,
      ]),
    },
    ...sectionTables(r),
  ];
  return tables;
}
