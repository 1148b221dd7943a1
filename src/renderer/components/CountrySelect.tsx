import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../lib/places';

type Props = Omit<SelectProps, 'data' | 'label'> & { value?: string | null };

/** Country by name (in the user's language), common mini-grid countries first. */
export function CountrySelect(props: Props) {
  const { t, i18n } = useTranslation();
  const current = props.value ?? undefined;
  const data = useMemo(
    () =>
      countryOptions(
        i18n.language,
        { common: t('country.common'), others: t('country.others') },
        current,
      ),
    [i18n.language, t, current],
  );
  return (
    <Select
      label={t('fields.country')}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('common.nothingFound')}
      maxDropdownHeight={320}
      {...props}
      data={data}
    />
  );
}
