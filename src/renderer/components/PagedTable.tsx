// A server-paged list's table and its footer, driven by the list's address (lib/list-params.ts):
// sorting a column and turning a page both change the address, and so the query. The four list
// screens (customers, devices, meters, PAYG terms) show their rows through it.
import type { ReactNode } from 'react';
import type { ListParams } from '../lib/list-params';
import { ErrorAlert } from './ErrorAlert';
import { ListFooter } from './ListFooter';
import { ServerTable, type ListColumn } from './ServerTable';
import type { VisibilityState } from '@tanstack/react-table';

export function PagedTable<Row, S extends string>(props: {
  caption: string;
  columns: ListColumn<Row, S>[];
  visibility: VisibilityState;
  rows: Row[];
  getRowId: (row: Row) => string;
  list: ListParams<S>;
  /** Rows matching the filters, on every page. */
  total: number;
  onOpen: (row: Row) => void;
  loading: boolean;
  error: unknown;
  /** Changes when another page or filter is shown: the table scrolls back to the top. */
  resetKey: string;
  empty: ReactNode;
}) {
  const { list } = props;
  return (
    <>
      <ErrorAlert error={props.error} />
      <ServerTable
        caption={props.caption}
        columns={props.columns}
        visibility={props.visibility}
        rows={props.rows}
        getRowId={props.getRowId}
        sort={list.sort}
        direction={list.direction}
        onSort={(sort, direction) => list.set({ sort, dir: direction })}
        onOpen={props.onOpen}
        loading={props.loading}
        resetKey={props.resetKey}
        empty={props.empty}
      />
      <ListFooter
        page={list.page}
        pageSize={list.pageSize}
        total={props.total}
        onPage={(page) => list.set({ page })}
        onPageSize={(size) => list.set({ size })}
      />
    </>
  );
}
