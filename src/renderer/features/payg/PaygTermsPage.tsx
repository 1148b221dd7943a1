// PAYG terms: every solar home system and e-bike with its price per day, the total that unlocks
// it and whether the counter can make its tokens. A manager sets the terms of one device (its
// row) or of every ticked one at once; clerks see the list.
import { Anchor, Badge, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { commands, roleMayCall, type InputOf, type PaygTermsRow } from '../../../contract';
import { formatMoney } from '../../../domain/money-text';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ListFilterBar } from '../../components/ListFilterBar';
import { PagedTable } from '../../components/PagedTable';
import { type ListColumn } from '../../components/ServerTable';
import { formatCount } from '../../lib/format';
import { searchableText, useListParams } from '../../lib/list-params';
import { TermsDialog } from './TermsDialog';

const SORTS = ['serial', 'village', 'customer', 'dailyPrice'] as const;
type Sort = (typeof SORTS)[number];
type Filters = NonNullable<InputOf<'payg.list'>['filters']>;

export function PaygTermsPage() {
  const { t, i18n } = useTranslation();
  const { settings, user } = useMe();
  const { decimals, code } = settings.currency;
  const money = (minor: number) => formatMoney(minor, decimals, code, i18n.language);
  const list = useListParams(SORTS, 'serial');
  const { set } = list;
  const mayEdit = roleMayCall(commands['payg.setTerms'].access, user.role);
  const [selected, setSelected] = useState<ReadonlyMap<string, PaygTermsRow>>(new Map());
  const [editing, setEditing] = useState<PaygTermsRow[] | null>(null);

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
    const kind = list.get('kind');
    if (kind === 'shs' || kind === 'ebike') f.kind = kind;
    const terms = list.get('terms');
    if (terms === 'set' || terms === 'missing') f.terms = terms;
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
  const query = useCommandQuery('payg.list', input, { placeholderData: keepPreviousData });
  const rows = useMemo(() => query.data?.rows ?? [], [query.data]);
  const total = query.data?.total ?? 0;
  const filtered = Object.keys(filters).length > 0;
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const toggle = (row: PaygTermsRow) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });

  const columns = useMemo<ListColumn<PaygTermsRow, Sort>[]>(
    () => [
      ...(mayEdit
        ? [
            {
              id: 'pick',
              header: '',
              width: 44,
              fixed: true,
              cell: (row: PaygTermsRow) => (
                <Checkbox
                  aria-label={t('payg.pick', { serial: row.serial })}
                  checked={selected.has(row.id)}
                  onChange={() => toggle(row)}
                  onClick={(event) => event.stopPropagation()}
                />
              ),
            },
          ]
        : []),
      {
        id: 'serial',
        header: t('payg.colSerial'),
        sort: 'serial',
        width: 140,
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
        header: t('payg.colKind'),
        width: 170,
        cell: (row) => `${t(`enums.deviceKind.${row.kind}`)} · ${row.model}`,
      },
      {
        id: 'customer',
        header: t('payg.colCustomer'),
        sort: 'customer',
        width: 200,
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
              {t('payg.inStock')}
            </Text>
          ),
      },
      {
        id: 'village',
        header: t('payg.colVillage'),
        sort: 'village',
        width: 110,
        cell: (row) => row.village ?? '',
      },
      {
        id: 'dailyPrice',
        header: t('payg.colDaily'),
        sort: 'dailyPrice',
        width: 130,
        align: 'right',
        badges: [t('payg.noTerms')],
        cell: (row) =>
          row.dailyPriceMinor === null ? (
            <Badge color="orange" variant="light">
              {t('payg.noTerms')}
            </Badge>
          ) : (
            money(row.dailyPriceMinor)
          ),
      },
      {
        id: 'total',
        header: t('payg.colTotal'),
        width: 130,
        align: 'right',
        cell: (row) =>
          row.totalPriceMinor === null ? (
            <Text span size="sm" c="dimmed">
              {row.dailyPriceMinor === null ? '' : t('payg.neverUnlocked')}
            </Text>
          ) : (
            money(row.totalPriceMinor)
          ),
      },
      {
        id: 'ready',
        header: t('payg.colReady'),
        width: 150,
        badges: [t('payg.noKey'), t('payg.noPrice'), t('payg.ready')],
        cell: (row) =>
          !row.credentials ? (
            <Badge color="red" variant="light">
              {t('payg.noKey')}
            </Badge>
          ) : row.dailyPriceMinor === null ? (
            <Badge color="orange" variant="light">
              {t('payg.noPrice')}
            </Badge>
          ) : (
            <Badge color="teal" variant="light">
              {t('payg.ready')}
            </Badge>
          ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language, selected, mayEdit, decimals, code],
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('payg.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('payg.intro')}
          </Text>
        </div>
        {mayEdit && (
          <Group gap="xs">
            {selected.size > 0 && (
              <Button variant="subtle" onClick={() => setSelected(new Map())}>
                {t('payg.clearSelection')}
              </Button>
            )}
            <Button
              disabled={selected.size === 0}
              onClick={() => setEditing([...selected.values()])}
            >
              {selected.size === 0
                ? t('payg.setNone')
                : t('payg.setSelected', { count: selected.size })}
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite">
        {query.data
          ? t(filtered ? 'payg.countFiltered' : 'payg.count', {
              count: total,
              formatted: formatCount(total, i18n.language),
            })
          : ' '}
      </Text>
      <ListFilterBar
        search={{
          label: t('payg.search'),
          placeholder: t('payg.searchPlaceholder'),
          value: text,
          onChange: setText,
          maxLength: 100,
        }}
        get={list.get}
        set={set}
        choices={[
          {
            param: 'kind',
            label: t('payg.colKind'),
            data: [
              { value: 'shs', label: t('enums.deviceKind.shs') },
              { value: 'ebike', label: t('enums.deviceKind.ebike') },
            ],
            value: filters.kind,
          },
          {
            param: 'terms',
            label: t('payg.termsFilter'),
            data: [
              { value: 'missing', label: t('payg.termsMissing') },
              { value: 'set', label: t('payg.termsSet') },
            ],
            value: filters.terms,
          },
        ]}
      />
      {mayEdit && rows.length > 0 && (
        <Checkbox
          label={t('payg.pickPage', { count: rows.length })}
          checked={allOnPage}
          indeterminate={!allOnPage && rows.some((r) => selected.has(r.id))}
          onChange={() =>
            setSelected((prev) => {
              const next = new Map(prev);
              for (const row of rows) {
                if (allOnPage) next.delete(row.id);
                else next.set(row.id, row);
              }
              return next;
            })
          }
        />
      )}
      <PagedTable
        caption={t('payg.title')}
        columns={columns}
        visibility={{}}
        rows={rows}
        getRowId={(row) => row.id}
        onOpen={(row) => mayEdit && setEditing([row])}
        loading={query.isFetching}
        resetKey={JSON.stringify(input)}
        empty={filtered ? t('payg.emptyFiltered') : t('payg.empty')}
        list={list}
        total={total}
        error={query.error}
      />
      {editing && (
        <TermsDialog
          devices={editing}
          onClose={() => {
            setEditing(null);
            setSelected(new Map());
          }}
        />
      )}
    </Stack>
  );
}
