import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  Menu,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractsCard } from '../contracts/ContractsCard';
import { Link, useParams } from 'react-router';
import { commands, roleMayCall, type OutputOf } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { DeviceStatusBadge } from '../../components/StatusBadges';
import { AssignTariffDialog } from '../tariffs/AssignTariffDialog';
import { MeterSection } from '../meters/MeterSection';
import { formatDay, formatInstant, formatInstantDay } from '../../lib/format';
import {
  AssignDialog,
  CredentialsDialog,
  EditDeviceDialog,
  MoveDialog,
  StatusDialog,
  UnassignDialog,
} from './DeviceDialogs';
import { canBeGivenOut } from '../../../domain/device-assignment';

type Dialog = 'assign' | 'unassign' | 'move' | 'status' | 'edit' | 'credentials' | 'tariff' | null;
type DeviceEvent = OutputOf<'devices.get'>['history'][number];

function Item(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children || '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

const EVENT_COLORS: Record<string, string> = {
  registered: 'blue',
  assigned: 'teal',
  unassigned: 'orange',
  moved: 'grape',
  status: 'yellow',
  updated: 'gray',
  credentials: 'indigo',
};

function HistoryItem(props: { event: DeviceEvent }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const e = props.event;
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {t(`devices.events.${e.event}`, { defaultValue: e.event })}
        </Text>
        <Text size="xs" c="dimmed">
          <time dateTime={e.at}>
            {formatInstant(e.at, settings.office.timeZone, i18n.language)}
          </time>
          {' · '}
          {t('devices.by', { name: e.actor })}
        </Text>
      </Group>
      {(e.customer || e.village) && (
        <Text size="sm" c="dimmed">
          {e.customer && (
            <Anchor component={Link} to={`/customers/${e.customer.id}`} size="sm">
              {`${e.customer.accountNumber} · ${e.customer.name}`}
            </Anchor>
          )}
          {e.customer && e.village && ' · '}
          {e.village}
        </Text>
      )}
      {e.note && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {e.note}
        </Text>
      )}
    </>
  );
}

