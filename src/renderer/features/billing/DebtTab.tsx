// What customers owe on postpaid invoices: the aging by customer, village or mini-grid, and the
// disconnection list (a balance over a threshold with an invoice open for too long), each printable.
import {
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { parseMajorToMinor } from '../../../domain/money-text';
import { DEBT_BUCKETS } from '../../../domain/reports/debt';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useDateText, useMoney, usePdfPrint } from './billing-parts';

type GroupBy = 'customer' | 'village' | 'mini-grid';
// Days past the due date, as the dashboard and the monthly pack age debt (one rule).
const BUCKETS = DEBT_BUCKETS;

export function DebtTab() {
  return (
    <Stack>
      <AgingCard />
      <DisconnectionsCard />
    </Stack>
  );
}

function AgingCard() {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const [groupBy, setGroupBy] = useState<GroupBy>('customer');
  const aging = useCommandQuery(
    'billing.aging',
    { groupBy },
    { placeholderData: keepPreviousData },
  );
  const print = usePdfPrint('billing.reportPdf');
  const rows = aging.data?.rows ?? [];

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aging">
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={2} size="h4" id="aging">
            {t('billing.aging')}
          </Title>
          {aging.data && (
            <Text size="xs" c="dimmed">
              {t('billing.asOf', { date: dateText(aging.data.asOf) })}
            </Text>
          )}
        </div>
        <Group>
          <SegmentedControl
            aria-label={t('billing.groupBy')}
            value={groupBy}
            onChange={(value) => setGroupBy(value)}
            data={(['customer', 'village', 'mini-grid'] as const).map((value) => ({
              value,
              label: t(`billing.group.${value}`),
            }))}
          />
          <Button
            variant="light"
            onClick={() => print.mutate({ report: 'aging', groupBy })}
            loading={print.isPending}
          >
            {t('billing.print')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={aging.error} />
      {aging.isPending && !aging.error && <LoadingBlock />}
      {aging.data && rows.length === 0 && <Text c="dimmed">{t('billing.noDebt')}</Text>}
      {aging.data && rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={t('billing.aging')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`billing.group.${groupBy}`)}</Table.Th>
                {BUCKETS.map((bucket) => (
                  <Table.Th key={bucket} ta="right">
                    {t(`billing.bucket.${bucket}`)}
                  </Table.Th>
                ))}
                <Table.Th ta="right">{t('billing.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key} data-testid="aging-row">
                  <Table.Td>
                    {groupBy === 'customer' ? (
                      <Anchor component={Link} to={`/customers/${row.key}`} size="sm">
                        {row.label}
                      </Anchor>
                    ) : (
                      row.label
                    )}
                  </Table.Td>
                  {BUCKETS.map((bucket) => (
                    <Table.Td key={bucket} ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {row[bucket] === 0 ? '—' : money(row[bucket])}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {money(row.totalMinor)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('billing.total')}</Table.Th>
                {BUCKETS.map((bucket) => (
                  <Table.Th key={bucket} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(aging.data.totals[bucket])}
                  </Table.Th>
                ))}
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="aging-total">
                  {money(aging.data.totals.totalMinor)}
                </Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function DisconnectionsCard() {
  const { t } = useTranslation();
  const { settings } = useMe();
  const money = useMoney();
  const dateText = useDateText();
  const decimals = settings.currency.decimals;
  const [minText, setMinText] = useState('');
  const [olderThan, setOlderThan] = useState<number>(60);
  const parsed = parseMajorToMinor(minText, decimals);
  const minError =
    minText.trim() === '' || parsed.ok
      ? null
      : parsed.reason === 'decimals'
        ? t('counter.amountDecimals', { decimals })
        : t('counter.amountFormat');
  const minBalanceMinor = parsed.ok ? parsed.minor : 0;
  const [debounced] = useDebouncedValue(`${minBalanceMinor}|${olderThan}`, 300);
  const [minPart = '0', olderPart = '60'] = debounced.split('|');
  const input = { minBalanceMinor: Number(minPart), olderThanDays: Number(olderPart) };
  const list = useCommandQuery('billing.disconnections', input, {
    placeholderData: keepPreviousData,
  });
  const print = usePdfPrint('billing.reportPdf');
  const rows = list.data?.rows ?? [];

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="disconnections">
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={2} size="h4" id="disconnections">
            {t('billing.disconnections')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('billing.disconnectionsHelp')}
          </Text>
        </div>
        <Group align="flex-end">
          <TextInput
            label={t('billing.minBalance')}
            description={settings.currency.code}
            inputMode="decimal"
            placeholder="0"
            value={minText}
            onChange={(event) => setMinText(event.currentTarget.value)}
            error={minError}
            w={160}
          />
          <NumberInput
            label={t('billing.olderThan')}
            description={t('billing.days')}
            min={0}
            max={3650}
            allowDecimal={false}
            value={olderThan}
            onChange={(value) => setOlderThan(Number(value || 0))}
            w={140}
          />
          <Button
            variant="light"
            onClick={() => print.mutate({ report: 'disconnections', ...input })}
            loading={print.isPending}
          >
            {t('billing.print')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && !list.error && <LoadingBlock />}
      {list.data && rows.length === 0 && <Text c="dimmed">{t('billing.noDisconnections')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={t('billing.disconnections')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.col.customer')}</Table.Th>
                <Table.Th>{t('billing.col.village')}</Table.Th>
                <Table.Th>{t('billing.col.meters')}</Table.Th>
                <Table.Th ta="right">{t('billing.balance')}</Table.Th>
                <Table.Th>{t('billing.oldestOpen')}</Table.Th>
                <Table.Th ta="right">{t('billing.daysOld')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.customer.id} data-testid="disconnection-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${row.customer.id}`} size="sm">
                      {row.customer.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {row.customer.accountNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.village}</Table.Td>
                  <Table.Td ff="monospace">{row.meters.join(', ')}</Table.Td>
                  <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {money(row.balanceMinor)}
                  </Table.Td>
                  <Table.Td ff="monospace">{row.oldestOpenInvoice}</Table.Td>
                  <Table.Td ta="right">{row.daysOld}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('billing.asOf', { date: dateText(list.data.asOf) })}
        </Text>
      )}
    </Card>
  );
}
