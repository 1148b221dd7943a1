// One appliance contract (docs/appliances.md): what was sold, how it is paid, a progress bar of
// what was paid against its total, its schedule (paid, outstanding and late instalments) and its
// history. The standing shown is the core's, on today's date.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useDateText, useMoney, usePdfPrint } from '../billing/billing-parts';
import { ContractActions } from './ContractActions';

export const STATUS_COLOR = {
  active: 'blue',
  paid_off: 'green',
  written_off: 'gray',
  repossessed: 'orange',
  cancelled: 'gray',
} as const;

export function ContractPage() {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const { id = '' } = useParams();
  const found = useCommandQuery('contracts.get', { id });
  const print = usePdfPrint('contracts.pdf');
  const data = found.data;
  if (found.error) return <ErrorAlert error={found.error} />;
  if (!data) return <LoadingBlock />;
  const c = data.contract;
  const total = c.totalMinor;
  const share = total ? Math.min(100, (c.paidMinor / total) * 100) : null;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('contracts.contract', { number: c.number })}
        </Title>
        <Group>
          <Badge color={STATUS_COLOR[c.status]} size="lg">
            {t(`contracts.status.${c.status}`)}
          </Badge>
          <Button variant="light" onClick={() => print.mutate({ id })} loading={print.isPending}>
            {t('contracts.print')}
          </Button>
        </Group>
      </Group>
      <Group gap="xs">
        <ContractActions contract={c} />
      </Group>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs">
          <Text>
            <Anchor component={Link} to={`/customers/${c.customer.id}`}>
              {c.customer.accountNumber} {c.customer.name}
            </Anchor>{' '}
            · {c.item}
            {c.deviceId && (
              <>
                {' '}
                ·{' '}
                <Anchor component={Link} to={`/devices/${c.deviceId}`}>
                  {c.deviceSerial}
                </Anchor>
              </>
            )}
          </Text>
          <Text size="sm">
            {t('contracts.terms', {
              price: money(c.priceMinor),
              down: money(c.downPaymentMinor),
              date: dateText(c.saleDate),
            })}
          </Text>
          <Text size="sm">
            {c.plan === 'instalments'
              ? t('contracts.instalmentPlan', {
                  count: data.instalments.length,
                  frequency: t(`contracts.frequency.${c.frequency ?? 'weekly'}`),
                })
              : t('contracts.perDayPlan', { price: money(c.dailyPriceMinor ?? 0) })}
          </Text>
          <Text size="sm" data-testid="contract-agent">
            {t('contracts.agent')}: {c.agent ?? t('contracts.noAgent')}
          </Text>
          {share !== null && total !== null && (
            <div>
              <Progress
                value={share}
                size="lg"
                aria-label={t('contracts.progress')}
                color={c.standing.overdue ? 'red' : 'green'}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {t('contracts.paidOfTotal', { paid: money(c.paidMinor), total: money(total) })}
              </Text>
            </div>
          )}
          {c.status === 'active' && (
            <Text size="sm" c={c.standing.overdue ? 'red' : undefined}>
              {c.standing.daysLate > 0
                ? t('contracts.lateBy', {
                    days: c.standing.daysLate,
                    arrears: money(c.standing.arrearsMinor),
                  })
                : t('contracts.current')}
            </Text>
          )}
          {c.statusReason && (
            <Text size="sm" c="dimmed">
              {c.statusReason}
            </Text>
          )}
        </Stack>
      </Card>
      {data.instalments.length > 0 && (
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="schedule">
          <Title order={2} size="h4" id="schedule" mb="sm">
            {t('contracts.schedule')}
          </Title>
          <Table verticalSpacing="xs" aria-label={t('contracts.schedule')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('contracts.due')}</Table.Th>
                <Table.Th ta="right">{t('contracts.amount')}</Table.Th>
                <Table.Th ta="right">{t('contracts.paid')}</Table.Th>
                <Table.Th ta="right">{t('contracts.outstanding')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.instalments.map((i) => (
                <Table.Tr
                  key={i.id}
                  data-testid="instalment-row"
                  c={i.late ? 'red' : i.outstandingMinor === 0 ? 'dimmed' : undefined}
                >
                  <Table.Td>{i.seq}</Table.Td>
                  <Table.Td>{dateText(i.dueDate)}</Table.Td>
                  <Table.Td ta="right">{money(i.amountMinor)}</Table.Td>
                  <Table.Td ta="right">{money(i.paidMinor)}</Table.Td>
                  <Table.Td ta="right">{money(i.outstandingMinor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="history">
        <Title order={2} size="h4" id="history" mb="sm">
          {t('contracts.history')}
        </Title>
        <Stack gap={4}>
          {data.events.map((e, k) => (
            <Text key={k} size="sm">
              {dateText(e.at)} · {t(`contracts.event.${e.event}`)}
              {e.amountMinor !== null ? ` · ${money(e.amountMinor)}` : ''}
              {e.note ? ` · ${e.note}` : ''} · {e.actor}
            </Text>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
