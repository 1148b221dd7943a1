// A target's value in its own unit (docs/reports.md, Targets): money, customers, kWh or a
// percentage of collection, in the reader's language.
import type { TFunction } from 'i18next';
import type { TargetMetric } from '../../../domain/vocabulary';

export function targetValueText(
  t: TFunction,
  money: (minor: number) => string,
  locale: string,
  metric: TargetMetric,
  value: number,
): string {
  switch (metric) {
    case 'revenue':
      return money(value);
    case 'new_customers':
      return t('targets.customersN', { count: value });
    case 'energy_sold':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value / 1000)} kWh`;
    case 'collection_rate':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
        value / 10_000,
      );
  }
}
