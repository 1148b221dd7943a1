// A customer's postpaid statement: per meter the use and the bill so far this period with the
// core's end-of-period projection, the last invoices (what is still open on each), the payments
// and the balance. Shown on the customer page and, from the counter, in a dialog.
import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatKwh } from '../../../domain/energy';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { formatPeriod, useDateText, useMoney, usePdfPrint, usePeriodDays } from './billing-parts';

export function StatementCard(props: { customerId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="statement">
      <StatementView
        customerId={props.customerId}
        title={
          <Title order={2} size="h4" id="statement">
            {t('statement.title')}
          </Title>
        }
      />
    </Card>
  );
}

export function StatementModal(props: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={props.onClose}
      closeButtonProps={{ 'aria-label': t('billing.close') }}
      size="xl"
      title={t('statement.title')}
    >
      <StatementView customerId={props.customerId} title={null} />
    </Modal>
  );
}

function StatementView(props: { customerId: string; title: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const money = useMoney();
  const dateText = useDateText();
  const periodDays = usePeriodDays();
  const query = useCommandQuery('accounts.statement', { customerId: props.customerId });
  const print = usePdfPrint('accounts.statementPdf');
  const s = query.data;

  return (
    <Stack gap="md" data-testid="statement">
      <Group justify="space-between" align="flex-start">
        <div>
          {props.title}
          {s && (
            <Text size="xs" c="dimmed">
              {t('statement.asOf', { date: dateText(s.asOf) })}
            </Text>
          )}
        </div>
        <Group align="flex-start">
          {s && (
            <div style={{ textAlign: 'right' }}>
              <Text size="xs" c="dimmed">
                {t('statement.balance')}
              </Text>
              <Text
                size="xl"
                fw={700}
                c={s.balanceMinor > 0 ? 'red' : undefined}
                data-testid="statement-balance"
              >
                {money(s.balanceMinor)}
              </Text>
            </div>
          )}
          <Button
            variant="light"
            onClick={() => print.mutate({ customerId: props.customerId })}
            loading={print.isPending}
          >
            {t('statement.print')}
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={query.error} />
      {query.isPending && !query.error && <LoadingBlock />}
      {s && (
        <>
          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('statement.thisPeriod')}
            </Title>
            {s.meters.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('statement.noMeters')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing={4} aria-label={t('statement.thisPeriod')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('billing.col.meter')}</Table.Th>
                      <Table.Th>{t('billing.col.period')}</Table.Th>
                      <Table.Th ta="right">{t('statement.usedSoFar')}</Table.Th>
                      <Table.Th ta="right">{t('statement.billSoFar')}</Table.Th>
                      <Table.Th ta="right">{t('statement.projectedKwh')}</Table.Th>
                      <Table.Th ta="right">{t('statement.projectedBill')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.meters.map((m) => (
                      <Table.Tr key={m.deviceId} data-testid={`statement-meter-${m.serial}`}>
                        <Table.Td ff="monospace">{m.serial}</Table.Td>
                        <Table.Td>
                          {periodDays(m.periodStart, m.periodEnd)}
                          {m.note && (
                            <Text size="xs" c="dimmed">
                              {m.note}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{`${formatKwh(m.usedWh)} kWh`}</Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {money(m.billSoFarMinor)}
                        </Table.Td>
                        <Table.Td ta="right">{`${formatKwh(m.projectedWh)} kWh`}</Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {money(m.projectedBillMinor)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>

          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('statement.invoices')}
            </Title>
            {s.invoices.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('statement.noInvoices')}
              </Text>
            ) : (
              <Table verticalSpacing={4} aria-label={t('statement.invoices')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('billing.col.number')}</Table.Th>
                    <Table.Th>{t('billing.col.period')}</Table.Th>
                    <Table.Th>{t('billing.col.meter')}</Table.Th>
                    <Table.Th ta="right">{t('billing.col.totalDue')}</Table.Th>
                    <Table.Th ta="right">{t('statement.open')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.invoices.map((inv) => (
                    <Table.Tr
                      key={inv.id}
                      data-testid={`statement-invoice-${inv.number ?? inv.id}`}
                    >
                      <Table.Td ff="monospace">{inv.number ?? '—'}</Table.Td>
                      <Table.Td>{formatPeriod(inv.period, i18n.language)}</Table.Td>
                      <Table.Td ff="monospace">{inv.meterSerial}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(inv.totalDueMinor)}
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {inv.openMinor === 0 ? (
                          <Badge color="teal" variant="light" data-testid="invoice-open">
                            {t('statement.paid')}
                          </Badge>
                        ) : (
                          <Text span size="sm" fw={600} data-testid="invoice-open">
                            {money(inv.openMinor ?? inv.totalDueMinor)}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>

          <Stack gap={4}>
            <Title order={3} size="h5">
              {t('statement.payments')}
            </Title>
            {s.payments.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('statement.noPayments')}
              </Text>
            ) : (
              <Table verticalSpacing={4} aria-label={t('statement.payments')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('counter.receipt')}</Table.Th>
                    <Table.Th>{t('statement.receivedAt')}</Table.Th>
                    <Table.Th ta="right">{t('billing.amount')}</Table.Th>
                    <Table.Th>{t('statement.settles')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.payments.map((p) => (
                    <Table.Tr key={p.receiptNumber}>
                      <Table.Td ff="monospace">{p.receiptNumber}</Table.Td>
                      <Table.Td>
                        {formatInstant(p.receivedAt, settings.office.timeZone, i18n.language)}
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(p.amountMinor)}
                      </Table.Td>
                      <Table.Td ff="monospace">{p.invoices.join(', ') || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
