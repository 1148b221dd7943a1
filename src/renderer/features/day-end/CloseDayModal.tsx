// A manager closes a cashier's day: counts the cash in the drawer against what the payments say,
// and the Z report is kept as it stands, with the difference; that cashier cannot take more
// payments under their name that day. Said plainly before the click.
import { Alert, Button, DataList, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMajorToMinor } from '../../../domain/money-text';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
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
  const { settings } = useMe();
  const decimals = settings.currency.decimals;
  const report = useCommandQuery('dayEnd.report', { day: props.day, cashier: r.cashier });
  const expected = report.data?.cash.expectedMinor;
  const [counted, setCounted] = useState('');
  const [shown, setShown] = useState(false);
  const parsed = parseMajorToMinor(counted, decimals);
  const countedMinor = parsed.ok ? parsed.minor : null;
  const countedError =
    counted.trim() === ''
      ? shown
        ? t('dayEnd.countedRequired')
        : null
      : parsed.ok
        ? null
        : parsed.reason === 'decimals'
          ? t('counter.amountDecimals', { decimals })
          : t('dayEnd.countedFormat');
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
          <DataList.Item>
            <DataList.ItemLabel>{t('dayEnd.cashExpected')}</DataList.ItemLabel>
            <DataList.ItemValue data-testid="cash-expected">
              {expected === undefined ? '…' : props.money(expected)}
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
        <TextInput
          label={t('dayEnd.cashCounted')}
          description={t('dayEnd.cashCountedHelp')}
          inputMode="decimal"
          autoComplete="off"
          maxLength={20}
          withAsterisk
          value={counted}
          error={countedError}
          onChange={(event) => setCounted(event.currentTarget.value)}
        />
        {countedMinor !== null && expected !== undefined && (
          <Text
            size="sm"
            fw={600}
            c={countedMinor === expected ? 'teal' : 'red'}
            data-testid="cash-difference"
          >
            {countedMinor === expected
              ? t('dayEnd.cashMatches')
              : t(countedMinor > expected ? 'dayEnd.cashOver' : 'dayEnd.cashShort', {
                  amount: props.money(Math.abs(countedMinor - expected)),
                })}
          </Text>
        )}
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
            onClick={() => {
              setShown(true);
              if (countedMinor === null) return;
              close.mutate({ day: props.day, cashier: r.cashier, countedCashMinor: countedMinor });
            }}
          >
            {t('dayEnd.closeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
