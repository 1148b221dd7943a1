// Under a counter sale paid on an appliance contract: where the contract stands now (paid off, or
// what was paid against its total and the next instalments), read back from the core.
import { Anchor, Badge, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommandQuery } from '../../api/hooks';
import { useDateText, useMoney } from '../billing/billing-parts';
import { STATUS_COLOR } from './ContractPage';

/** How many of the next unpaid instalments the counter shows. */
const NEXT_SHOWN = 3;

export function ContractResult(props: { contractId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const found = useCommandQuery('contracts.get', { id: props.contractId });
  const data = found.data;
  if (!data) return null;
  const c = data.contract;
  const next = data.instalments.filter((i) => i.outstandingMinor > 0).slice(0, NEXT_SHOWN);
  return (
    <Stack gap={6} data-testid="contract-result" aria-label={t('counter.contractResult')}>
      <Group gap="sm">
        <Anchor component={Link} to={`/contracts/${c.id}`} fw={600}>
          {t('contracts.contract', { number: c.number })}
        </Anchor>
        <Badge color={STATUS_COLOR[c.status]} size={c.status === 'paid_off' ? 'xl' : 'md'}>
          {t(`contracts.status.${c.status}`)}
        </Badge>
      </Group>
      {c.totalMinor !== null && (
        <>
          <Progress
            value={Math.min(100, (c.paidMinor / c.totalMinor) * 100)}
            color={c.standing.overdue ? 'red' : 'green'}
            aria-label={t('contracts.progress')}
          />
          <Text size="sm">
            {t('contracts.paidOfTotal', { paid: money(c.paidMinor), total: money(c.totalMinor) })}
            {c.status === 'active' && c.standing.daysLate > 0
              ? ` · ${t('contracts.lateBy', {
                  days: c.standing.daysLate,
                  arrears: money(c.standing.arrearsMinor),
                })}`
              : ''}
          </Text>
        </>
      )}
      {c.status === 'active' && next.length > 0 && (
        <Table verticalSpacing={2} fz="sm" aria-label={t('contracts.schedule')}>
          <Table.Tbody>
            {next.map((i) => (
              <Table.Tr key={i.id} c={i.late ? 'red' : undefined}>
                <Table.Td>{i.seq}</Table.Td>
                <Table.Td>{dateText(i.dueDate)}</Table.Td>
                <Table.Td ta="right">{money(i.outstandingMinor)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