/** One device: what it is, who has it, where; its OpenPAYGO state (never the key); its history. */
export function DevicePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { user, settings } = useMe();
  const query = useCommandQuery('devices.get', { id });
  const [dialog, setDialog] = useState<Dialog>(null);
  const may = (name: keyof typeof commands) => roleMayCall(commands[name].access, user.role);

  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/devices" size="sm">
        {t('nav.devices')}
      </Anchor>
      <Text size="sm">{query.data?.device.serial ?? '…'}</Text>
    </Breadcrumbs>
  );
  if (query.isPending) {
    return (
      <Stack>
        {crumbs}
        <LoadingBlock />
      </Stack>
    );
  }
  if (query.error) {
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} />
      </Stack>
    );
  }
  const { device, history } = query.data;
  const opg = device.openpaygo;
  const close = () => setDialog(null);
  const assignable = canBeGivenOut(device.status);
  // The core lists the newest first: what happened last is what the clerk usually wants.
  const events = history;

  return (
    <Stack>
      {crumbs}
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`enums.deviceKind.${device.kind}`)} · {device.manufacturer} {device.model}
          </Text>
          <Group gap="sm">
            <Title order={1} ff="monospace" size="h2">
              {device.serial}
            </Title>
            <DeviceStatusBadge status={device.status} />
          </Group>
        </div>
        <Group gap="xs">
          {may('devices.assign') &&
            (device.customer ? (
              <Button variant="light" color="orange" onClick={() => setDialog('unassign')}>
                {t('devices.unassign')}
              </Button>
            ) : (
              <Button onClick={() => setDialog('assign')} disabled={!assignable}>
                {t('devices.assign')}
              </Button>
            ))}
          {device.kind === 'meter' && may('tariffs.assign') && (
            <Button variant="default" onClick={() => setDialog('tariff')}>
              {t('tariffs.assignTariff')}
            </Button>
          )}
          {may('devices.move') && (
            <Button variant="default" onClick={() => setDialog('move')}>
              {t('devices.move')}
            </Button>
          )}
          {may('devices.update') && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default">{t('devices.more')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setDialog('status')}>
                  {t('devices.changeStatus')}
                </Menu.Item>
                <Menu.Item onClick={() => setDialog('edit')}>{t('devices.editDetails')}</Menu.Item>
                {device.tokenScheme === 'openpaygo' && may('devices.setOpenPaygo') && (
                  <Menu.Item onClick={() => setDialog('credentials')}>
                    {t('devices.openpaygo.set')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Card withBorder radius="md" padding="md" component="section" aria-labelledby="details">
              <Title order={2} size="h4" id="details" mb="sm">
                {t('devices.details')}
              </Title>
              <DataList labelWidth={160} gap="xs" size="sm">
                <Item label={t('devices.colKind')}>{t(`enums.deviceKind.${device.kind}`)}</Item>
                <Item label={t('fields.manufacturer')}>{device.manufacturer}</Item>
                <Item label={t('fields.model')}>{device.model}</Item>
                <Item label={t('devices.colTokens')}>
                  {t(`enums.tokenScheme.${device.tokenScheme}`)}
                </Item>
                {device.kind === 'meter' && (
                  <Item label={t('fields.billingMode')}>
                    {device.billingMode ? t(`enums.billingMode.${device.billingMode}`) : ''}
                  </Item>
                )}
                {device.kind === 'meter' && (
                  <Item label={t('tariffs.tariff')}>
                    {device.tariff ? (
                      <Text span size="sm" data-testid="device-tariff">
                        {device.tariff.name}
                      </Text>
                    ) : (
                      <Text span size="sm" c="orange" data-testid="device-tariff">
                        {t('tariffs.noTariffOnMeter')}
                      </Text>
                    )}
                  </Item>
                )}
                <Item label={t('fields.customer')}>
                  {device.customer ? (
                    <Anchor component={Link} to={`/customers/${device.customer.id}`} size="sm">
                      <Text span ff="monospace" size="sm">
                        {device.customer.accountNumber}
                      </Text>{' '}
                      {device.customer.name}
                    </Anchor>
                  ) : (
                    <Text span size="sm" c="dimmed">
                      {t('devices.inStockNobody')}
                    </Text>
                  )}
                </Item>
                <Item label={t('customers.site')}>
                  {device.site ? `${device.site.miniGrid} › ${device.site.village}` : ''}
                </Item>
                <Item label={t('fields.installedAt')}>
                  {formatDay(device.installedAt, i18n.language)}
                </Item>
                <Item label={t('customers.registered')}>
                  {formatInstantDay(device.createdAt, settings.office.timeZone, i18n.language)}
                </Item>
                <Item label={t('fields.notes')}>{device.notes}</Item>
              </DataList>
            </Card>
            {device.tokenScheme === 'openpaygo' && (
              <Card withBorder radius="md" padding="md" component="section" aria-labelledby="opg">
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h4" id="opg">
                    {t('devices.openpaygo.legend')}
                  </Title>
                  {opg ? (
                    <Badge color="teal" variant="light">
                      {t('devices.openpaygo.keySet')}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="light">
                      {t('devices.openpaygo.noKey')}
                    </Badge>
                  )}
                </Group>
                {opg ? (
                  <DataList labelWidth={160} gap="xs" size="sm">
                    <Item label={t('devices.openpaygo.startingCode')}>
                      {String(opg.startingCode)}
                    </Item>
                    <Item label={t('devices.openpaygo.count')}>{String(opg.count)}</Item>
                    <Item label={t('devices.openpaygo.timeDivider')}>
                      {String(opg.timeDivider)}
                    </Item>
                    <Item label={t('devices.openpaygo.restrictedDigits')}>
                      {opg.restrictedDigits ? t('common.yes') : t('common.no')}
                    </Item>
                    <Item label={t('devices.openpaygo.owningOffice')}>
                      {opg.ownedHere
                        ? t('devices.openpaygo.ownedHere', { office: opg.owningOffice })
                        : opg.owningOffice}
                    </Item>
                  </DataList>
                ) : (
                  <Text size="sm" c="dimmed">
                    {may('devices.setOpenPaygo')
                      ? t('devices.openpaygo.noKeyHelp')
                      : t('devices.openpaygo.laterBySupervisor')}
                  </Text>
                )}
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {device.kind !== 'meter' && <ContractsCard deviceId={device.id} />}
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="history">
            <Title order={2} size="h4" id="history" mb="md">
              {t('devices.history')}
            </Title>
            {events.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('devices.noHistory')}
              </Text>
            ) : (
              <Timeline bulletSize={14} lineWidth={2} active={events.length}>
                {events.map((event) => (
                  <Timeline.Item key={event.id} color={EVENT_COLORS[event.event] ?? 'gray'}>
                    <HistoryItem event={event} />
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {device.kind === 'meter' && <MeterSection device={device} />}
      {dialog === 'assign' && <AssignDialog device={device} onClose={close} />}
      {dialog === 'unassign' && <UnassignDialog device={device} onClose={close} />}
      {dialog === 'move' && <MoveDialog device={device} onClose={close} />}
      {dialog === 'status' && <StatusDialog device={device} onClose={close} />}
      {dialog === 'edit' && <EditDeviceDialog device={device} onClose={close} />}
      {dialog === 'tariff' && <AssignTariffDialog device={device} onClose={close} />}
      {dialog === 'credentials' && <CredentialsDialog device={device} onClose={close} />}
    </Stack>
  );
}
