// One cashier's Z report for one day, as the core adds it up: totals by method, receipts,
// reversals, gross and net, tokens, and whether a manager closed the day. Printed as the core's PDF.
import {
  Badge,
  Button,
  Card,
  DataList,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../domain/money-text';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatDay, formatInstant } from '../../lib/format';
import { useZPrint, type ZLayout } from './use-z-print';

export function ZReportCard(props: { day: string; cashier?: string; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const [layout, setLayout] = useState<ZLayout>('a4');
  const input = props.cashier ? { day: props.day, cashier: props.cashier } : { day: props.day };
  const report = useCommandQuery('dayEnd.report', input);
  const print = useZPrint();
  const money = (minor: number) =>
    formatMoney(minor, settings.currency.decimals, settings.currency.code, i18n.language);
  const r = report.data;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="z-report">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3" id="z-report">
              {r ? t('dayEnd.reportOf', { name: r.cashierDisplayName }) : t('dayEnd.report')}
            </Title>
            <Text size="sm" c="dimmed">
              {formatDay(props.day, i18n.language)}
            </Text>
          </div>
          <Group gap="xs">
            {props.actions}
            {r &&
              (r.closed ? (
                <Badge color="gray" variant="filled" data-testid="z-state">
                  {t('dayEnd.closed')}
                </Badge>
              ) : (
                <Badge color="teal" variant="light" data-testid="z-state">
                  {t('dayEnd.open')}
                </Badge>
              ))}
          </Group>
        </Group>
        <ErrorAlert error={report.error} />
        {report.isPending && !report.error && <LoadingBlock />}
        {r && (
          <>
            {r.closed && (
              <Text size="sm" c="dimmed">
                {t('dayEnd.closedBy', {
                  by: r.closed.by,
                  at: formatInstant(r.closed.at, settings.office.timeZone, i18n.language),
                })}
              </Text>
            )}
            {r.byMethod.length === 0 ? (
              <Text c="dimmed">{t('dayEnd.noPayments')}</Text>
            ) : (
              <Table
                withTableBorder
                verticalSpacing={6}
                aria-label={t('dayEnd.byMethod')}
                maw={520}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dayEnd.col.method')}</Table.Th>
                    <Table.Th ta="right">{t('dayEnd.col.payments')}</Table.Th>
                    <Table.Th ta="right">{t('dayEnd.col.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.byMethod.map((m) => (
                    <Table.Tr key={m.method}>
                      <Table.Td>{t(`counter.methods.${m.method}`)}</Table.Td>
                      <Table.Td ta="right">{m.payments}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(m.amountMinor)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Group align="flex-start" gap={48}>
              <DataList labelWidth={150} gap="xs" size="sm">
                <Item label={t('dayEnd.receipts')}>
                  <span data-testid="z-receipts">
                    {r.receipts.count === 0
                      ? '0'
                      : r.receipts.count === 1 || r.receipts.first === r.receipts.last
                        ? t('dayEnd.receiptsOne', {
                            count: r.receipts.count,
                            first: r.receipts.first ?? '',
                          })
                        : t('dayEnd.receiptsRange', {
                            count: r.receipts.count,
                            first: r.receipts.first ?? '',
                            last: r.receipts.last ?? '',
                          })}
                  </span>
                </Item>
                <Item label={t('dayEnd.reversals')}>
                  {r.reversals.count === 0
                    ? '0'
                    : `${r.reversals.count} · ${money(r.reversals.amountMinor)}`}
                </Item>
                <Item label={t('dayEnd.gross')}>{money(r.grossMinor)}</Item>
                <Item label={t('dayEnd.net')}>
                  <Text span fw={700} data-testid="z-net">
                    {money(r.netMinor)}
                  </Text>
                </Item>
              </DataList>
              <DataList labelWidth={230} gap="xs" size="sm">
                <Item label={t('dayEnd.cashExpected')}>{money(r.cash.expectedMinor)}</Item>
                <Item label={t('dayEnd.cashCounted')}>
                  <span data-testid="z-cash-counted">
                    {r.cash.countedMinor === null ? '—' : money(r.cash.countedMinor)}
                  </span>
                </Item>
                <Item label={t('dayEnd.cashDifference')}>
                  <Text
                    span
                    fw={600}
                    c={r.cash.differenceMinor ? 'red' : undefined}
                    data-testid="z-cash-difference"
                  >
                    {r.cash.differenceMinor === null ? '—' : money(r.cash.differenceMinor)}
                  </Text>
                </Item>
                <Item label={t('dayEnd.tokensOpenpaygo')}>{r.tokens.openpaygo}</Item>
                <Item label={t('dayEnd.tokensStsRecorded')}>{r.tokens.stsRecorded}</Item>
                <Item label={t('dayEnd.tokensStsPending')}>
                  {r.tokens.stsPending > 0 ? (
                    <Badge color="yellow" variant="light">
                      {r.tokens.stsPending}
                    </Badge>
                  ) : (
                    '0'
                  )}
                </Item>
              </DataList>
            </Group>
            <Group gap="sm">
              <SegmentedControl
                aria-label={t('dayEnd.layout')}
                value={layout}
                onChange={(value) => setLayout(value === '80mm' ? '80mm' : 'a4')}
                data={[
                  { value: 'a4', label: t('dayEnd.layoutA4') },
                  { value: '80mm', label: t('dayEnd.layoutRoll') },
                ]}
              />
              <Button
                loading={print.isPending}
                onClick={() =>
                  print.mutate({ day: props.day, cashier: props.cashier ?? r.cashier, layout })
                }
              >
                {t('dayEnd.print')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

function Item(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children}</DataList.ItemValue>
    </DataList.Item>
  );
}
