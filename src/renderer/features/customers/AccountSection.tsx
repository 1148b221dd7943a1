// A customer's account on their page: the balance of each ledger (the postpaid invoices, the
// access-charge debt of each prepaid meter), then every payment, newest first, each opening on
// where its money went. Every figure is the core's; this file only lays them out.
import {
  ActionIcon,
  Badge,
  Card,
  Group,
  Pagination,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf, Payment } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { useDateText, useMoney } from '../billing/billing-parts';
import { receiptsAvailable } from '../counter/receipts';
import { mayUse } from '../shell/areas';
import { useReprint } from '../sts/use-reprint';
import { PaymentDetails, type InvoiceNumbers } from './PaymentDetails';

type Device = OutputOf<'customers.get'>['devices'][number];

const PAGE_SIZE = 10;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

export function AccountSection(props: { customerId: string; devices: Device[] }) {
  const { t } = useTranslation();
  const invoices = useCommandQuery('invoices.list', { customerId: props.customerId });
  const numbers: InvoiceNumbers = new Map(
    (invoices.data?.invoices ?? []).map((inv) => [inv.id, inv.number]),
  );
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="account">
      <Title order={2} size="h4" id="account" mb="sm">
        {t('account.title')}
      </Title>
      <Stack gap="lg">
        <Balances customerId={props.customerId} devices={props.devices} invoices={invoices} />
        <Payments customerId={props.customerId} invoices={numbers} />
      </Stack>
    </Card>
  );
}

function Balance(props: { label: string; value: string; note?: ReactNode; owed: boolean }) {
  return (
    <Paper withBorder radius="sm" p="sm">
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="lg" fw={700} c={props.owed ? 'red' : undefined} style={NOWRAP}>
        {props.value}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed">
          {props.note}
        </Text>
      )}
    </Paper>
  );
}

