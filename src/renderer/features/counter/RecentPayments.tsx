// The last payments for the device at the counter, newest first, with their token, a reprint and,
// for the roles allowed, a reversal.
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Payment } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../lib/format';
import { formatMoney } from '../../../domain/money-text';
import { mayUse } from '../shell/areas';
import { daysOf, kwhText, whOf } from './MeterSale';
import { ReverseModal } from './ReverseModal';

const RECENT = 5;

export function RecentPayments(props: {
  deviceId: string;
  canPrint: boolean;
  printing: boolean;
  onReprint: (paymentId: string) => void;
}) {
  const { t } = useTranslation();
  const { user } = useMe();
  const mayReverse = mayUse('payments.reverse', user.role);
  const [reversing, setReversing] = useState<Payment | null>(null);
  const actions = props.canPrint || mayReverse;
  const list = useCommandQuery('payments.list', {
    deviceId: props.deviceId,
    page: 1,
    pageSize: RECENT,
  });
  const rows = list.data?.rows ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="recent">
      <Title order={2} size="h5" id="recent" mb="xs">
        {t('counter.recent')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('counter.recentNone')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('counter.receipt')}</Table.Th>
                <Table.Th>{t('counter.time')}</Table.Th>
                <Table.Th ta="right">{t('counter.amountPaid')}</Table.Th>
                <Table.Th ta="right">{t('counter.bought')}</Table.Th>
                <Table.Th>{t('counter.token')}</Table.Th>
                {actions && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Row
                  key={row.id}
                  payment={row}
                  canPrint={props.canPrint}
                  printing={props.printing}
                  onReprint={props.onReprint}
                  mayReverse={mayReverse}
                  onReverse={setReversing}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {reversing && <ReverseModal payment={reversing} onClose={() => setReversing(null)} />}
    </Card>
  );
}

function Row(props: {
  payment: Payment;
  canPrint: boolean;
  printing: boolean;
  onReprint: (paymentId: string) => void;
  mayReverse: boolean;
  onReverse: (payment: Payment) => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const p = props.payment;
  const detail = useCommandQuery('payments.get', { id: p.id }, { staleTime: 60_000 });
  const tokens = detail.data?.tokens ?? [];
  const vendorToken = detail.data?.vendorToken ?? null;
  const allocations = detail.data?.allocations ?? [];
  const wh = whOf(allocations);
  const energy = allocations.some((a) => a.kind === 'energy' || a.kind === 'access_debt');
  const invoices = allocations.filter((a) => a.kind === 'invoice').length;
  const postpaid = allocations.some((a) => a.kind === 'invoice' || a.kind === 'account_credit');
  const bought = !detail.data
    ? ''
    : postpaid
      ? t('billing.counter.invoicesN', { n: invoices })
      : energy
        ? kwhText(wh)
        : t('counter.daysN', { count: daysOf(allocations) });
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.receiptNumber}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {formatInstant(p.receivedAt, settings.office.timeZone, i18n.language)}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(
          p.amountMinor,
          settings.currency.decimals,
          settings.currency.code,
          i18n.language,
        )}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {bought}
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {tokens.map((tk) => (
            <Text key={tk.id} ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
              {tk.grouped}
            </Text>
          ))}
          {vendorToken &&
            (vendorToken.grouped ? (
              <Text ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                {vendorToken.grouped}
              </Text>
            ) : (
              <Badge size="xs" color="yellow" variant="light">
                {t('counter.tokenPending')}
              </Badge>
            ))}
        </Stack>
      </Table.Td>
      {(props.canPrint || props.mayReverse) && (
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            {props.canPrint && (
              <Button
                size="compact-xs"
                variant="subtle"
                disabled={props.printing}
                aria-label={t('counter.reprintNamed', { receipt: p.receiptNumber })}
                onClick={() => props.onReprint(p.id)}
              >
                {t('counter.reprint')}
              </Button>
            )}
            {p.reversalOf !== null ? (
              <Badge size="xs" color="gray" variant="light">
                {t('reverse.isReversal')}
              </Badge>
            ) : p.reversedBy !== null ? (
              <Badge size="xs" color="red" variant="light">
                {t('reverse.reversed')}
              </Badge>
            ) : (
              props.mayReverse && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => props.onReverse(p)}
                >
                  {t('reverse.action')}
                </Button>
              )
            )}
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
