// Today's reminders outbox as the call list (docs/appliances.md, "Reminders"): who to call, why
// and how much, most days late first, and its CSV for a spreadsheet or a bulk-SMS tool. The core
// makes the reminders each day; this only lists them.
import { Anchor, Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../api/session';
import { useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { downloadText } from '../../lib/download';
import { useDateText, useMoney, usePdfPrint } from '../billing/billing-parts';

export function CallListCard() {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const { call } = useSession();
  const list = useCommandQuery('contracts.reminders', {});
  const print = usePdfPrint('contracts.callListPdf');
  const data = list.data;
  const download = async () => {
    const csv = await call('contracts.reminders', { day: data?.day, format: 'csv' });
    downloadText(`reminders-${csv.day}.csv`, csv.csv ?? '');
  };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="call-list">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="call-list">
          {t('contracts.callList.title', { date: data ? dateText(data.day) : '' })}
        </Title>
        {data && data.rows.length > 0 && (
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              onClick={() => print.mutate({ day: data.day })}
              loading={print.isPending}
            >
              {t('contracts.printCallList')}
            </Button>
            <Button variant="default" size="xs" onClick={() => void download()}>
              {t('contracts.callList.csv')}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {data && data.rows.length === 0 && <Text c="dimmed">{t('contracts.callList.none')}</Text>}
      {data && data.rows.length > 0 && (
        <Table verticalSpacing="xs" aria-label={t('contracts.callList.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contracts.phone')}</Table.Th>
              <Table.Th>{t('contracts.customer')}</Table.Th>
              <Table.Th>{t('contracts.village')}</Table.Th>
              <Table.Th>{t('contracts.number')}</Table.Th>
              <Table.Th>{t('contracts.callList.why')}</Table.Th>
              <Table.Th ta="right">{t('contracts.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((r) => (
              <Table.Tr key={r.contractId} data-testid="reminder-row">
                <Table.Td ff="monospace">{r.phone ?? '—'}</Table.Td>
                <Table.Td>
                  {r.customer.accountNumber} {r.customer.name}
                </Table.Td>
                <Table.Td>{r.village}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/contracts/${r.contractId}`}>
                    {r.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {r.kind === 'overdue' ? (
                    <Badge color="red" variant="light">
                      {t('contracts.callList.late', { days: r.daysLate })}
                    </Badge>
                  ) : (
                    <Badge variant="light">
                      {t('contracts.callList.dueOn', { date: dateText(r.dueDate ?? data.day) })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{money(r.amountMinor)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
