// Set the PAYG terms of one device or of every selected one: a price per day and, optionally,
// the total after which the device is unlocked for good. The amounts are checked as they are
// typed; the core checks each device with the same rule and refuses all or nothing.
import { Alert, Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaygTermsRow } from '../../../contract';
import { minorToMajorInput, parseMajorToMinor } from '../../../domain/money-text';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { coreMessage } from '../../lib/core-message';
import { formatMoney } from '../../../domain/money-text';

function amountError(
  t: (key: string, options?: Record<string, unknown>) => string,
  text: string,
  decimals: number,
): string | null {
  if (text.trim() === '') return t('issues.required');
  const parsed = parseMajorToMinor(text, decimals);
  if (!parsed.ok) {
    return parsed.reason === 'decimals'
      ? t('counter.amountDecimals', { decimals })
      : t('counter.amountFormat');
  }
  if (parsed.minor <= 0) return t('payg.moreThanZero');
  return null;
}

export function TermsDialog(props: { devices: PaygTermsRow[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const { decimals, code } = settings.currency;
  const money = (minor: number) => formatMoney(minor, decimals, code, i18n.language);
  const first = props.devices[0];
  const one = props.devices.length === 1 ? first : undefined;
  const [daily, setDaily] = useState(
    one?.dailyPriceMinor ? minorToMajorInput(one.dailyPriceMinor, decimals) : '',
  );
  const [unlockOn, setUnlockOn] = useState(one ? one.totalPriceMinor !== null : true);
  const [total, setTotal] = useState(
    one?.totalPriceMinor ? minorToMajorInput(one.totalPriceMinor, decimals) : '',
  );
  const [tried, setTried] = useState(false);
  const set = useCommandMutation('payg.setTerms', {
    onSuccess: (result) => {
      notifications.show({ color: 'teal', message: t('payg.saved', { count: result.updated }) });
      props.onClose();
    },
  });

  const dailyError = amountError(t, daily, decimals);
  let totalError = unlockOn ? amountError(t, total, decimals) : null;
  const dailyMinor = dailyError === null ? parseMajorToMinor(daily, decimals) : null;
  const totalMinor = unlockOn && totalError === null ? parseMajorToMinor(total, decimals) : null;
  if (dailyMinor?.ok && totalMinor?.ok && totalMinor.minor < dailyMinor.minor) {
    totalError = t('payg.totalBelowDay');
  }
  const days =
    dailyMinor?.ok && totalMinor?.ok && totalError === null
      ? Math.ceil(totalMinor.minor / dailyMinor.minor)
      : null;
  const changing = props.devices.filter((d) => d.dailyPriceMinor !== null).length;

  const submit = () => {
    setTried(true);
    if (dailyError || totalError || !dailyMinor?.ok) return;
    set.mutate({
      deviceIds: props.devices.map((d) => d.id),
      dailyPriceMinor: dailyMinor.minor,
      totalPriceMinor: totalMinor?.ok ? totalMinor.minor : null,
    });
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={
        one
          ? t('payg.titleOne', { serial: one.serial })
          : t('payg.titleMany', { count: props.devices.length })
      }
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {!one && (
            <Text size="sm" c="dimmed">
              {props.devices
                .slice(0, 8)
                .map((d) => d.serial)
                .join(', ')}
              {props.devices.length > 8 ? ` … (+${props.devices.length - 8})` : ''}
            </Text>
          )}
          <TextInput
            label={t('payg.daily')}
            description={code}
            withAsterisk
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={20}
            value={daily}
            onChange={(event) => setDaily(event.currentTarget.value)}
            error={(tried || daily !== '') && dailyError}
          />
          <Switch
            label={t('payg.unlockOn')}
            description={t('payg.unlockHelp')}
            checked={unlockOn}
            onChange={(event) => setUnlockOn(event.currentTarget.checked)}
          />
          {unlockOn && (
            <TextInput
              label={t('payg.total')}
              description={code}
              withAsterisk
              inputMode="decimal"
              autoComplete="off"
              maxLength={20}
              value={total}
              onChange={(event) => setTotal(event.currentTarget.value)}
              error={(tried || total !== '') && totalError}
            />
          )}
          {dailyMinor?.ok && dailyError === null && (
            <Text size="sm" role="status">
              {days !== null && totalMinor?.ok
                ? t('payg.summaryUnlock', {
                    daily: money(dailyMinor.minor),
                    total: money(totalMinor.minor),
                    days,
                  })
                : t('payg.summary', { daily: money(dailyMinor.minor) })}
            </Text>
          )}
          {!one && changing > 0 && (
            <Alert color="yellow" variant="light">
              {t('payg.replaces', { count: changing })}
            </Alert>
          )}
          {set.error && (
            <Alert color="red" variant="light" role="alert">
              {coreMessage(t, set.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={set.isPending}>
              {one ? t('payg.save') : t('payg.saveMany', { count: props.devices.length })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
