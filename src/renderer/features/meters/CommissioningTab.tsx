// Commissioning new Modbus meters: choose the port and the meter's profile, find who answers on
// the bus (addresses 1 to 247), then give a meter that is alone on the bus its own address.
import {
  Alert,
  Button,
  Card,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useCommandQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';
import { OperationProgress, ProfileProblems, profileLabel, useOperation } from './meter-parts';
import { LineOverrideFields, PortPicker, type LineOverrides } from './PortFields';

type ScanInput = Omit<InputOf<'meters.scan'>, 'operationId'>;

function asAddress(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 247 ? n : null;
}

export function CommissioningTab() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const profiles = useCommandQuery('meters.profiles', {});
  const [port, setPort] = useState('');
  const [profileId, setProfileId] = useState<string | null>(null);
  const [line, setLine] = useState<LineOverrides>({});
  const [from, setFrom] = useState<string | number>(1);
  const [to, setTo] = useState<string | number>(247);
  const [current, setCurrent] = useState<string | number>('');
  const [next, setNext] = useState<string | number>('');
  const [confirming, setConfirming] = useState(false);
  const operation = useOperation();

  const profile = profiles.data?.profiles.find((p) => p.id === profileId) ?? null;
  const n = new Intl.NumberFormat(i18n.language);

  const scan = useMutation<OutputOf<'meters.scan'>, ApiError, ScanInput>({
    mutationFn: (input) =>
      operation.run((operationId) => call('meters.scan', { ...input, operationId })),
  });
  const setAddress = useMutation<
    OutputOf<'meters.setAddress'>,
    ApiError,
    InputOf<'meters.setAddress'>
  >({
    mutationFn: (input) => call('meters.setAddress', input),
    onSettled: () => setConfirming(false),
  });

  const fromN = asAddress(from);
  const toN = asAddress(to);
  const ready = port.trim() !== '' && profile !== null;
  const scanInput: ScanInput | null =
    ready && fromN !== null && toN !== null
      ? { port: port.trim(), profileId: profile.id, from: fromN, to: toN, ...line }
      : null;
  const currentN = asAddress(current);
  const nextN = asAddress(next);
  const addressInput: InputOf<'meters.setAddress'> | null =
    ready && currentN !== null && nextN !== null && currentN !== nextN
      ? { port: port.trim(), profileId: profile.id, current: currentN, next: nextN, ...line }
      : null;
  const scanErrors = serverFieldErrors(t, scan.error);
  const addressErrors = serverFieldErrors(t, setAddress.error);

  return (
    <Stack>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="com-bus">
        <Title order={2} size="h4" id="com-bus">
          {t('meters.com.step1')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('meters.com.step1Help')}
        </Text>
        <Stack gap="sm">
          <PortPicker value={port} onChange={setPort} line={line} />
          <ProfileProblems problems={profiles.data?.problems ?? []} />
          <ErrorAlert error={profiles.error} />
          <Select
            label={t('meters.profile')}
            placeholder={t('meters.chooseProfile')}
            data={(profiles.data?.profiles ?? []).map((p) => ({
              value: p.id,
              label: profileLabel(p),
            }))}
            value={profileId}
            onChange={(value) => {
              setProfileId(value);
              scan.reset();
              setAddress.reset();
            }}
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            maw={420}
          />
          {profile && (
            <Text size="xs" c="dimmed">
              {t('meters.com.profileDefaults', {
                baud: profile.defaults.baud,
                dataBits: profile.defaults.dataBits,
                parity: t(`meters.parities.${profile.defaults.parity}`),
                stopBits: profile.defaults.stopBits,
                address: profile.defaults.address,
              })}
            </Text>
          )}
          <Fieldset legend={t('meters.lineOverrides')} variant="default">
            <LineOverrideFields value={line} onChange={setLine} defaults={profile?.defaults} />
          </Fieldset>
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="com-scan">
        <Title order={2} size="h4" id="com-scan">
          {t('meters.com.step2')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('meters.com.step2Help')}
        </Text>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <NumberInput
              label={t('meters.com.from')}
              value={from}
              onChange={setFrom}
              min={1}
              max={247}
              allowDecimal={false}
              w={120}
              error={scanErrors.from}
            />
            <NumberInput
              label={t('meters.com.to')}
              value={to}
              onChange={setTo}
              min={1}
              max={247}
              allowDecimal={false}
              w={120}
              error={scanErrors.to}
            />
            <Button
              onClick={() => scanInput && scan.mutate(scanInput)}
              disabled={!scanInput}
              loading={scan.isPending}
            >
              {t('meters.com.scan')}
            </Button>
          </Group>
          {!ready && (
            <Text size="sm" c="dimmed">
              {t('meters.com.needPortAndProfile')}
            </Text>
          )}
          {scan.isPending && (
            <OperationProgress
              label={t('meters.com.scanning')}
              progress={operation.progress}
              onCancel={operation.cancel}
              cancelling={operation.cancelling}
            />
          )}
          <ErrorAlert error={scan.error} />
          {scan.data && (
            <Stack gap="xs">
              <Text size="sm" data-testid="scan-summary">
                {t('meters.com.scanSummary', {
                  count: scan.data.found.length,
                  found: n.format(scan.data.found.length),
                  scanned: n.format(scan.data.scanned),
                  probe: scan.data.probe,
                })}
                {scan.data.cancelled && ` ${t('meters.bulk.wasCancelled')}`}
              </Text>
              {scan.data.found.length > 0 && (
                <Table striped verticalSpacing={4} aria-label={t('meters.com.foundTable')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={100}>{t('meters.com.address')}</Table.Th>
                      <Table.Th>{t('meters.com.value', { probe: scan.data.probe })}</Table.Th>
                      <Table.Th>{t('meters.com.problem')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {scan.data.found.map((row) => (
                      <Table.Tr key={row.address}>
                        <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {row.address}
                        </Table.Td>
                        <Table.Td>{row.value === null ? '—' : n.format(row.value)}</Table.Td>
                        <Table.Td>{row.problem ?? ''}</Table.Td>
                        <Table.Td ta="right">
                          {profile?.canSetAddress && (
                            <Button
                              size="compact-sm"
                              variant="light"
                              onClick={() => setCurrent(row.address)}
                            >
                              {t('meters.com.useAddress', { address: row.address })}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="com-address">
        <Title order={2} size="h4" id="com-address">
          {t('meters.com.step3')}
        </Title>
        {!profile ? (
          <Text size="sm" c="dimmed">
            {t('meters.com.chooseProfileFirst')}
          </Text>
        ) : !profile.canSetAddress ? (
          <Text size="sm" c="dimmed">
            {t('meters.com.cannotSetAddress', { profile: profileLabel(profile) })}
          </Text>
        ) : (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('meters.com.step3Help')}
            </Text>
            <Group align="flex-end" gap="sm">
              <NumberInput
                label={t('meters.com.current')}
                value={current}
                onChange={setCurrent}
                min={1}
                max={247}
                allowDecimal={false}
                w={160}
                error={addressErrors.current}
              />
              <NumberInput
                label={t('meters.com.next')}
                value={next}
                onChange={setNext}
                min={1}
                max={247}
                allowDecimal={false}
                w={160}
                error={addressErrors.next}
              />
              <Button
                color="orange"
                disabled={!addressInput}
                onClick={() => setConfirming(true)}
                loading={setAddress.isPending}
              >
                {t('meters.com.giveAddress')}
              </Button>
            </Group>
            {currentN !== null && currentN === nextN && (
              <Text size="sm" c="red">
                {t('meters.com.sameAddress')}
              </Text>
            )}
            {profile.verifyHint && (
              <Text size="xs" c="dimmed">
                {profile.verifyHint}
              </Text>
            )}
            <ErrorAlert error={setAddress.error} />
            {setAddress.data && (
              <Alert
                color={setAddress.data.ok ? 'teal' : 'red'}
                variant="light"
                role={setAddress.data.ok ? 'status' : 'alert'}
                title={setAddress.data.ok ? t('meters.com.changed') : t('meters.com.notChanged')}
              >
                {setAddress.data.message}
              </Alert>
            )}
          </Stack>
        )}
      </Card>

      <Modal
        opened={confirming && addressInput !== null}
        onClose={() => setConfirming(false)}
        title={t('meters.com.confirmTitle')}
      >
        <Stack gap="sm">
          <Alert color="orange" variant="light" title={t('meters.com.aloneTitle')}>
            {t('meters.com.aloneHelp')}
          </Alert>
          <Text size="sm">
            {t('meters.com.confirmText', {
              port: port.trim(),
              current: currentN ?? '',
              next: nextN ?? '',
            })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              loading={setAddress.isPending}
              onClick={() => addressInput && setAddress.mutate(addressInput)}
              data-autofocus
            >
              {t('meters.com.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
