// Small pieces shared by the billing screens: money in the office currency, months, dates of
// invoices, printing the core's PDFs and a fact under its label. The core computes everything;
// these only format and lay out.
import { Badge, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../contract';
import { formatMoney } from '../../../domain/money-text';
import type { ApiError } from '../../api/client';
import { useMe, useSession } from '../../api/session';
import { formatDay, formatInstantDay } from '../../lib/format';
import { openPdfForPrint } from '../counter/receipts';
import { todayIn } from '../day-end/DayEndPage';

export function useMoney() {
  const { i18n } = useTranslation();
  const { settings } = useMe();
  return (minor: number) =>
    formatMoney(minor, settings.currency.decimals, settings.currency.code, i18n.language);
}

/** The month before today's, in the office's time zone, as YYYY-MM. */
export function lastMonthIn(timeZone: string): string {
  const [year = 1970, month = 1] = todayIn(timeZone).split('-').map(Number);
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** "2026-10" as "October 2026" in the user's language. */
export function formatPeriod(period: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  try {
    return new Intl.DateTimeFormat(locale, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  } catch {
    return period;
  }
}

/** A calendar day (yyyy-mm-dd) or an instant, as a date in the office's time zone. */
export function useDateText() {
  const { i18n } = useTranslation();
  const { settings } = useMe();
  return (value: string | null | undefined) => {
    if (!value) return '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? formatDay(value, i18n.language)
      : formatInstantDay(value, settings.office.timeZone, i18n.language);
  };
}

/** The day before a calendar day (yyyy-mm-dd); anything else as it is. */
function dayBefore(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) - 1));
  return date.toISOString().slice(0, 10);
}

/** A billing period's days: the core's end is exclusive (the next period's start), people read
 * the last day, so 2026-10-01..2026-11-01 shows as "Oct 1, 2026 – Oct 31, 2026". */
export function usePeriodDays() {
  const dateText = useDateText();
  return (start: string, end: string) => `${dateText(start)} – ${dateText(dayBefore(end))}`;
}

type PdfCommand =
  | 'invoices.pdf'
  | 'accounts.statementPdf'
  | 'billing.reportPdf'
  | 'contracts.pdf'
  | 'contracts.portfolioPdf'
  | 'contracts.callListPdf';

/** Asks the core for a PDF and opens it for printing (as the counter does with receipts). */
export function usePdfPrint<N extends PdfCommand>(name: N) {
  const { t } = useTranslation();
  const { call } = useSession();
  return useMutation<void, ApiError, InputOf<N>>({
    mutationFn: async (input) => {
      const pdf = (await call(name, input)) as { fileName: string; pdfBase64: string };
      await openPdfForPrint(pdf);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('billing.printFailed'), message: error.message }),
  });
}

export function RunStatusBadge(props: { status: 'draft' | 'final' }) {
  const { t } = useTranslation();
  return (
    <Badge color={props.status === 'final' ? 'teal' : 'yellow'} variant="light">
      {t(`billing.status.${props.status}`)}
    </Badge>
  );
}

/** A small label over a value. */
export function Fact(props: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="lg" fw={600} data-testid={props.testId}>
        {props.value}
      </Text>
    </div>
  );
}
