// The token checker: choose a device, type the token a customer reads out, and see what the core
// says of it (type, value, count, whether the device would take it, who issued it). Below, the
// device's issued tokens, to confirm the ones the customer has entered.
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { formatInstant } from '../../lib/format';
import { coreMessage } from '../../lib/core-message';
import { DevicePicker, type PickedDevice } from './DevicePicker';
import { DeviceTokens } from './DeviceTokens';
import { Fact } from './Fact';

type CheckResult = OutputOf<'tokens.check'>;

export function TokenChecker() {
  const { t } = useTranslation();
  const tokenRef = useRef<HTMLInputElement>(null);
  const [device, setDevice] = useState<PickedDevice | null>(null);
  const [token, setToken] = useState('');
  const [asked, setAsked] = useState<{ deviceId: string; token: string } | null>(null);

  const check = useCommandQuery('tokens.check', asked ?? { deviceId: '', token: '' }, {
    enabled: asked !== null,
    retry: false,
    staleTime: 0,
  });

  const pick = (picked: PickedDevice | null) => {
    setDevice(picked);
    setAsked(null);
    if (picked) window.setTimeout(() => tokenRef.current?.focus(), 0);
  };

  const submit = () => {
    if (!device || token.trim() === '') {
      tokenRef.current?.focus();
      return;
    }
    setAsked({ deviceId: device.id, token: token.trim() });
  };

  const current = asked !== null && device !== null && asked.deviceId === device.id;

  return (
    <Stack gap="md" maw={900}>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="checker">
        <Stack gap="md">
          <Title order={2} size="h4" id="checker">
            {t('tokens.checkerTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tokens.checkerHelp')}
          </Text>
          <DevicePicker label={t('tokens.device')} value={device} onChange={pick} autoFocus />
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Group align="flex-end" wrap="nowrap">
              <TextInput
                ref={tokenRef}
                size="md"
                style={{ flex: 1 }}
                label={t('tokens.token')}
                placeholder={t('tokens.tokenPlaceholder')}
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                ff="monospace"
                disabled={!device}
                value={token}
                onChange={(event) => setToken(event.currentTarget.value)}
              />
              <Button type="submit" size="md" disabled={!device} loading={check.isFetching}>
                {t('tokens.check')}
              </Button>
            </Group>
          </form>
          {current && check.error && (
            <Alert color="red" variant="light" role="alert" title={t('tokens.checkFailed')}>
              {coreMessage(t, check.error)}
            </Alert>
          )}
          {current && check.data && <CheckAnswer result={check.data} />}
        </Stack>
      </Card>
      {device && <DeviceTokens deviceId={device.id} />}
    </Stack>
  );
}

function CheckAnswer(props: { result: CheckResult }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const r = props.result;
  const issued = r.issued;
  return (
    <Card
      withBorder
      radius="sm"
      padding="md"
      role="region"
      aria-label={t('tokens.result')}
      data-testid="check-result"
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color={r.found ? 'teal' : 'red'} size="lg">
            {r.found ? t('tokens.found') : t('tokens.notFound')}
          </Badge>
          {r.found && (
            <Badge color={r.wouldAccept ? 'teal' : 'orange'} size="lg" variant="light">
              {r.wouldAccept ? t('tokens.wouldAccept') : t('tokens.wouldRefuse')}
            </Badge>
          )}
        </Group>
        {r.found && (
          <Group gap="xl">
            <Fact label={t('tokens.type')} value={r.type ? t(`tokens.types.${r.type}`) : '—'} />
            <Fact label={t('tokens.value')} value={r.value === undefined ? '—' : String(r.value)} />
            <Fact label={t('tokens.count')} value={r.count === undefined ? '—' : String(r.count)} />
          </Group>
        )}
        <Text size="sm">{r.reason}</Text>
        {issued ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('tokens.issuedByGridDesk')}
            </Text>
            <Group gap="xl">
              <Fact
                label={t('tokens.issuedAt')}
                value={formatInstant(issued.at, settings.office.timeZone, i18n.language)}
              />
              <Fact label={t('tokens.issuedBy')} value={issued.by} />
              <Fact label={t('tokens.receipt')} value={issued.receiptNumber ?? '—'} />
              <Fact
                label={t('tokens.entered')}
                value={issued.entered ? t('common.yes') : t('common.no')}
              />
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('tokens.notIssuedHere')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
