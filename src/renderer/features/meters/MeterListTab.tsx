// Every meter a page at a time: how GridDesk reaches it, its latest reading and the readings that
// wait for a review. Paged, sorted and filtered on the server (meters.list), with the state in the
// address like the other lists; a row opens the meter's page.
import { Anchor, Badge, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { InputOf, MeterListRow } from '../../../contract';
import { METER_LINK_STATES } from '../../../contract/commands/readings';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ListFilterBar } from '../../components/ListFilterBar';
import { PagedTable } from '../../components/PagedTable';
import { ColumnChooser, useColumnChoice, type ListColumn } from '../../components/ServerTable';
import { DeviceStatusBadge } from '../../components/StatusBadges';
import { formatCount, formatInstantDay } from '../../lib/format';
import { DEVICE_STATUSES, deviceStatusOptions } from '../../lib/labels';
import { searchableText, useListParams } from '../../lib/list-params';
import { formatKwh } from './meter-parts';

const SORTS = ['serial', 'village', 'customer', 'lastReading', 'flagged'] as const;
type Sort = (typeof SORTS)[number];
type Filters = NonNullable<InputOf<'meters.list'>['filters']>;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

export function MeterListTab() {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const navigate = useNavigate();
  const list = useListParams(SORTS, 'serial');
  const { set } = list;

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
    const village = list.get('village');
    const miniGrid = list.get('miniGrid');
    const cluster = list.get('cluster');
    if (village) f.villageId = village;
    else if (miniGrid) f.miniGridId = miniGrid;
    else if (cluster) f.clusterId = cluster;
    const status = oneOf(DEVICE_STATUSES, list.get('status'));
    const link = oneOf(METER_LINK_STATES, list.get('link'));
    if (status) f.status = status;
    if (link) f.link = link;
    if (list.get('flagged') === 'yes') f.flagged = true;
    if (list.get('flagged') === 'no') f.flagged = false;
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
  const query = useCommandQuery('meters.list', input, { placeholderData: keepPreviousData });
  const rows = query.data?.rows ?? [];
  const total = query.data?.total ?? 0;
  const filtered = Object.keys(filters).length > 0;

  const columns = useMemo<ListColumn<MeterListRow, Sort>[]>(
    () => [
      {
        id: 'serial',
        header: t('meters.list.colSerial'),
        sort: 'serial',
        width: 125,
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
        id: 'status',
        header: t('meters.list.colStatus'),
        width: 125,
        badges: DEVICE_STATUSES.map((s) => t(`enums.deviceStatus.${s}`)),
        cell: (row) => <DeviceStatusBadge status={row.status} />,
      },
      {
        id: 'customer',
        header: t('meters.list.colCustomer'),
        sort: 'customer',
        width: 190,
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
              {t('meters.list.nobody')}
            </Text>
          ),
      },
      {
        id: 'village',
        header: t('meters.list.colVillage'),
        sort: 'village',
        width: 110,
        cell: (row) => row.village ?? '',
      },
      {
        id: 'miniGrid',
        header: t('meters.list.colMiniGrid'),
        width: 130,
        hiddenByDefault: true,
        cell: (row) => row.miniGrid ?? '',
      },
      {
        id: 'tariff',
        header: t('meters.list.colTariff'),
        width: 110,
        cell: (row) =>
          row.tariff ?? (
            <Text span size="sm" c="dimmed">
              {t('meters.list.noTariff')}
            </Text>
          ),
      },
      {
        id: 'link',
        header: t('meters.list.colLink'),
        width: 130,
        badges: METER_LINK_STATES.map((l) => t(`meters.list.link.${l}`)),
        cell: (row) => (
          <Badge variant="light" color={row.link === 'none' ? 'gray' : 'teal'}>
            {t(`meters.list.link.${row.link}`)}
          </Badge>
        ),
      },
      {
        id: 'lastReading',
        header: t('meters.list.colLastReading'),
        sort: 'lastReading',
        width: 185,
        cell: (row) =>
          row.lastReading ? (
            <Text size="sm" component="span">
              {formatKwh(row.lastReading.wh, i18n.language)} kWh ·{' '}
              {formatInstantDay(row.lastReading.at, settings.office.timeZone, i18n.language)}
            </Text>
          ) : (
            <Text span size="sm" c="dimmed">
              {t('meters.list.neverRead')}
            </Text>
          ),
      },
      {
        id: 'flagged',
        header: t('meters.list.colFlagged'),
        sort: 'flagged',
        width: 125,
        badges: [t('meters.list.flaggedN', { count: 99 })],
        cell: (row) =>
          row.flagged > 0 ? (
            <Badge color="orange" variant="light">
              {t('meters.list.flaggedN', { count: row.flagged })}
            </Badge>
          ) : (
            ''
          ),
      },
    ],
    [t, i18n.language, settings.office.timeZone],
  );
  const choice = useColumnChoice('griddesk.columns.meters', columns);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {text.trim() && !searchableText(text.trim())
          ? t('list.typeMore')
          : query.data
            ? t(filtered ? 'meters.list.countFiltered' : 'meters.list.count', {
                count: total,
                formatted: formatCount(total, i18n.language),
              })
            : ' '}
      </Text>
      <ListFilterBar
        search={{
          label: t('meters.list.search'),
          placeholder: t('meters.list.searchPlaceholder'),
          value: text,
          onChange: setText,
          maxLength: 100,
        }}
        get={list.get}
        set={set}
        choices={[
          {
            param: 'status',
            label: t('meters.list.colStatus'),
            data: deviceStatusOptions(t),
            value: filters.status,
          },
          {
            param: 'link',
            label: t('meters.list.colLink'),
            data: METER_LINK_STATES.map((value) => ({
              value,
              label: t(`meters.list.link.${value}`),
            })),
            value: filters.link,
          },
          {
            param: 'flagged',
            label: t('meters.list.colFlagged'),
            data: [
              { value: 'yes', label: t('meters.list.flaggedYes') },
              { value: 'no', label: t('meters.list.flaggedNo') },
            ],
            value: list.get('flagged'),
          },
        ]}
        end={
          <ColumnChooser
            columns={columns}
            visibility={choice.visibility}
            onToggle={choice.toggle}
            onReset={choice.reset}
          />
        }
      />
      <PagedTable
        caption={t('meters.list.caption')}
        columns={columns}
        visibility={choice.visibility}
        rows={rows}
        getRowId={(row) => row.id}
        onOpen={(row) => void navigate(`/devices/${row.id}`)}
        loading={query.isFetching}
        resetKey={JSON.stringify(input)}
        empty={filtered ? t('meters.list.emptyFiltered') : t('meters.list.empty')}
        list={list}
        total={total}
        error={query.error}
      />
    </Stack>
  );
}
