// A manager reverses a payment: the receipt, amount and customer to be sure it is the right one,
// a reason, then the core's answer (which says how many tokens were already issued and stay valid).
import { Alert, Button, DataList, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, type Payment } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { formatInstant } from '../../lib/format';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { formatMoney } from '../../../domain/money-text';
import { coreMessage } from '../../lib/core-message';

export function ReverseModal(props: { payment: Payment; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const p = props.payment;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reverse = useCommandMutation('payments.reverse', {
    onError: (failure) => setError(serverFieldErrors(t, failure).reason ?? null),
  });
  const money = (minor: number) =>
    formatMoney(minor, settings.currency.decimals, settings.currency.code, i18n.language);

  const submit = () => {
    if (reverse.isPending || reverse.isSuccess) return;
    const input = { paymentId: p.id, reason };
    const found = toFormErrors(t, schemaIssues(commands['payments.reverse'].input, input));
    if (found.reason) {
      setError(found.reason);
      return;
    }
    reverse.mutate(input);
  };

  const done = reverse.data;

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('reverse.title', { receipt: p.receiptNumber })}
      closeOnClickOutside={!reverse.isPending}
    >
      {done ? (
        <Stack gap="sm">
          <Alert color="teal" variant="light" role="status" title={t('reverse.done')}>
            {done.message}
          </Alert>
          <DataList labelWidth={140} gap="xs" size="sm">
            <DataList.Item>
              <DataList.ItemLabel>{t('reverse.reversalReceipt')}</DataList.ItemLabel>
              <DataList.ItemValue>{done.reversal.receiptNumber}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('reverse.amount')}</DataList.ItemLabel>
              <DataList.ItemValue>{money(done.reversal.amountMinor)}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('reverse.tokensKept')}</DataList.ItemLabel>
              <DataList.ItemValue>{done.tokensKept}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
          <Group justify="flex-end">
            <Button data-autofocus onClick={props.onClose}>
              {t('reverse.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            <DataList labelWidth={140} gap="xs" size="sm">
              <DataList.Item>
                <DataList.ItemLabel>{t('reverse.receipt')}</DataList.ItemLabel>
                <DataList.ItemValue>{p.receiptNumber}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>{t('reverse.amount')}</DataList.ItemLabel>
                <DataList.ItemValue>{money(p.amountMinor)}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>{t('reverse.customer')}</DataList.ItemLabel>
                <DataList.ItemValue>{`${p.customer.name} · ${p.customer.accountNumber}`}</DataList.ItemValue>
              </DataList.Item>
              {p.deviceSerial && (
                <DataList.Item>
                  <DataList.ItemLabel>{t('reverse.device')}</DataList.ItemLabel>
                  <DataList.ItemValue>{p.deviceSerial}</DataList.ItemValue>
                </DataList.Item>
              )}
              <DataList.Item>
                <DataList.ItemLabel>{t('reverse.received')}</DataList.ItemLabel>
                <DataList.ItemValue>
                  {formatInstant(p.receivedAt, settings.office.timeZone, i18n.language)}
                </DataList.ItemValue>
              </DataList.Item>
            </DataList>
            <Text size="sm" c="dimmed">
              {t('reverse.help')}
            </Text>
            <TextInput
              data-autofocus
              label={t('reverse.reason')}
              withAsterisk
              autoComplete="off"
              value={reason}
              error={error}
              disabled={reverse.isPending}
              onChange={(event) => {
                setReason(event.currentTarget.value);
                setError(null);
              }}
            />
            {reverse.error && (
              <Alert color="red" variant="light" role="alert" title={t('reverse.failed')}>
                {coreMessage(t, reverse.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" disabled={reverse.isPending} onClick={props.onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={reverse.isPending}>
                {t('reverse.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
