// Pieces shared by the paged lists and their CSV exports (customers, devices, later payments).
import Papa from 'papaparse';

/** The rows of one page, for the two-step paging of areas/registry/customers.ts and devices.ts. */
export interface PageWindow {
  limit: number;
  offset: number;
}

export function pageWindow(input: { page: number; pageSize: number }): PageWindow {
  return { limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
}

/** A CSV export as the commands return it; CRLF line ends, as spreadsheets on Windows expect. */
export function csvExport(
  name: string,
  nowIso: string,
  fields: string[],
  data: (string | number)[][],
): { fileName: string; csv: string; rows: number } {
  const csv = Papa.unparse({ fields, data }, { newline: '\r\n' });
  return { fileName: `${name}-${nowIso.slice(0, 10)}.csv`, csv: `${csv}\r\n`, rows: data.length };
}
