import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatPricePerKwh } from '../../../domain/money-text';

/** Put one meter on a tariff. */
export function AssignTariffDialog(props: {
  device: { id: string; serial: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const list = useCommandQuery('tariffs.list', {});
  const [tariffId, setTariffId] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const assign = useCommandMutation('tariffs.assign', {
    onSuccess: (result) => {
      notifications.show({
        color: 'teal',
        message: t('tariffs.assigned', { serial: props.device.serial, name: result.tariff.name }),
      });
      props.onClose();
    },
  });
  const { decimals, code } = settings.currency;
  const data = (list.data?.tariffs ?? []).map((tariff) => ({
    value: tariff.id,
    label: tariff.current
      ? `${tariff.name} · ${formatPricePerKwh(tariff.current.prepaidUnitPriceMilliMinorPerKwh, decimals, code)}`
      : tariff.name,
  }));
  const submit = () => {
    setTouched(true);
    if (!tariffId) return;
    assign.mutate({ deviceIds: [props.device.id], tariffId });
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('tariffs.assignTitle', { serial: props.device.serial })}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('tariffs.assignHelp')}
          </Text>
          <Select
            label={t('tariffs.tariff')}
            withAsterisk
            data-autofocus
            searchable
            data={data}
            value={tariffId}
            onChange={setTariffId}
            nothingFoundMessage={t('common.nothingFound')}
            disabled={list.isPending}
            error={touched && !tariffId ? t('issues.choose') : undefined}
          />
          {list.data && data.length === 0 && (
            <Text size="sm" c="orange">
              {t('tariffs.noneToAssign')}
            </Text>
          )}
          <ErrorAlert error={list.error ?? assign.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={assign.isPending}>
              {t('tariffs.assign')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
