import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { timeZoneOptions } from '../lib/places';

type Props = Omit<SelectProps, 'data' | 'label'> & { value?: string | null };

/** Searchable list of IANA time zones (Africa/Lagos...). */
export function TimeZoneSelect(props: Props) {
  const { t } = useTranslation();
  const current = props.value ?? undefined;
  const data = useMemo(() => timeZoneOptions(current), [current]);
  return (
    <Select
      label={t('fields.timeZone')}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('common.nothingFound')}
      maxDropdownHeight={320}
      {...props}
      data={data}
    />
  );
}
