// The header's search box: any part of a name, phone number, account number, national ID or
// serial. Ctrl+K or "/" from anywhere puts the cursor in it; arrows choose, Enter opens the
// customer (or the device), Escape closes.
import { Combobox, Kbd, Loader, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SearchHit } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { SearchIcon } from '../../components/icons';
import { SearchHitOption } from './SearchHitOption';

const optionValue = (hit: SearchHit) => `${hit.kind}:${hit.id}`;

export function QuickSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [debounced] = useDebouncedValue(value.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const search = useCommandQuery(
    'search.quick',
    { q: debounced, limit: 12 },
    { enabled: debounced.length > 0, placeholderData: keepPreviousData, staleTime: 5_000 },
  );
  const hits = debounced ? (search.data?.hits ?? []) : [];

  useEffect(() => {
    // A new answer: the first hit is ready for Enter.
    if (hits.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search.data]);

  const focus = () => {
    inputRef.current?.focus();
    inputRef.current?.select();
    if (value.trim()) combobox.openDropdown();
  };
  useHotkeys([['mod+K', focus]], []);
  useHotkeys([['/', focus]]);

  const open = (key: string) => {
    const hit = hits.find((h) => optionValue(h) === key);
    if (!hit) return;
    combobox.closeDropdown();
    setValue('');
    inputRef.current?.blur();
    void navigate(hit.kind === 'customer' ? `/customers/${hit.id}` : `/devices/${hit.id}`);
  };

  return (
    <Combobox store={combobox} onOptionSubmit={open} width="target" position="bottom-start">
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={value}
          autoComplete="off"
          spellCheck={false}
          leftSection={<SearchIcon />}
          rightSection={
            search.isFetching && debounced ? (
              <Loader size={14} />
            ) : (
              <Kbd size="xs" visibleFrom="lg">
                Ctrl K
              </Kbd>
            )
          }
          rightSectionWidth={64}
          rightSectionPointerEvents="none"
          onChange={(event) => {
            setValue(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => value.trim() && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !combobox.dropdownOpened) {
              setValue('');
              event.currentTarget.blur();
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!debounced}>
        <Combobox.Options aria-label={t('search.results')}>
          {hits.map((hit) => (
            <SearchHitOption hit={hit} value={optionValue(hit)} key={optionValue(hit)} />
          ))}
          {search.data && !search.isPlaceholderData && hits.length === 0 && (
            <Combobox.Empty>{t('search.nothing', { text: debounced })}</Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
