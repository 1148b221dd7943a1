// What a prepaid meter sale shows at the counter: kWh bought, price per kWh, access-charge debt
// paid, credit used or kept, and for an STS meter that the vendor's token is still to come. The
// numbers are the core's (preview and record); this file only words and lays them out.
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OutputOf, PaymentAllocation } from '../../../contract';
import { formatKwh } from '../../../domain/energy';
import { formatPricePerKwh } from '../../../domain/money-text';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { formatPeriod } from '../billing/billing-parts';
import { Fact } from '../tokens/Fact';

type Money = (minor: number) => string;
type VendorToken = NonNullable<OutputOf<'payments.record'>['vendorToken']>;

export const kwhText = (wh: number) => `${formatKwh(wh)} kWh`;

/** The label of one part of a payment; a negative credit part is credit spent. */
export function allocationLabel(t: TFunction, a: Pick<PaymentAllocation, 'kind' | 'amountMinor'>) {
  if (a.kind === 'invoice') return t('billing.counter.invoice');
  if (a.kind === 'account_credit') return t('billing.counter.accountCredit');
  if (a.kind === 'credit') {
    return a.amountMinor < 0
      ? t('counter.allocation.creditUsed')
      : t('counter.allocation.creditKept');
  }
  return t(`counter.allocation.${a.kind}`);
}

/** "Access-charge debt: ₦3.00 · Energy (2 kWh): ₦100.00 · Credit kept: ₦0.50"; "10 days: ₦10.00". */
export function allocationsText(t: TFunction, allocations: PaymentAllocation[], money: Money) {
  return allocations
    .map((a) => {
      const label =
        a.kind === 'days' && a.days !== null
          ? t('counter.daysN', { count: a.days })
          : allocationLabel(t, a);
      const detail = a.kind === 'energy' && a.wh !== null ? ` (${kwhText(a.wh)})` : '';
      return `${label}${detail}: ${money(Math.abs(a.amountMinor))}`;
    })
    .join(' · ');
}

const sumOf = (allocations: PaymentAllocation[], keep: (a: PaymentAllocation) => boolean) =>
  allocations.filter(keep).reduce((sum, a) => sum + a.amountMinor, 0);

export function debtPaid(allocations: PaymentAllocation[]) {
  return sumOf(allocations, (a) => a.kind === 'access_debt');
}
export function creditKept(allocations: PaymentAllocation[]) {
  return sumOf(allocations, (a) => a.kind === 'credit' && a.amountMinor > 0);
}
export function creditUsed(allocations: PaymentAllocation[]) {
  return -sumOf(allocations, (a) => a.kind === 'credit' && a.amountMinor < 0);
}
/** Days bought by a payment, from its allocations. */
export function daysOf(allocations: readonly { days: number | null }[]): number {
  return allocations.reduce((sum, a) => sum + (a.days ?? 0), 0);
}
export function whOf(allocations: PaymentAllocation[]) {
  return allocations.reduce((sum, a) => sum + (a.wh ?? 0), 0);
}

/** The facts of an energy sale before it is taken (inside the preview card). */
export function MeterPreviewFacts(props: { data: OutputOf<'payments.preview'>; money: Money }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const p = props.data;
  const paid = debtPaid(p.allocations);
  const kept = creditKept(p.allocations);
  const used = Math.max(p.creditUsedMinor, creditUsed(p.allocations));
  return (
    <Group gap="xl" align="flex-start">
      <Fact label={t('counter.kwhBought')} value={kwhText(p.wh)} />
      <Fact
        label={t('counter.pricePerKwh')}
        value={
          p.unitPriceMilliMinorPerKwh === null
            ? '—'
            : formatPricePerKwh(
                p.unitPriceMilliMinorPerKwh,
                settings.currency.decimals,
                settings.currency.code,
              )
        }
      />
      {(p.accessDebtMinor > 0 || paid > 0) && (
        <div>
          <Fact label={t('counter.debtPaid')} value={props.money(paid)} />
          {p.accessDebtMinor > paid && (
            <Text size="xs" c="dimmed">
              {t('counter.debtOwed', { amount: props.money(p.accessDebtMinor) })}
            </Text>
          )}
        </div>
      )}
      {used > 0 && <Fact label={t('counter.creditUsed')} value={props.money(used)} />}
      <Fact label={t('counter.creditKept')} value={props.money(kept)} />
      {p.tokenScheme === 'sts' && p.wh > 0 && (
        <Fact label={t('counter.token')} value={t('counter.vendorTokenLater')} />
      )}
    </Group>
  );
}

