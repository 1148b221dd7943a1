// One payment opened on the customer's account: where its money went (each allocation of the
// core, worded), the tokens it issued, the STS vendor token it waits for, and a reprint. The
// allocation is the core's; this file only words and lays it out.
import { Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Payment, PaymentAllocation } from '../../../contract';
import { formatKwh } from '../../../domain/energy';
import { useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMoney } from '../billing/billing-parts';

/** Invoice id to its number (null on a draft), from the customer's invoices. */
export type InvoiceNumbers = ReadonlyMap<string, string | null>;

/** The label of one allocation line; a negative credit line is credit spent, a positive one kept.
 * A reversal's lines are the original's, negated: labelled as the original's, marked reversed. */
export function accountAllocationLabel(
  t: TFunction,
  a: PaymentAllocation,
  reversal = false,
): string {
  if (reversal) {
    const original = accountAllocationLabel(t, { ...a, amountMinor: -a.amountMinor });
    return t('account.reversedLine', { label: original });
  }
  if (a.kind === 'credit') {
    return a.amountMinor < 0
      ? t('account.allocation.creditUsed')
      : t('account.allocation.creditKept');
  }
  return t(`account.allocation.${a.kind}`);
}

/** What a line bought or settled, beside its label: kWh, days, the invoice's number. */
function allocationDetail(t: TFunction, a: PaymentAllocation, invoices: InvoiceNumbers): string {
  if (a.kind === 'energy' && a.wh !== null) return `${formatKwh(a.wh)} kWh`;
  if (a.kind === 'days' && a.days !== null) return t('account.daysN', { count: a.days });
  if (a.kind === 'invoice') {
    const number = a.refId ? invoices.get(a.refId) : undefined;
    return number ?? t('account.invoiceUnknown');
  }
  return '';
}

export function PaymentDetails(props: {
  payment: Payment;
  id: string;
  invoices: InvoiceNumbers;
  canPrint: boolean;
  printing: boolean;
  onReprint: (paymentId: string) => void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const p = props.payment;
  const detail = useCommandQuery('payments.get', { id: p.id }, { staleTime: 60_000 });
  const d = detail.data;
  const entered = d?.tokens.some((tk) => tk.enteredAt !== null) ?? false;

  return (
    <Stack
      gap="sm"
      py="xs"
      id={props.id}
      role="region"
      aria-label={t('account.detailsOf', { receipt: p.receiptNumber })}
    >
      <ErrorAlert error={detail.error} />
      {detail.isPending && !detail.error && <Loader size="sm" aria-label={t('common.loading')} />}
      {p.reason && (
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {`${t('account.reason')}: `}
          </Text>
          {p.reason}
        </Text>
      )}
      {d && (
        <Group align="flex-start" gap="xl" wrap="wrap">
          <Stack gap={4} style={{ flex: '1 1 340px' }}>
            <Title order={3} size="h6">
              {t('account.whereMoneyWent')}
            </Title>
            {d.allocations.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('account.noAllocation')}
              </Text>
            ) : (
              <Table fz="sm" verticalSpacing={2} aria-label={t('account.whereMoneyWent')}>
                <Table.Tbody>
                  {d.allocations.map((a, index) => (
                    <Table.Tr key={`${a.kind}-${a.refId ?? ''}-${index}`}>
                      <Table.Th scope="row" fw={500}>
                        {accountAllocationLabel(t, a, p.reversalOf !== null)}
                      </Table.Th>
                      <Table.Td ff={a.kind === 'invoice' ? 'monospace' : undefined}>
                        {allocationDetail(t, a, props.invoices)}
                      </Table.Td>
                      <Table.Td
                        ta="right"
                        c={a.amountMinor < 0 ? 'red' : undefined}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {money(a.amountMinor)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>

          <Stack gap={4} style={{ flex: '1 1 260px' }}>
            <Title order={3} size="h6">
              {t('account.tokensIssued')}
            </Title>
            {d.tokens.length === 0 && !d.vendorToken && (
              <Text size="sm" c="dimmed">
                {t('account.noToken')}
              </Text>
            )}
            {d.tokens.length > 0 && (
              <Table
                fz="sm"
                verticalSpacing={2}
                w="fit-content"
                aria-label={t('account.tokensIssued')}
              >
                <Table.Tbody>
                  {d.tokens.map((tk) => (
                    <Table.Tr key={tk.id}>
                      <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {tk.grouped}
                      </Table.Td>
                      <Table.Td c="dimmed">
                        {tk.type === 'ADD_TIME' && tk.days !== null
                          ? t('account.daysN', { count: tk.days })
                          : t(`account.tokenType.${tk.type}`)}
                      </Table.Td>
                      {entered && (
                        <Table.Td>
                          {tk.enteredAt && (
                            <Badge size="xs" color="teal" variant="light">
                              {t('account.entered')}
                            </Badge>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {d.vendorToken && (
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {t('account.vendorToken', { meter: d.vendorToken.meterSerial })}
                </Text>
                {d.vendorToken.grouped ? (
                  <Text ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {d.vendorToken.grouped}
                  </Text>
                ) : (
                  <Badge size="sm" color="yellow" variant="light">
                    {t('account.vendorTokenPending')}
                  </Badge>
                )}
              </Stack>
            )}
            {props.canPrint && (
              <Group mt="xs">
                <Button
                  size="xs"
                  variant="light"
                  loading={props.printing}
                  aria-label={t('account.reprintNamed', { receipt: p.receiptNumber })}
                  onClick={() => props.onReprint(p.id)}
                >
                  {t('account.reprint')}
                </Button>
              </Group>
            )}
          </Stack>
        </Group>
      )}
    </Stack>
  );
}
