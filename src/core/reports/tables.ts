// The monthly report as tables (docs/reports.md "Exports"): one table per sheet of the XLSX and
// per CSV file. Values stay exact until the writer: money in minor units, energy in Wh, ratios as
// fractions; each column says its kind, and the writers turn kinds into numbers and formats.
import type { MonthlyReport } from '../../contract';

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
  ];
  return tables;
}
