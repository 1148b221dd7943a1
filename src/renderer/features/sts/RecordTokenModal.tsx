// Type the vendor's 20-digit token for one pending STS purchase. The core checks its form and
// that it was never used; its words are shown under the field. Then the receipt can be reprinted
// with the token on it.
import { Alert, Button, DataList, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../domain/money-text';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { coreMessage } from '../../lib/core-message';
import { serverFieldErrors } from '../../lib/form-errors';
import { kwhText } from '../counter/MeterSale';
import { receiptsAvailable } from '../counter/receipts';
import { useReprint } from './use-reprint';
import type { VendorTokenRow } from './VendorTokensPage';

export function RecordTokenModal(props: { row: VendorTokenRow; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const r = props.row;
  const [token, setToken] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const record = useCommandMutation('sts.recordToken', {
    onError: (error) => setFieldError(serverFieldErrors(t, error).token ?? null),
  });
  const reprint = useReprint();
  const done = record.data;

  const submit = () => {
    if (record.isPending || record.isSuccess) return;
    if (token.trim() === '') {
      setFieldError(t('sts.tokenRequired'));
      return;
    }
    record.mutate({ requestId: r.requestId, token });
  };

  // A refusal that is not about the field itself (already recorded, reversed...) shows above.
  const otherError =
    record.error && serverFieldErrors(t, record.error).token === undefined ? record.error : null;

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('sts.recordTitle', { receipt: r.receiptNumber })}
      closeOnClickOutside={!record.isPending}
    >
      <Stack gap="sm">
        <DataList labelWidth={120} gap="xs" size="sm">
          <DataList.Item>
            <DataList.ItemLabel>{t('sts.col.meter')}</DataList.ItemLabel>
            <DataList.ItemValue>{r.meterSerial}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('sts.col.customer')}</DataList.ItemLabel>
            <DataList.ItemValue>{`${r.customer.name} · ${r.customer.accountNumber}`}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('sts.col.kwh')}</DataList.ItemLabel>
            <DataList.ItemValue>{kwhText(r.wh)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('sts.col.amount')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {formatMoney(
                r.amountMinor,
                settings.currency.decimals,
                settings.currency.code,
                i18n.language,
              )}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
        {done ? (
          <>
            <Alert color="teal" variant="light" role="status" title={t('sts.recorded')}>
              <Text ff="monospace" fw={700} size="lg" data-testid="recorded-token-done">
                {done.vendorToken.grouped}
              </Text>
            </Alert>
            {done.warning && (
              <Alert color="yellow" variant="light">
                {done.warning}
              </Alert>
            )}
            <Group justify="flex-end">
              {receiptsAvailable() && (
                <Button
                  data-autofocus
                  loading={reprint.isPending}
                  onClick={() => reprint.mutate(r.paymentId)}
                >
                  {t('sts.printReceipt')}
                </Button>
              )}
              <Button variant="default" onClick={props.onClose}>
                {t('sts.close')}
              </Button>
            </Group>
          </>
        ) : (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Stack gap="sm">
              <TextInput
                data-autofocus
                label={t('sts.tokenLabel')}
                description={t('sts.tokenHelp')}
                withAsterisk
                size="md"
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                maxLength={40}
                value={token}
                error={fieldError}
                disabled={record.isPending}
                onChange={(event) => {
                  setToken(event.currentTarget.value);
                  setFieldError(null);
                }}
              />
              {otherError && (
                <Alert color="red" variant="light" role="alert" title={t('sts.notRecorded')}>
                  {coreMessage(t, otherError)}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" disabled={record.isPending} onClick={props.onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={record.isPending}>
                  {t('sts.recordConfirm')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