/** The token part of the result card for an energy sale. */
export function MeterResultToken(props: { vendorToken: VendorToken | null; wh: number }) {
  const { t } = useTranslation();
  const vt = props.vendorToken;
  if (!vt) {
    return (
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          {t('counter.token')}
        </Text>
        <Text>{props.wh > 0 ? t('counter.noTokenMeter') : t('counter.noToken')}</Text>
      </Stack>
    );
  }
  if (vt.status === 'recorded' && vt.grouped) {
    return (
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          {t('counter.vendorToken')}
        </Text>
        <Text
          ff="monospace"
          fz={40}
          fw={700}
          lh={1.15}
          data-testid="vendor-token"
          style={{ letterSpacing: '0.04em' }}
        >
          {vt.grouped}
        </Text>
      </Stack>
    );
  }
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('counter.vendorTokenPending')}
      data-testid="vendor-token-status"
    >
      <Stack gap="xs">
        <Text size="sm">
          {t('counter.vendorTokenPendingHelp', { kwh: kwhText(vt.wh), meter: vt.meterSerial })}
        </Text>
        <Group>
          <Button component={Link} to="/vendor-tokens" variant="light" color="yellow" size="xs">
            {t('counter.openVendorTokens')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** The facts of an energy sale once taken. */
export function MeterResultFacts(props: {
  /** Energy bought, from the sale's plan. */
  wh: number;
  allocations: PaymentAllocation[];
  money: Money;
}) {
  const { t } = useTranslation();
  const paid = debtPaid(props.allocations);
  const used = creditUsed(props.allocations);
  const kept = creditKept(props.allocations);
  return (
    <>
      <Fact label={t('counter.kwhBought')} value={kwhText(props.wh)} />
      {paid > 0 && <Fact label={t('counter.debtPaid')} value={props.money(paid)} />}
      {used > 0 && <Fact label={t('counter.creditUsed')} value={props.money(used)} />}
      {kept > 0 && <Fact label={t('counter.creditKept')} value={props.money(kept)} />}
    </>
  );
}

/**
 * A postpaid meter: the invoices a payment settles (the core pays the oldest first) and what is
 * kept as credit on the account. Invoice numbers come from the customer's invoice list.
 */
export function InvoiceSettlement(props: {
  customerId: string;
  allocations: PaymentAllocation[];
  money: Money;
  /** Before the sale: show what is open on each invoice now. */
  preview: boolean;
}) {
  const { t, i18n } = useTranslation();
  const list = useCommandQuery('invoices.list', { customerId: props.customerId });
  const byId = new Map((list.data?.invoices ?? []).map((invoice) => [invoice.id, invoice]));
  const settled = props.allocations.filter((a) => a.kind === 'invoice');
  const credit = sumOf(props.allocations, (a) => a.kind === 'account_credit');
  return (
    <Stack gap="xs" data-testid={props.preview ? 'preview-invoices' : 'result-invoices'}>
      {props.preview && list.data && list.data.balanceMinor > 0 && (
        <Fact label={t('billing.counter.owed')} value={props.money(list.data.balanceMinor)} />
      )}
      {settled.length === 0 ? (
        <Text size="sm">{t('billing.counter.noOpenInvoice')}</Text>
      ) : (
        <Table verticalSpacing={4} aria-label={t('billing.counter.settles')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.counter.settles')}</Table.Th>
              <Table.Th>{t('billing.col.period')}</Table.Th>
              {props.preview && <Table.Th ta="right">{t('billing.counter.openNow')}</Table.Th>}
              <Table.Th ta="right">{t('billing.counter.paidNow')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {settled.map((a, index) => {
              const invoice = a.refId ? byId.get(a.refId) : undefined;
              return (
                <Table.Tr key={a.refId ?? index} data-testid="settled-invoice">
                  <Table.Td ff="monospace" fw={600}>
                    {invoice?.number ?? '…'}
                  </Table.Td>
                  <Table.Td>{invoice ? formatPeriod(invoice.period, i18n.language) : ''}</Table.Td>
                  {props.preview && (
                    <Table.Td ta="right">
                      {invoice?.openMinor !== null && invoice?.openMinor !== undefined
                        ? props.money(invoice.openMinor)
                        : ''}
                    </Table.Td>
                  )}
                  <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {props.money(a.amountMinor)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {credit > 0 && (
        <Text size="sm" data-testid="account-credit">
          {t('billing.counter.keptAsCredit', { amount: props.money(credit) })}
        </Text>
      )}
    </Stack>
  );
}
