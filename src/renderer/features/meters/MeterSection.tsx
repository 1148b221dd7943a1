// The meter part of a device page: how the meter is reached (and "Edit link"), Read now, a reading
// typed from the display, the OpenEMS mapping, consumption by day or month, and the readings
// history with the review of flagged ones. Every rule (flags, plausibility) is the core's.
import {
  Alert,
  Badge,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, type Device } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant, startOfDayUtc } from '../../lib/format';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { maxLengthOf } from '../../lib/limits';
import { mayUse } from '../shell/areas';
import { BarChart } from './BarChart';
import { MeterLinkModal } from './MeterLinkModal';
import { ReadingStatusBadge, formatKwh, profileLabel } from './meter-parts';
import { ReadingsHistory } from './ReadingsHistory';

function Item(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children || '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** "2026-11-20T14:30" on the office's clock, as an instant. */
function officeLocalToIso(value: string, timeZone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match?.[1]) return null;
  const start = startOfDayUtc(match[1], timeZone);
  if (!start) return null;
  const ms = start.getTime() + Number(match[2]) * 3_600_000 + Number(match[3]) * 60_000;
  return new Date(ms).toISOString();
}

/** The usual short form of line settings, e.g. 9600 · 8N1 (the same letters in every language). */
const PARITY_LETTER = { none: 'N', even: 'E', odd: 'O' } as const;

const VALUE_KEYS = ['import_kwh', 'voltage_v', 'current_a', 'power_w'] as const;

