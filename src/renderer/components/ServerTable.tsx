// One page of a server-paged list (customers, devices): sortable headers (the server sorts),
// columns the user can hide (kept on this PC), and row virtualisation so a page of 500 rows
// scrolls as smoothly as one of 25. A row opens with a click or Enter.
import {
  Box,
  Checkbox,
  EmptyState,
  Group,
  LoadingOverlay,
  Popover,
  Button,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Direction } from '../lib/list-params';
import { ChevronIcon, ColumnsIcon } from './icons';

export interface ListColumn<Row, S extends string> {
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** The server's sort key for this column, when it can sort by it. */
  sort?: S;
  width: number;
  align?: 'left' | 'right';
  /** The column that names the row cannot be hidden. */
  fixed?: boolean;
  /** Hidden until the user shows it. */
  hiddenByDefault?: boolean;
  /** The labels of the badges its cells show (statuses): the column is made wide enough for each. */
  badges?: string[];
}

const ROW_HEIGHT = 40;
/** A cell's padding (Mantine's table spacing, both sides, and a pixel to spare). */
const CELL_PADDING = 2 * 10 + 2;
/** The sort chevron beside a sortable header, with its gap. */
const SORT_ICON = 14 + 4;
/** A light Badge of size md: 11 px bold capitals, 0.25 px letter spacing, 10 px padding a side. */
const BADGE_FONT = 11;
const BADGE_SPACING = 0.25;
const BADGE_PADDING = 2 * 10;

let measureContext: CanvasRenderingContext2D | null | undefined;

/**
 * How wide a text is in bold at `size` px, so a column is never narrower than its header or its
 * badges: "Tipo de equipamento" needs more room than "Device type", and the column widths are set
 * for English. 0 where there is no canvas to measure with (the column keeps its width).
 */
function textWidth(text: string, size: number): number {
  if (measureContext === undefined) {
    measureContext = document.createElement('canvas').getContext('2d');
  }
  if (!measureContext) return 0;
  measureContext.font = `700 ${size}px ${getComputedStyle(document.body).fontFamily}`;
  return Math.ceil(measureContext.measureText(text).width);
}

/** The column's width, widened where its header or a badge it shows would not fit. */
function columnWidth(
  column: Pick<ListColumn<never, string>, 'header' | 'sort' | 'width' | 'badges'>,
): number {
  const header = textWidth(column.header, 14) + CELL_PADDING + (column.sort ? SORT_ICON : 0);
  const badges = (column.badges ?? []).map(
    (label) =>
      textWidth(label.toUpperCase(), BADGE_FONT) +
      Math.ceil(label.length * BADGE_SPACING) +
      BADGE_PADDING +
      CELL_PADDING,
  );
  return Math.max(column.width, header, ...badges);
}

interface Props<Row, S extends string> {
  caption: string;
  columns: ListColumn<Row, S>[];
  rows: Row[];
  getRowId: (row: Row) => string;
  sort: S;
  direction: Direction;
  onSort: (sort: S, direction: Direction) => void;
  onOpen: (row: Row) => void;
  loading: boolean;
  /** Changes when another page or filter is shown: the list scrolls back to the top. */
  resetKey: string;
  empty: ReactNode;
  height?: string;
}

/** The "Columns" menu: which columns this list shows; the choice stays on this PC. */
export function useColumnChoice<Row, S extends string>(
  storageKey: string,
  columns: ListColumn<Row, S>[],
) {
  const defaults = useMemo(
    () => columns.filter((c) => c.hiddenByDefault).map((c) => c.id),
    [columns],
  );
  const [hidden, setHidden] = useLocalStorage<string[]>({
    key: storageKey,
    defaultValue: defaults,
    getInitialValueInEffect: false,
  });
  const visibility = useMemo<VisibilityState>(
    () => Object.fromEntries(columns.map((c) => [c.id, c.fixed || !hidden.includes(c.id)])),
    [columns, hidden],
  );
  const toggle = (id: string) =>
    setHidden((current) =>
      current.includes(id) ? current.filter((x) => x !== id) : [...current, id],
    );
  return { visibility, toggle, reset: () => setHidden(defaults) };
}

