import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { commands, roleMayCall, type DeviceRow, type InputOf } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useCsvExport } from '../../api/use-csv-export';
import { useMe, useSession } from '../../api/session';
import { DownloadIcon } from '../../components/icons';
import { ListFilterBar } from '../../components/ListFilterBar';
import { PagedTable } from '../../components/PagedTable';
import { ColumnChooser, useColumnChoice, type ListColumn } from '../../components/ServerTable';
import { DeviceStatusBadge } from '../../components/StatusBadges';
import { formatCount, formatDay } from '../../lib/format';
import {
  BILLING_MODES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  billingModeOptions,
  deviceKindOptions,
  deviceStatusOptions,
} from '../../lib/labels';
import { searchableText, useListParams } from '../../lib/list-params';
import { NewDeviceModal } from './NewDeviceModal';

const SORTS = [
  'serial',
  'kind',
  'model',
  'status',
  'village',
  'customer',
  'installedAt',
  'createdAt',
] as const;
type Sort = (typeof SORTS)[number];
type Filters = NonNullable<InputOf<'devices.list'>['filters']>;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

/** Every meter, SHS and e-bike, a page at a time: filter, sort, export, register. */
export function DevicesPage() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const { user } = useMe();
  const navigate = useNavigate();
  const list = useListParams(SORTS, 'serial');
  const { set } = list;
  const [creating, setCreating] = useState(false);

  const [text, setText] = useState(list.get('q') ?? '');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const currentQ = list.get('q') ?? '';
  useEffect(() => {
    const next = searchableText(debouncedText) ? debouncedText : '';
    if (next !== currentQ) set({ q: next });
    // Only the typed text drives this; the address follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedText]);

  const filters = useMemo<Filters>(() => {
    const f: Filters = {};
    const cluster = list.get('cluster');
    const miniGrid = list.get('miniGrid');
    const village = list.get('village');
    if (village) f.villageId = village;
    else if (miniGrid) f.miniGridId = miniGrid;
    else if (cluster) f.clusterId = cluster;
    const kind = oneOf(DEVICE_KINDS, list.get('kind'));
    const status = oneOf(DEVICE_STATUSES, list.get('status'));
    const billingMode = oneOf(BILLING_MODES, list.get('billing'));
    const assigned = list.get('assigned');
    if (kind) f.kind = kind;
    if (status) f.status = status;
    if (billingMode) f.billingMode = billingMode;
    if (assigned === 'yes') f.assigned = true;
    if (assigned === 'no') f.assigned = false;
    if (currentQ) f.text = currentQ;
    return f;
  }, [list, currentQ]);

  const input = {
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
    direction: list.direction,
    filters,
  };
  const query = useCommandQuery('devices.list', input, { placeholderData: keepPreviousData });
  const rows = query.data?.rows ?? [];
  const total = query.data?.total ?? 0;

  const exportCsv = useCsvExport(() =>
    call('devices.export', { sort: list.sort, direction: list.direction, filters }),
  );

  const columns = useMemo<ListColumn<DeviceRow, Sort>[]>(
    () => [
      {
        id: 'serial',
        header: t('devices.colSerial'),
        sort: 'serial',
        width: 150,
        fixed: true,
        cell: (row) => (
          <Anchor
            component={Link}
            to={`/devices/${row.id}`}
            ff="monospace"
            size="sm"
            onClick={(event) => event.stopPropagation()}
            tabIndex={-1}
          >
            {row.serial}
          </Anchor>
        ),
      },
      {
        id: 'kind',
        header: t('devices.colKind'),
        sort: 'kind',
        width: 100,
        cell: (row) => t(`enums.deviceKind.${row.kind}`),
      },
      {
        id: 'model',
        header: t('devices.colModel'),
        sort: 'model',
        width: 170,
        cell: (row) => `${row.manufacturer} ${row.model}`,
      },
      {
        id: 'status',
        header: t('devices.colStatus'),
        sort: 'status',
        width: 110,
        badges: DEVICE_STATUSES.map((s) => t(`enums.deviceStatus.${s}`)),
        cell: (row) => <DeviceStatusBadge status={row.status} />,
      },
      {
        id: 'billingMode',
        header: t('devices.colBilling'),
        width: 90,
        cell: (row) => (row.billingMode ? t(`enums.billingMode.${row.billingMode}`) : ''),
      },
      {
        id: 'customer',
        header: t('devices.colCustomer'),
        sort: 'customer',
        width: 220,
        cell: (row) =>
          row.customer ? (
            <Text size="sm" truncate="end" component="span">
              <Text span ff="monospace" size="sm">
                {row.customer.accountNumber}
              </Text>{' '}
              {row.customer.name}
            </Text>
          ) : (
            <Text span size="sm" c="dimmed">
              {t('devices.inStockNobody')}
            </Text>
          ),
      },
      {
        id: 'village',
        header: t('devices.colVillage'),
        sort: 'village',
        width: 120,
        cell: (row) => row.village ?? '',
      },
      {
        id: 'miniGrid',
        header: t('devices.colMiniGrid'),
        width: 140,
        hiddenByDefault: true,
        cell: (row) => row.miniGrid ?? '',
      },
      {
        id: 'tokenScheme',
        header: t('devices.colTokens'),
        width: 120,
        hiddenByDefault: true,
        cell: (row) => t(`enums.tokenScheme.${row.tokenScheme}`),
      },
      {
        id: 'installedAt',
        header: t('devices.colInstalled'),
        sort: 'installedAt',
        width: 120,
        cell: (row) => formatDay(row.installedAt, i18n.language),
      },
    ],
    [t, i18n.language],
  );
  const choice = useColumnChoice('griddesk.columns.devices', columns);

  const mayExport = roleMayCall(commands['devices.export'].access, user.role);
  const mayCreate = roleMayCall(commands['devices.create'].access, user.role);
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('devices.title')}
          </Title>
          <Text size="sm" c="dimmed" aria-live="polite">
            {text.trim() && !searchableText(text.trim())
              ? t('list.typeMore')
              : query.data
                ? t(filtered ? 'devices.countFiltered' : 'devices.count', {
                    count: total,
                    formatted: formatCount(total, i18n.language),
                  })
                : ' '}
          </Text>
        </div>
        <Group gap="xs">
          <ColumnChooser
            columns={columns}
            visibility={choice.visibility}
            onToggle={choice.toggle}
            onReset={choice.reset}
          />
          {mayExport && (
            <Button
              variant="default"
              leftSection={<DownloadIcon />}
              onClick={() => exportCsv.mutate()}
              loading={exportCsv.isPending}
            >
              {t('list.exportCsv')}
            </Button>
          )}
          {mayCreate && <Button onClick={() => setCreating(true)}>{t('devices.new')}</Button>}
        </Group>
      </Group>
      <ListFilterBar
        search={{
          label: t('devices.searchLabel'),
          placeholder: t('devices.searchPlaceholder'),
          value: text,
          onChange: setText,
        }}
        get={list.get}
        set={set}
        choices={[
          {
            param: 'kind',
            label: t('devices.colKind'),
            data: deviceKindOptions(t),
            value: filters.kind,
          },
          {
            param: 'status',
            label: t('devices.colStatus'),
            data: deviceStatusOptions(t),
            value: filters.status,
          },
          {
            param: 'billing',
            label: t('devices.colBilling'),
            data: billingModeOptions(t),
            value: filters.billingMode,
          },
          {
            param: 'assigned',
            label: t('devices.assignedFilter'),
            data: [
              { value: 'yes', label: t('devices.assignedYes') },
              { value: 'no', label: t('devices.assignedNo') },
            ],
            value: list.get('assigned'),
          },
        ]}
      />
      <PagedTable
        caption={t('devices.title')}
        columns={columns}
        visibility={choice.visibility}
        rows={rows}
        getRowId={(row) => row.id}
        onOpen={(row) => void navigate(`/devices/${row.id}`)}
        loading={query.isFetching}
        resetKey={JSON.stringify(input)}
        empty={filtered ? t('devices.emptyFiltered') : t('devices.empty')}
        list={list}
        total={total}
        error={query.error}
      />
      {creating && (
        <NewDeviceModal
          onClose={() => setCreating(false)}
          onSaved={(device) => void navigate(`/devices/${device.id}`)}
        />
      )}
    </Stack>
  );
}