function Balances(props: {
  customerId: string;
  devices: Device[];
  invoices: UseQueryResult<OutputOf<'invoices.list'>, ApiError>;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const postpaid = props.devices.some((d) => d.billingMode === 'postpaid');
  const meters = props.devices.filter((d) => d.kind === 'meter' && d.billingMode === 'prepaid');
  const list = props.invoices.data;
  const showPostpaid = postpaid || (list?.invoices.length ?? 0) > 0;
  // The credit left over by earlier purchases, which the next purchase spends.
  const credit = useCommandQuery('payments.list', {
    customerId: props.customerId,
    page: 1,
    pageSize: 1,
  }).data?.creditBalanceMinor;

  return (
    <Stack gap={4} component="section" aria-labelledby="account-balances">
      <Title order={3} size="h5" id="account-balances">
        {t('account.balances')}
      </Title>
      <ErrorAlert error={props.invoices.error} />
      {!showPostpaid && meters.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('account.noBalances')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          {showPostpaid && list && (
            <Balance
              label={
                list.balanceMinor < 0 ? t('account.postpaidCredit') : t('account.postpaidOwed')
              }
              value={money(Math.abs(list.balanceMinor))}
              owed={list.balanceMinor > 0}
              note={t('account.openInvoices', {
                count: list.invoices.filter((inv) => (inv.openMinor ?? 0) > 0).length,
              })}
            />
          )}
          {credit !== undefined && credit !== null && credit !== 0 && (
            <Balance
              label={credit > 0 ? t('account.purchaseCredit') : t('account.purchaseOwed')}
              value={money(Math.abs(credit))}
              owed={credit < 0}
              note={t('account.purchaseCreditNote')}
            />
          )}
          {meters.map((meter) => (
            <MeterDebt key={meter.id} deviceId={meter.id} serial={meter.serial} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function MeterDebt(props: { deviceId: string; serial: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const debt = useCommandQuery('accessCharges.debt', { deviceId: props.deviceId });
  const label = t('account.accessDebt', { meter: props.serial });
  if (debt.error) return <ErrorAlert error={debt.error} />;
  if (!debt.data) return <Balance label={label} value="…" owed={false} />;
  const d = debt.data;
  return (
    <Balance
      label={label}
      value={money(d.owedMinor)}
      owed={d.owedMinor > 0}
      note={
        d.accruedThrough
          ? t('account.accruedThrough', { date: dateText(d.accruedThrough) })
          : t('account.notAccrued')
      }
    />
  );
}

function Payments(props: { customerId: string; invoices: InvoiceNumbers }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const money = useMoney();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const reprint = useReprint();
  const canPrint = receiptsAvailable() && mayUse('receipts.pdf', user.role);
  const list = useCommandQuery('payments.list', {
    customerId: props.customerId,
    page,
    pageSize: PAGE_SIZE,
  });
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap={4} component="section" aria-labelledby="account-payments">
      <Group justify="space-between" align="baseline">
        <Title order={3} size="h5" id="account-payments">
          {t('account.payments')}
        </Title>
        {list.data && total > 0 && (
          <Text size="sm" c="dimmed">
            {t('account.paymentsSummary', {
              count: total,
              amount: money(list.data.totalAmountMinor),
            })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && !list.error && <LoadingBlock />}
      {list.data && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('account.noPayments')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" verticalSpacing={4} aria-label={t('account.payments')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>{t('account.col.receipt')}</Table.Th>
                <Table.Th>{t('account.col.date')}</Table.Th>
                <Table.Th>{t('account.col.device')}</Table.Th>
                <Table.Th>{t('account.col.method')}</Table.Th>
                <Table.Th ta="right">{t('account.col.amount')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Fragment key={p.id}>
                  <PaymentRow payment={p} expanded={open.has(p.id)} onToggle={toggle} />
                  {open.has(p.id) && (
                    <Table.Tr bg="var(--mantine-color-default-hover)">
                      <Table.Td />
                      <Table.Td colSpan={6}>
                        <PaymentDetails
                          id={`payment-${p.id}`}
                          payment={p}
                          invoices={props.invoices}
                          canPrint={canPrint}
                          printing={reprint.isPending && reprint.variables === p.id}
                          onReprint={(id) => reprint.mutate(id)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Group justify="flex-end" mt="xs">
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={setPage}
            size="sm"
            aria-label={t('account.pages')}
          />
        </Group>
      )}
    </Stack>
  );
}

function PaymentRow(props: {
  payment: Payment;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const money = useMoney();
  const p = props.payment;
  const reversal = p.reversalOf !== null;
  return (
    <Table.Tr>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          color="gray"
          onClick={() => props.onToggle(p.id)}
          aria-expanded={props.expanded}
          aria-controls={props.expanded ? `payment-${p.id}` : undefined}
          aria-label={t(props.expanded ? 'account.hideDetails' : 'account.showDetails', {
            receipt: p.receiptNumber,
          })}
        >
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              transition: 'transform 150ms',
              transform: props.expanded ? 'rotate(90deg)' : 'none',
            }}
          >
            ›
          </span>
        </ActionIcon>
      </Table.Td>
      <Table.Td ff="monospace" style={NOWRAP}>
        {p.receiptNumber}
      </Table.Td>
      <Table.Td style={NOWRAP}>
        {formatInstant(p.receivedAt, settings.office.timeZone, i18n.language)}
      </Table.Td>
      <Table.Td ff="monospace">{p.deviceSerial ?? '—'}</Table.Td>
      <Table.Td>
        {t(`counter.methods.${p.method}`)}
        {p.reference && (
          <Text size="xs" c="dimmed">
            {p.reference}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" fw={500} c={p.amountMinor < 0 ? 'red' : undefined} style={NOWRAP}>
        {money(p.amountMinor)}
      </Table.Td>
      <Table.Td>
        {reversal ? (
          <Badge size="xs" color="gray" variant="light">
            {t('account.reversal')}
          </Badge>
        ) : (
          p.reversedBy !== null && (
            <Badge size="xs" color="red" variant="light">
              {t('account.reversed')}
            </Badge>
          )
        )}
      </Table.Td>
    </Table.Tr>
  );
}
