// A manager closes a cashier's day: the Z report is kept as it stands and that cashier cannot
// take more payments under their name that day. Said plainly before the click.
import { Alert, Button, DataList, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/hooks';
import { coreMessage } from '../../lib/core-message';
import { formatDay } from '../../lib/format';
import type { CashierDay } from './DayEndPage';

export function CloseDayModal(props: {
  day: string;
  row: CashierDay;
  money: (minor: number) => string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const r = props.row;
  const close = useCommandMutation('dayEnd.close', {
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        message: t('dayEnd.closedDone', { name: r.cashierDisplayName }),
      });
      props.onClose();
    },
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('dayEnd.closeTitle', { name: r.cashierDisplayName })}
      closeOnClickOutside={!close.isPending}
    >
      <Stack gap="sm">
        <DataList labelWidth={120} gap="xs" size="sm">
          <DataList.Item>
            <DataList.ItemLabel>{t('dayEnd.day')}</DataList.ItemLabel>
            <DataList.ItemValue>{formatDay(props.day, i18n.language)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('dayEnd.col.receipts')}</DataList.ItemLabel>
            <DataList.ItemValue>{r.receipts}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('dayEnd.col.net')}</DataList.ItemLabel>
            <DataList.ItemValue>{props.money(r.netMinor)}</DataList.ItemValue>
          </DataList.Item>
        </DataList>
        <Text size="sm">{t('dayEnd.closeHelp', { name: r.cashierDisplayName })}</Text>
        {close.error && (
          <Alert color="red" variant="light" role="alert" title={t('dayEnd.closeFailed')}>
            {coreMessage(t, close.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            data-autofocus
            disabled={close.isPending}
            onClick={props.onClose}
          >
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={close.isPending}
            onClick={() => close.mutate({ day: props.day, cashier: r.cashier })}
          >
            {t('dayEnd.closeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
