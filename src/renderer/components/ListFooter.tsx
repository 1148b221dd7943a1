import { Group, Pagination, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES } from '../lib/list-params';
import { RangeText } from './ServerTable';

/** Under a server-paged list: which rows are shown, the pages, and how many rows per page. */
export function ListFooter(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <Group justify="space-between" gap="sm">
      <RangeText
        page={props.page}
        pageSize={props.pageSize}
        total={props.total}
        locale={i18n.language}
      />
      <Group gap="md">
        <Pagination
          total={pages}
          value={Math.min(props.page, pages)}
          onChange={props.onPage}
          size="sm"
          siblings={1}
          boundaries={1}
          getControlProps={(control) => ({
            'aria-label':
              control === 'previous'
                ? t('list.previousPage')
                : control === 'next'
                  ? t('list.nextPage')
                  : control === 'first'
                    ? t('list.firstPage')
                    : t('list.lastPage'),
          })}
          getItemProps={(page) => ({ 'aria-label': t('list.pageN', { page }) })}
        />
        <Select
          aria-label={t('list.pageSize')}
          data={PAGE_SIZES.map((size) => ({
            value: String(size),
            label: t('list.perPage', { count: size }),
          }))}
          value={String(props.pageSize)}
          onChange={(value) => value && props.onPageSize(Number(value))}
          allowDeselect={false}
          w={150}
          size="xs"
        />
      </Group>
    </Group>
  );
}
