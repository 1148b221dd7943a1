// Site choices from sites.tree: a village (grouped by mini-grid) for forms, and the
// cluster > mini-grid > village cascader of the list filters.
import { Cascader, Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandQuery } from '../api/hooks';
import {
  groupAwareFilter,
  selectionFromPath,
  selectionPath,
  siteCascaderData,
  villageOptions,
  type SiteSelection,
} from '../lib/sites';

export function useSiteTree() {
  const tree = useCommandQuery('sites.tree', {}, { staleTime: 60_000 });
  return { ...tree, clusters: tree.data?.clusters ?? [] };
}

type VillageSelectProps = Omit<SelectProps, 'data' | 'onChange'> & {
  onChange: (value: string | null) => void;
};

/** A village, grouped under its mini-grid; typing a mini-grid's name shows all its villages. */
export function VillageSelect(props: VillageSelectProps) {
  const { t } = useTranslation();
  const { clusters, isPending } = useSiteTree();
  const data = useMemo(() => villageOptions(clusters), [clusters]);
  return (
    <Select
      label={t('fields.village')}
      searchable
      filter={groupAwareFilter}
      nothingFoundMessage={isPending ? t('common.loading') : t('sites.noVillages')}
      maxDropdownHeight={320}
      {...props}
      data={data}
    />
  );
}

/** Filter by a cluster, a mini-grid or a village: any level can be chosen. */
export function SiteCascader(props: {
  value: SiteSelection;
  onChange: (selection: SiteSelection) => void;
}) {
  const { t } = useTranslation();
  const { clusters } = useSiteTree();
  const data = useMemo(() => siteCascaderData(clusters), [clusters]);
  const path = useMemo(() => selectionPath(props.value, clusters), [props.value, clusters]);
  return (
    <Cascader
      label={t('list.site')}
      placeholder={t('list.allSites')}
      data={data}
      value={path}
      onChange={(value) => props.onChange(selectionFromPath(value))}
      changeOnSelect
      clearable
      searchable
      separator=" › "
      nothingFoundMessage={t('common.nothingFound')}
      columnWidth={200}
    />
  );
}
