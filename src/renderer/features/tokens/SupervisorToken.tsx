// A supervisor token (SET_TIME, DISABLE_PAYG, COUNTER_SYNC) for one device, with a reason. The
// form is checked against the command's own input schema, then a confirm step says what the token
// does before the core issues it; the token is then shown big, grouped for reading aloud.
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, type InputOf, type OutputOf } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import {
  schemaIssues,
  serverFieldErrors,
  toFormErrors,
  type FormErrors,
} from '../../lib/form-errors';
import { coreMessage } from '../../lib/core-message';
import { DevicePicker, type PickedDevice } from './DevicePicker';
import { Fact } from './Fact';

type SupervisorType = 'SET_TIME' | 'DISABLE_PAYG' | 'COUNTER_SYNC';
const TYPES: SupervisorType[] = ['SET_TIME', 'DISABLE_PAYG', 'COUNTER_SYNC'];

type Step = 'form' | 'confirm';

export function SupervisorToken() {
  const { t } = useTranslation();
  const searchRef = useRef<HTMLInputElement>(null);
  const daysRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  const [device, setDevice] = useState<PickedDevice | null>(null);
  const [type, setType] = useState<SupervisorType>('SET_TIME');
  const [days, setDays] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [step, setStep] = useState<Step>('form');
  const [result, setResult] = useState<OutputOf<'tokens.supervisor'> | null>(null);
  const [issuedFor, setIssuedFor] = useState<PickedDevice | null>(null);

  const issue = useCommandMutation('tokens.supervisor', {
    onSuccess: (data) => {
      setResult(data);
      setIssuedFor(device);
      setStep('form');
      window.setTimeout(() => doneRef.current?.focus(), 0);
    },
    onError: (error) => {
      const fields = serverFieldErrors(t, error);
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        setStep('form');
      }
    },
  });

  const input = (): InputOf<'tokens.supervisor'> => {
    const base = { deviceId: device?.id ?? '', type, reason };
    return type === 'SET_TIME' && typeof days === 'number' ? { ...base, days } : base;
  };

  const review = () => {
    if (!device) {
      setErrors({ deviceId: t('tokens.chooseDeviceFirst') });
      searchRef.current?.focus();
      return;
    }
    const found = toFormErrors(t, schemaIssues(commands['tokens.supervisor'].input, input()));
    // An empty days field: the schema says "is required for SET_TIME"; say it as any required field.
    if (found.days && days === '') found.days = t('issues.required');
    setErrors(found);
    if (found.days) {
      daysRef.current?.focus();
      return;
    }
    if (found.reason) {
      reasonRef.current?.focus();
      return;
    }
    if (Object.keys(found).length > 0) return;
    issue.reset();
    setStep('confirm');
    window.setTimeout(() => confirmRef.current?.focus(), 0);
  };

  const back = () => {
    setStep('form');
    window.setTimeout(() => reasonRef.current?.focus(), 0);
  };

  const again = () => {
    setResult(null);
    setIssuedFor(null);
    setDevice(null);
    setType('SET_TIME');
    setDays('');
    setReason('');
    setErrors({});
    issue.reset();
    window.setTimeout(() => searchRef.current?.focus(), 0);
  };

  useHotkeys([['Escape', () => step === 'confirm' && !issue.isPending && back()]], []);

  if (result) {
    return (
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="supervisor-issued"
        maw={900}
      >
        <Stack gap="md">
          <Title order={2} size="h3" id="supervisor-issued">
            {t('tokens.supervisorIssued', { type: t(`tokens.types.${result.type}`) })}
          </Title>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('tokens.token')}
            </Text>
            <Text
              ff="monospace"
              fz={48}
              fw={700}
              lh={1.15}
              data-testid="supervisor-token"
              style={{ letterSpacing: '0.04em' }}
            >
              {result.grouped}
            </Text>
          </Stack>
          <Group gap="xl">
            <Fact label={t('tokens.device')} value={issuedFor?.serial ?? ''} />
            <Fact label={t('tokens.type')} value={t(`tokens.types.${result.type}`)} />
            <Fact label={t('tokens.count')} value={String(result.count)} />
          </Group>
          {result.warning && (
            <Alert color="yellow" variant="light" role="alert">
              {result.warning}
            </Alert>
          )}
          <Group>
            <Button ref={doneRef} size="md" variant="outline" onClick={again}>
              {t('tokens.another')}
            </Button>
          </Group>
        </Stack>
      </Card>
    );
  }

  const confirming = step === 'confirm';

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="supervisor"
      maw={900}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (confirming) {
            if (device && !issue.isPending) issue.mutate(input());
          } else {
            review();
          }
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="supervisor">
            {t('tokens.supervisorTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tokens.supervisorHelp')}
          </Text>
          <div>
            <DevicePicker
              label={t('tokens.device')}
              value={device}
              inputRef={searchRef}
              autoFocus
              disabled={confirming}
              onChange={(picked) => {
                setDevice(picked);
                setErrors((e) => ({ ...e, deviceId: '' }));
                if (picked) window.setTimeout(() => reasonRef.current?.focus(), 0);
              }}
            />
            {errors.deviceId && (
              <Text size="sm" c="red" mt={4}>
                {errors.deviceId}
              </Text>
            )}
          </div>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="supervisor-type">
              {t('tokens.type')}
            </Text>
            <SegmentedControl
              aria-labelledby="supervisor-type"
              value={type}
              disabled={confirming}
              onChange={(value) => {
                const next = TYPES.find((x) => x === value);
                if (next) setType(next);
                setErrors((e) => ({ ...e, days: '' }));
              }}
              data={TYPES.map((x) => ({ value: x, label: t(`tokens.types.${x}`) }))}
            />
            <Text size="xs" c="dimmed">
              {t(`tokens.typeHelp.${type}`)}
            </Text>
          </Stack>
          {type === 'SET_TIME' && (
            <NumberInput
              ref={daysRef}
              size="md"
              label={t('tokens.days')}
              withAsterisk
              allowDecimal={false}

              hideControls
              maw={200}
              value={days}
              error={errors.days || undefined}
              disabled={confirming}
              onChange={(value) => {
                setDays(value);
                setErrors((e) => ({ ...e, days: '' }));
              }}
            />
          )}
          <TextInput
            ref={reasonRef}
            size="md"
            label={t('tokens.reason')}
            placeholder={t('tokens.reasonPlaceholder')}
            withAsterisk
            autoComplete="off"
            value={reason}
            error={errors.reason || undefined}
            disabled={confirming}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setErrors((e) => ({ ...e, reason: '' }));
            }}
          />
          {confirming && device && (
            <Alert
              color={type === 'SET_TIME' ? 'orange' : 'yellow'}
              variant="light"
              title={t('tokens.confirmTitle')}
              role="alert"
            >
              <Stack gap={4}>
                <Text size="sm">
                  {type === 'SET_TIME'
                    ? t('tokens.confirmSetTime', {
                        serial: device.serial,
                        days: typeof days === 'number' ? days : 0,
                      })
                    : t(`tokens.confirmOther.${type}`, { serial: device.serial })}
                </Text>
                {type === 'SET_TIME' && (
                  <Text size="sm" fw={600}>
                    {t('tokens.setTimeCancels')}
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          {issue.error && (
            <Alert color="red" variant="light" role="alert" title={t('tokens.notIssued')}>
              {coreMessage(t, issue.error)}
            </Alert>
          )}
          <Group>
            {confirming ? (
              <>
                <Button
                  ref={confirmRef}
                  type="submit"
                  size="md"
                  color="orange"
                  loading={issue.isPending}
                >
                  {t('tokens.issue')}
                </Button>
                <Button size="md" variant="default" disabled={issue.isPending} onClick={back}>
                  {t('common.back')}
                </Button>
                <Text size="xs" c="dimmed">
                  {t('tokens.escBack')}
                </Text>
              </>
            ) : (
              <Button type="submit" size="md">
                {t('tokens.review')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
