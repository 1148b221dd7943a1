// The state of a server-paged list (page, page size, sort, filters) lives in the address, so that
// opening a record and coming back shows the same page with the same filters.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZES = [25, 50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type Direction = 'asc' | 'desc';

export interface ListParams<S extends string> {
  page: number;
  pageSize: number;
  sort: S;
  direction: Direction;
  /** A filter value from the address, or undefined when not set. */
  get: (name: string) => string | undefined;
  /** Changes some parameters (null or '' removes one); back to page 1 unless `page` is given. */
  set: (patch: Record<string, string | number | null | undefined>) => void;
}

export function useListParams<S extends string>(
  sorts: readonly S[],
  defaultSort: S,
): ListParams<S> {
  const [params, setParams] = useSearchParams();

  const page = Math.max(1, Math.trunc(Number(params.get('page') ?? '1')) || 1);
  const sizeParam = Number(params.get('size') ?? DEFAULT_PAGE_SIZE);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(sizeParam)
    ? sizeParam
    : DEFAULT_PAGE_SIZE;
  const sortParam = params.get('sort');
  const sort = sorts.find((s) => s === sortParam) ?? defaultSort;
  const direction: Direction = params.get('dir') === 'desc' ? 'desc' : 'asc';

  const get = useCallback((name: string) => params.get(name) ?? undefined, [params]);

  const set = useCallback(
    (patch: Record<string, string | number | null | undefined>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in patch)) next.delete('page');
          if (next.get('page') === '1') next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return useMemo(
    () => ({ page, pageSize, sort, direction, get, set }),
    [page, pageSize, sort, direction, get, set],
  );
}

/**
 * Whether the core can search by this text: its index matches pieces of three or more
 * characters (words, or the digits of a phone number); shorter text would match nothing.
 */
export function searchableText(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 || text.split(/\s+/).some((word) => Array.from(word).length >= 3);
}
