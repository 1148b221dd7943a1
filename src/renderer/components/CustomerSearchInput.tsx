// Choose a customer by typing any part of a name, phone or account number (search.quick), for
// forms that link something to a customer (a new device, an assignment).
import { CloseButton, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandQuery } from '../api/hooks';
import { PersonIcon } from './icons';

export interface CustomerChoice {
  id: string;
  label: string;
}

interface Props {
  label: string;
  description?: string;
  value: CustomerChoice | null;
  onChange: (value: CustomerChoice | null) => void;
  error?: string | undefined;
  withAsterisk?: boolean;
  autoFocus?: boolean;
}

export function CustomerSearchInput(props: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const query = useCommandQuery(
    'search.quick',
    { q: debounced, limit: 12 },
    { enabled: debounced.length > 0, placeholderData: keepPreviousData },
  );
  const hits = (query.data?.hits ?? []).filter((hit) => hit.kind === 'customer');

  useEffect(() => {
    if (hits.length > 0) combobox.selectFirstOption();
    // The first hit is ready for Enter whenever a new answer arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.data]);

  const choose = (id: string) => {
    const hit = hits.find((h) => h.id === id);
    if (!hit) return;
    props.onChange({
      id: hit.id,
      label: hit.accountNumber ? `${hit.accountNumber} · ${hit.title}` : hit.title,
    });
    setSearch('');
    combobox.closeDropdown();
  };

  const shown = props.value ? props.value.label : search;

  return (
    <Combobox store={combobox} onOptionSubmit={choose}>
      <Combobox.Target>
        <TextInput
          label={props.label}
          description={props.description}
          placeholder={t('search.customerPlaceholder')}
          withAsterisk={props.withAsterisk}
          autoFocus={props.autoFocus}
          value={shown}
          error={props.error}
          autoComplete="off"
          leftSection={<PersonIcon />}
          rightSection={
            query.isFetching && debounced ? (
              <Loader size={14} />
            ) : props.value ? (
              <CloseButton
                size="sm"
                aria-label={t('search.clearChoice')}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  props.onChange(null);
                  setSearch('');
                }}
              />
            ) : null
          }
          onChange={(event) => {
            if (props.value) props.onChange(null);
            setSearch(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => search && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!debounced || props.value !== null}>
        <Combobox.Options>
          {hits.map((hit) => (
            <Combobox.Option value={hit.id} key={hit.id}>
              <Group gap="xs" wrap="nowrap">
                <PersonIcon />
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" truncate="end">
                    {hit.title}
                  </Text>
                  <Text size="xs" truncate="end" opacity={0.75}>
                    {hit.subtitle}
                  </Text>
                </div>
              </Group>
            </Combobox.Option>
          ))}
          {query.data && hits.length === 0 && (
            <Combobox.Empty>{t('search.noCustomers')}</Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
