import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { commands, roleMayCall, type CustomerRow, type InputOf } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useCsvExport } from '../../api/use-csv-export';
import { useMe, useSession } from '../../api/session';
import { DownloadIcon } from '../../components/icons';
import { ListFilterBar } from '../../components/ListFilterBar';
import { PagedTable } from '../../components/PagedTable';
import { ColumnChooser, useColumnChoice, type ListColumn } from '../../components/ServerTable';
import { CustomerStatusBadge } from '../../components/StatusBadges';
import { formatCount, formatInstantDay } from '../../lib/format';
import { CUSTOMER_STATUSES, customerKindOptions, customerStatusOptions } from '../../lib/labels';
import { searchableText, useListParams } from '../../lib/list-params';
import { formatPhone } from '../../lib/phone';
import { CustomerFormModal } from './CustomerFormModal';

const SORTS = ['accountNumber', 'name', 'village', 'status', 'createdAt'] as const;
type Sort = (typeof SORTS)[number];
type Filters = NonNullable<InputOf<'customers.list'>['filters']>;

/** Every customer, a page at a time from the server: filter, sort, export, register. */
export function CustomersPage() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const { user, settings } = useMe();
  const navigate = useNavigate();
  const list = useListParams(SORTS, 'accountNumber');
  const [creating, setCreating] = useState(false);

  const [text, setText] = useState(list.get('q') ?? '');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const { set } = list;
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
    const status = list.get('status');
    const kind = list.get('kind');
    if (village) f.villageId = village;
    else if (miniGrid) f.miniGridId = miniGrid;
    else if (cluster) f.clusterId = cluster;
    if (status === 'active' || status === 'inactive') f.status = status;
    if (kind === 'individual' || kind === 'business') f.kind = kind;
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
  const query = useCommandQuery('customers.list', input, { placeholderData: keepPreviousData });
  const rows = query.data?.rows ?? [];
  const total = query.data?.total ?? 0;

  const exportCsv = useCsvExport(() =>
    call('customers.export', { sort: list.sort, direction: list.direction, filters }),
  );

  const columns = useMemo<ListColumn<CustomerRow, Sort>[]>(
    () => [
      {
        id: 'accountNumber',
        header: t('customers.colAccount'),
        sort: 'accountNumber',
        width: 130,
        fixed: true,
        cell: (row) => (
          <Anchor
            component={Link}
            to={`/customers/${row.id}`}
            ff="monospace"
            size="sm"
            onClick={(event) => event.stopPropagation()}
            tabIndex={-1}
          >
            {row.accountNumber}
          </Anchor>
        ),
      },
      {
        id: 'name',
        header: t('customers.colName'),
        sort: 'name',
        width: 220,
        fixed: true,
        cell: (row) => row.displayName,
      },
      {
        id: 'kind',
        header: t('customers.colKind'),
        width: 110,
        hiddenByDefault: true,
        cell: (row) => t(`enums.customerKind.${row.kind}`),
      },
      {
        id: 'phone',
        header: t('customers.colPhone'),
        width: 140,
        cell: (row) => formatPhone(row.phone, settings.company.country),
      },
      {
        id: 'nationalId',
        header: t('customers.colNationalId'),
        width: 140,
        hiddenByDefault: true,
        cell: (row) => row.nationalId ?? '',
      },
      {
        id: 'village',
        header: t('customers.colVillage'),
        sort: 'village',
        width: 140,
        cell: (row) => row.village,
      },
      {
        id: 'miniGrid',
        header: t('customers.colMiniGrid'),
        width: 130,
        cell: (row) => row.miniGrid,
      },
      {
        // Where offices sync, the list holds every office's customers (docs/sync.md).
        id: 'office',
        header: t('customers.colOffice'),
        width: 80,
        hiddenByDefault: true,
        cell: (row) => row.office,
      },
      {
        id: 'devices',
        header: t('customers.colDevices'),
        width: 80,
        align: 'right',
        cell: (row) => formatCount(row.devices, i18n.language),
      },
      {
        id: 'status',
        header: t('customers.colStatus'),
        sort: 'status',
        width: 110,
        badges: CUSTOMER_STATUSES.map((s) => t(`enums.customerStatus.${s}`)),
        cell: (row) => <CustomerStatusBadge status={row.status} />,
      },
      {
        id: 'createdAt',
        header: t('customers.colRegistered'),
        sort: 'createdAt',
        width: 130,
        cell: (row) => formatInstantDay(row.createdAt, settings.office.timeZone, i18n.language),
      },
    ],
    [t, i18n.language, settings],
  );
  const choice = useColumnChoice('griddesk.columns.customers', columns);

  const mayExport = roleMayCall(commands['customers.export'].access, user.role);
  const mayCreate = roleMayCall(commands['customers.create'].access, user.role);
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            {t('customers.title')}
          </Title>
          <Text size="sm" c="dimmed" aria-live="polite">
            {text.trim() && !searchableText(text.trim())
              ? t('list.typeMore')
              : query.data
                ? t(filtered ? 'customers.countFiltered' : 'customers.count', {
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
          {mayCreate && <Button onClick={() => setCreating(true)}>{t('customers.new')}</Button>}
        </Group>
      </Group>
      <ListFilterBar
        search={{
          label: t('customers.searchLabel'),
          placeholder: t('customers.searchPlaceholder'),
          value: text,
          onChange: setText,
        }}
        get={list.get}
        set={set}
        choices={[
          {
            param: 'status',
            label: t('customers.colStatus'),
            data: customerStatusOptions(t),
            value: filters.status,
          },
          {
            param: 'kind',
            label: t('customers.colKind'),
            data: customerKindOptions(t),
            value: filters.kind,
          },
        ]}
      />
      <PagedTable
        caption={t('customers.title')}
        columns={columns}
        visibility={choice.visibility}
        rows={rows}
        getRowId={(row) => row.id}
        onOpen={(row) => void navigate(`/customers/${row.id}`)}
        loading={query.isFetching}
        resetKey={JSON.stringify(input)}
        empty={filtered ? t('customers.emptyFiltered') : t('customers.empty')}
        list={list}
        total={total}
        error={query.error}
      />
      <CustomerFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(customer) => void navigate(`/customers/${customer.id}`)}
      />
    </Stack>
  );
}