export function ColumnChooser<Row, S extends string>(props: {
  columns: ListColumn<Row, S>[];
  visibility: VisibilityState;
  onToggle: (id: string) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" withinPortal shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<ColumnsIcon />}>
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={t('list.columnsHelp')}>
          <Text size="xs" c="dimmed" fw={600}>
            {t('list.columnsHelp')}
          </Text>
          {props.columns
            .filter((column) => !column.fixed)
            .map((column) => (
              <Checkbox
                key={column.id}
                label={column.header}
                checked={props.visibility[column.id] !== false}
                onChange={() => props.onToggle(column.id)}
              />
            ))}
          <Button variant="subtle" size="compact-sm" onClick={props.onReset}>
            {t('list.columnsReset')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export function ServerTable<Row, S extends string>(
  props: Props<Row, S> & { visibility: VisibilityState },
) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);

  const columnDefs = useMemo<ColumnDef<Row>[]>(
    () =>
      props.columns.map((column) => ({
        id: column.id,
        header: column.header,
        cell: (context) => column.cell(context.row.original),
        size: columnWidth(column),
      })),
    [props.columns],
  );
  const byId = useMemo(() => new Map(props.columns.map((c) => [c.id, c])), [props.columns]);

  // TanStack Table hands back new functions each render; the React Compiler must not memoise it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: props.rows,
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => props.getRowId(row),
    manualSorting: true,
    manualPagination: true,
    state: { columnVisibility: props.visibility },
  });
  const rows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [props.resetKey]);

  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const visibleColumns = table.getVisibleLeafColumns();
  const minWidth = visibleColumns.reduce((sum, c) => sum + c.getSize(), 0);

  const headerFor = (id: string, label: string) => {
    const column = byId.get(id);
    if (!column?.sort) return label;
    const sortKey = column.sort;
    const active = props.sort === sortKey;
    const next: Direction = active && props.direction === 'asc' ? 'desc' : 'asc';
    return (
      <UnstyledButton
        onClick={() => props.onSort(sortKey, next)}
        fw={700}
        fz="sm"
        title={t('list.sortBy', { column: label })}
      >
        <Group gap={4} wrap="nowrap" justify={column.align === 'right' ? 'flex-end' : undefined}>
          <span>{label}</span>
          <ChevronIcon
            size={14}
            direction={active ? (props.direction === 'asc' ? 'up' : 'down') : 'both'}
            style={{ opacity: active ? 1 : 0.35, flexShrink: 0 }}
          />
        </Group>
      </UnstyledButton>
    );
  };

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, row: Row) => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      props.onOpen(row);
    }
  };

  return (
    <Box pos="relative">
      <LoadingOverlay visible={props.loading} zIndex={5} overlayProps={{ blur: 0, opacity: 0.4 }} />
      <Box
        ref={scrollRef}
        h={props.height ?? 'max(320px, calc(100dvh - 292px))'}
        style={{
          overflow: 'auto',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-sm)',
        }}
      >
        <Table
          stickyHeader
          highlightOnHover
          striped
          verticalSpacing={0}
          style={{ tableLayout: 'fixed', minWidth, width: '100%' }}
        >
          <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden' }}>
            {props.caption}
          </caption>
          <colgroup>
            {visibleColumns.map((column) => (
              <col key={column.id} style={{ width: column.getSize() }} />
            ))}
          </colgroup>
          <Table.Thead style={{ zIndex: 2 }}>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const column = byId.get(header.column.id);
                  const active = column?.sort !== undefined && column.sort === props.sort;
                  return (
                    <Table.Th
                      key={header.id}
                      ta={column?.align}
                      h={ROW_HEIGHT}
                      style={{ whiteSpace: 'nowrap' }}
                      aria-sort={
                        active
                          ? props.direction === 'asc'
                            ? 'ascending'
                            : 'descending'
                          : undefined
                      }
                    >
                      {headerFor(header.column.id, column?.header ?? header.column.id)}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <Table.Tr
                  key={row.id}
                  h={ROW_HEIGHT}
                  tabIndex={0}
                  style={{ cursor: 'pointer' }}
                  onClick={() => props.onOpen(row.original)}
                  onKeyDown={(event) => onRowKey(event, row.original)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td
                      key={cell.id}
                      ta={byId.get(cell.column.id)?.align}
                      style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {rows.length === 0 && !props.loading && (
          <Box py="xl">
            {typeof props.empty === 'string' ? <EmptyState title={props.empty} /> : props.empty}
          </Box>
        )}
      </Box>
    </Box>
  );
}

/** "1-50 of 1,234" under a list. */
export function RangeText(props: {
  page: number;
  pageSize: number;
  total: number;
  locale: string;
}) {
  const { t } = useTranslation();
  const n = new Intl.NumberFormat(props.locale);
  const from = props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, props.page * props.pageSize);
  return (
    <Text size="sm" c="dimmed">
      {t('list.range', { from: n.format(from), to: n.format(to), total: n.format(props.total) })}
    </Text>
  );
}
