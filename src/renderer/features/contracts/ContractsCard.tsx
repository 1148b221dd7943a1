// The appliance contracts of a customer or a device, each with its progress bar (what was paid of
// its total) and where it stands today; a contract's number opens its page.
import { Anchor, Badge, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { mayUse } from '../shell/areas';
import { SellModal } from './SellModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMoney } from '../billing/billing-parts';
import { STATUS_COLOR } from './ContractPage';

/** With `customer`: that customer's contracts, and the sale on credit for those allowed to sell. */
export function ContractsCard(props: { customer?: Customer; deviceId?: string }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const [selling, setSelling] = useState(false);
  const money = useMoney();
  const list = useCommandQuery('contracts.list', {
    ...(props.customer ? { customerId: props.customer.id } : {}),
    ...(props.deviceId ? { deviceId: props.deviceId } : {}),
  });
  const rows = list.data?.rows ?? [];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="contracts"
      mb="md"
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="contracts">
          {t('contracts.title')}
        </Title>
        {props.customer &&
          props.customer.status === 'active' &&
          mayUse('contracts.sell', user.role) && (
            <Button size="xs" variant="light" onClick={() => setSelling(true)}>
              {t('contracts.sellOnCredit')}
            </Button>
          )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && <Text c="dimmed">{t('contracts.none')}</Text>}
      <Stack gap="md">
        {rows.map((c) => (
          <div key={c.id} data-testid="contract-row">
            <Group justify="space-between" gap="xs">
              <Text size="sm">
                <Anchor component={Link} to={`/contracts/${c.id}`}>
                  {c.number}
                </Anchor>{' '}
                · {c.item}
              </Text>
              <Badge color={STATUS_COLOR[c.status]} variant="light">
                {t(`contracts.status.${c.status}`)}
              </Badge>
            </Group>
            {c.totalMinor !== null && c.totalMinor > 0 && (
              <Progress
                mt={4}
                value={Math.min(100, (c.paidMinor / c.totalMinor) * 100)}
                color={c.standing.overdue ? 'red' : 'green'}
                aria-label={t('contracts.progress')}
              />
            )}
            <Text size="xs" c={c.standing.overdue ? 'red' : 'dimmed'} mt={2}>
              {c.totalMinor !== null
                ? t('contracts.paidOfTotal', {
                    paid: money(c.paidMinor),
                    total: money(c.totalMinor),
                  })
                : money(c.paidMinor)}
              {c.standing.daysLate > 0 &&
                ` · ${t('contracts.lateBy', { days: c.standing.daysLate, arrears: money(c.standing.arrearsMinor) })}`}
            </Text>
          </div>
        ))}
      </Stack>
      {selling && props.customer && (
        <SellModal customer={props.customer} onClose={() => setSelling(false)} />
      )}
    </Card>
  );
}