function ReadNow(props: { deviceId: string; configured: boolean }) {
  const { t, i18n } = useTranslation();
  const read = useCommandMutation('meters.readNow');
  const n = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 });
  const result = read.data;
  const rank = (key: string) => {
    const i = (VALUE_KEYS as readonly string[]).indexOf(key);
    return i < 0 ? VALUE_KEYS.length : i;
  };
  const shown = result ? Object.entries(result.values).sort(([a], [b]) => rank(a) - rank(b)) : [];
  return (
    <Stack gap="xs">
      <Group>
        <Button
          variant="light"
          onClick={() => read.mutate({ deviceId: props.deviceId })}
          loading={read.isPending}
          disabled={!props.configured}
        >
          {t('meters.readNow')}
        </Button>
        {!props.configured && (
          <Text size="sm" c="dimmed">
            {t('meters.link.needLink')}
          </Text>
        )}
      </Group>
      <ErrorAlert error={read.error} />
      {result && (
        <Alert
          color={result.outcome === 'ok' ? (result.reading?.flag ? 'orange' : 'teal') : 'red'}
          variant="light"
          title={t(`meters.outcome.${result.outcome}`)}
          data-testid="read-now-result"
        >
          <Stack gap={4}>
            <Text size="sm">{result.message}</Text>
            {shown.length > 0 && (
              <DataList labelWidth={140} gap={2} size="sm">
                {shown.map(([key, value]) => (
                  <Item key={key} label={t(`meters.values.${key}`, { defaultValue: key })}>
                    {n.format(value)}
                  </Item>
                ))}
              </DataList>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function ManualReading(props: { deviceId: string }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const [kwh, setKwh] = useState<string | number>('');
  const [when, setWhen] = useState('');
  const [note, setNote] = useState('');
  const add = useCommandMutation('readings.addManual', {
    onSuccess: (r) => {
      setKwh('');
      setWhen('');
      setNote('');
      if (!r.flag) notifications.show({ color: 'teal', message: t('meters.manual.saved') });
    },
  });
  const errors = serverFieldErrors(t, add.error);
  // The contract's rule for the reading, said as it is typed (a negative reading is refused,
  // never changed to 0).
  const typedKwhError =
    typeof kwh === 'number'
      ? toFormErrors(
          t,
          schemaIssues(commands['readings.addManual'].input, { deviceId: props.deviceId, kwh }),
        ).kwh
      : undefined;
  const stored = add.data;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="manual">
      <Title order={3} size="h4" id="manual">
        {t('meters.manual.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('meters.manual.help')}
      </Text>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const readAt = when ? officeLocalToIso(when, settings.office.timeZone) : null;
          add.mutate({
            deviceId: props.deviceId,
            kwh: typeof kwh === 'number' ? kwh : Number.NaN,
            ...(readAt ? { readAt } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          });
        }}
      >
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <NumberInput
              label={t('meters.manual.kwh')}
              description={t('meters.manual.kwhHelp')}
              withAsterisk
              value={kwh}
              onChange={setKwh}
              min={0}
              decimalScale={3}
              thousandSeparator=" "
              w={180}
              error={typedKwhError ?? errors.kwh}
            />
            <TextInput
              type="datetime-local"
              label={t('meters.manual.when')}
              description={t('meters.manual.whenHelp')}
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              w={230}
              error={errors.readAt}
            />
          </Group>
          <TextInput
            label={t('meters.manual.note')}
            value={note}
            maxLength={maxLengthOf(commands['readings.addManual'].input, 'note')}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
          />
          <ErrorAlert error={Object.keys(errors).length > 0 ? null : add.error} />
          {stored?.flag && (
            <Alert
              color="orange"
              variant="light"
              title={t('meters.manual.flaggedTitle')}
              role="alert"
              data-testid="manual-flagged"
            >
              {stored.flagReason}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={kwh === ''}>
              {t('meters.manual.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function OpenemsMapping(props: { deviceId: string; editable: boolean }) {
  const { t } = useTranslation();
  const list = useCommandQuery('openems.list', {});
  const edges = list.data?.edges ?? [];
  const mapped = edges.flatMap((e) =>
    e.meters.filter((m) => m.deviceId === props.deviceId).map((m) => ({ edge: e, ...m })),
  )[0];
  const [edgeId, setEdgeId] = useState<string | null | undefined>(undefined);
  const [component, setComponent] = useState<string | undefined>(undefined);
  const map = useCommandMutation('openems.mapMeter', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('meters.ems.mapSaved') }),
  });
  if (edges.length === 0) return null;
  const chosenEdge = edgeId === undefined ? (mapped?.edge.id ?? null) : edgeId;
  const chosenComponent = component ?? mapped?.component ?? '';
  const errors = serverFieldErrors(t, map.error);
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {t('meters.ems.mappingTitle')}
      </Title>
      <Group align="flex-start" gap="sm">
        <Select
          label={t('meters.ems.edge')}
          placeholder={t('meters.ems.notMapped')}
          data={edges.map((e) => ({ value: e.id, label: e.name }))}
          value={chosenEdge}
          onChange={setEdgeId}
          clearable
          disabled={!props.editable}
          w={220}
        />
        <TextInput
          label={t('meters.ems.component')}
          placeholder="meter0"
          value={chosenComponent}
          onChange={(e) => setComponent(e.currentTarget.value)}
          disabled={!props.editable || !chosenEdge}
          error={errors.component}
          w={160}
          spellCheck={false}
        />
        {props.editable && (
          <Button
            mt={25}
            variant="default"
            loading={map.isPending}
            onClick={() =>
              map.mutate({
                deviceId: props.deviceId,
                edgeId: chosenEdge,
                ...(chosenEdge ? { component: chosenComponent.trim() } : {}),
              })
            }
          >
            {chosenEdge ? t('meters.ems.map') : t('meters.ems.unmap')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={errors.component ? null : map.error} />
    </Stack>
  );
}

function Consumption(props: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const [granularity, setGranularity] = useState<'daily' | 'monthly'>('daily');
  const query = useCommandQuery('readings.consumption', {
    deviceId: props.deviceId,
    granularity,
  });
  const buckets = query.data?.buckets ?? [];
  const shown = granularity === 'daily' ? buckets.slice(-31) : buckets.slice(-24);
  const fmt = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const label = (period: string, long: boolean) => {
    const [y, m, d] = period.split('-').map(Number);
    const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
    const options: Intl.DateTimeFormatOptions =
      granularity === 'daily'
        ? long
          ? { dateStyle: 'medium', timeZone: 'UTC' }
          : { day: 'numeric', month: 'short', timeZone: 'UTC' }
        : { month: long ? 'long' : 'short', year: long ? 'numeric' : '2-digit', timeZone: 'UTC' };
    return new Intl.DateTimeFormat(i18n.language, options).format(date);
  };
  const total = formatKwh(query.data?.totalWh ?? 0, i18n.language);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="consumption">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="consumption">
          {t('meters.chart.title')}
        </Title>
        <SegmentedControl
          size="xs"
          value={granularity}
          onChange={(v) => setGranularity(v === 'monthly' ? 'monthly' : 'daily')}
          data={[
            { value: 'daily', label: t('meters.chart.daily') },
            { value: 'monthly', label: t('meters.chart.monthly') },
          ]}
          aria-label={t('meters.chart.granularity')}
        />
      </Group>
      <ErrorAlert error={query.error} />
      {query.data && shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('meters.chart.empty')}
        </Text>
      ) : (
        query.data && (
          <>
            <BarChart
              testId="consumption-chart"
              title={t(granularity === 'daily' ? 'meters.chart.perDay' : 'meters.chart.perMonth')}
              summary={t('meters.chart.summary', { count: shown.length, total })}
              unit="kWh"
              bars={shown.map((b) => ({
                label: label(b.period, false),
                title: label(b.period, true),
                value: b.wh / 1000,
              }))}
              format={(v) => fmt.format(v)}
            />
            <Text size="sm" c="dimmed" mt="xs">
              {t('meters.chart.total', { total })}
            </Text>
          </>
        )
      )}
    </Card>
  );
}

/** The "Meter" part of the device page, for devices of kind meter. */
export function MeterSection(props: { device: Device }) {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const { device } = props;
  const meter = useCommandQuery('meters.get', { deviceId: device.id });
  const profiles = useCommandQuery('meters.profiles', {}, { staleTime: 60_000 });
  const [editing, setEditing] = useState(false);
  const mayEdit = mayUse('meters.configure', user.role);
  const mayRead = mayUse('meters.readNow', user.role);
  const mayAdd = mayUse('readings.addManual', user.role);
  const link = meter.data?.link ?? null;
  const latest = meter.data?.latest ?? null;
  const effective = link?.effective;
  const profile = profiles.data?.profiles.find((p) => p.id === link?.profileId);

  return (
    <Stack gap="md" component="section" aria-labelledby="meter-section">
      <Title order={2} size="h3" id="meter-section">
        {t('meters.section')}
      </Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Card withBorder radius="md" padding="md" component="section" aria-labelledby="link">
              <Group justify="space-between" mb="sm">
                <Group gap="xs">
                  <Title order={3} size="h4" id="link">
                    {t('meters.link.title')}
                  </Title>
                  {(meter.data?.flaggedCount ?? 0) > 0 && (
                    <Badge color="orange" variant="light">
                      {t('meters.toReview', { count: meter.data?.flaggedCount ?? 0 })}
                    </Badge>
                  )}
                </Group>
                {mayEdit && (
                  <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                    {t('meters.link.edit')}
                  </Button>
                )}
              </Group>
              <ErrorAlert error={meter.error} />
              {meter.data && (
                <Stack gap="sm">
                  {link ? (
                    <DataList labelWidth={160} gap="xs" size="sm">
                      <Item label={t('meters.link.protocol')}>
                        {t(`meters.protocols.${link.protocol}`)}
                      </Item>
                      <Item label={t('meters.port')}>
                        {link.port && (
                          <Text span ff="monospace" size="sm">
                            {link.port}
                          </Text>
                        )}
                      </Item>
                      {link.protocol === 'modbus-rtu' && (
                        <Item label={t('meters.profile')}>
                          {profile ? profileLabel(profile) : link.profileId}
                        </Item>
                      )}
                      <Item label={t('meters.link.busAddress')}>{link.busAddress}</Item>
                      <Item label={t('meters.link.line')}>
                        {effective &&
                          `${effective.baud} · ${effective.dataBits}${PARITY_LETTER[effective.parity]}${effective.stopBits}`}
                      </Item>
                      <Item label={t('meters.link.maxKwhPerDay')}>{String(link.maxKwhPerDay)}</Item>
                    </DataList>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('meters.link.none')}
                    </Text>
                  )}
                  <DataList labelWidth={160} gap="xs" size="sm">
                    <Item label={t('meters.latest')}>
                      {latest && (
                        <Group gap="xs" component="span">
                          <Text span size="sm" fw={600}>
                            {`${formatKwh(latest.wh, i18n.language)} kWh`}
                          </Text>
                          <Text span size="xs" c="dimmed">
                            {formatInstant(latest.readAt, settings.office.timeZone, i18n.language)}
                          </Text>
                          <ReadingStatusBadge status={latest.status} />
                        </Group>
                      )}
                    </Item>
                  </DataList>
                  {mayRead && <ReadNow deviceId={device.id} configured={link?.port != null} />}
                  <OpenemsMapping deviceId={device.id} editable={mayEdit} />
                </Stack>
              )}
            </Card>
            {mayAdd && <ManualReading deviceId={device.id} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Consumption deviceId={device.id} />
        </Grid.Col>
      </Grid>
      <ReadingsHistory deviceId={device.id} />
      {editing && (
        <MeterLinkModal
          deviceId={device.id}
          serial={device.serial}
          link={link}
          onClose={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}
