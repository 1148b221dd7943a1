// Choose one device with the quick search: a device hit is the device; a customer hit lists the
// customer's devices (one device is chosen at once). Arrows and Enter choose, Escape goes back to
// the search. Shared by the token checker and the supervisor token form.
import {
  Button,
  Card,
  Combobox,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../contract';
import { commandKey, useCommandQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { SearchIcon } from '../../components/icons';
import { CustomerDevices, type ChosenDevice } from '../search/CustomerDevices';
import { SearchHitOption } from '../search/SearchHitOption';

export type PickedDevice = ChosenDevice;

const optionValue = (hit: SearchHit) => `${hit.kind}:${hit.id}`;

export function DevicePicker(props: {
  label: string;
  value: PickedDevice | null;
  onChange: (device: PickedDevice | null) => void;
  /** The search field, so the page can put the cursor back in it. */
  inputRef?: RefObject<HTMLInputElement | null>;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const ownRef = useRef<HTMLInputElement>(null);
  const searchRef = props.inputRef ?? ownRef;
  const deviceButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const [query, setQuery] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);

  const [debounced] = useDebouncedValue(query.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const search = useCommandQuery(
    'search.quick',
    { q: debounced, limit: 12 },
    { enabled: debounced.length > 0, placeholderData: keepPreviousData, staleTime: 5_000 },
  );
  const hits = debounced ? (search.data?.hits ?? []) : [];
  useEffect(() => {
    if (hits.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search.data]);

  const customer = useCommandQuery(
    'customers.get',
    { id: customerId ?? '' },
    { enabled: customerId !== null },
  );
  const devices = customer.data?.devices ?? [];

  const choose = (device: PickedDevice) => {
    setCustomerId(null);
    setQuery('');
    props.onChange(device);
  };

  const onHit = (key: string) => {
    const hit = hits.find((h) => optionValue(h) === key);
    if (!hit) return;
    combobox.closeDropdown();
    setQuery('');
    if (hit.kind === 'device') {
      choose({ id: hit.id, serial: hit.title, detail: hit.subtitle });
      return;
    }
    setCustomerId(hit.id);
    const input = { id: hit.id };
    void queryClient
      .fetchQuery({
        queryKey: commandKey('customers.get', input),
        queryFn: () => call('customers.get', input),
      })
      .then((data) => {
        const only = data.devices.length === 1 ? data.devices[0] : undefined;
        if (only) {
          choose({
            id: only.id,
            serial: only.serial,
            detail: `${only.manufacturer} ${only.model}`,
          });
        } else {
          window.setTimeout(() => deviceButtons.current[0]?.focus(), 0);
        }
      })
      .catch(() => undefined);
  };

  if (props.value) {
    return (
      <Card withBorder radius="sm" padding="sm" bg="var(--mantine-color-default-hover)">
        <Group justify="space-between" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {props.label}
            </Text>
            <Text ff="monospace" fw={700} size="lg" data-testid="picked-device">
              {props.value.serial}
            </Text>
            <Text size="sm" truncate="end">
              {props.value.detail}
            </Text>
          </div>
          <Button
            variant="subtle"
            size="xs"
            disabled={props.disabled}
            onClick={() => {
              props.onChange(null);
              window.setTimeout(() => searchRef.current?.focus(), 0);
            }}
          >
            {t('tokens.changeDevice')}
          </Button>
        </Group>
      </Card>
    );
  }

  return (
    <Stack gap="xs">
      <Combobox store={combobox} onOptionSubmit={onHit} width="target" position="bottom-start">
        <Combobox.Target>
          <TextInput
            ref={searchRef}
            size="md"
            label={props.label}
            placeholder={t('tokens.devicePlaceholder')}
            value={query}
            autoFocus={props.autoFocus}
            autoComplete="off"
            spellCheck={false}
            disabled={props.disabled}
            leftSection={<SearchIcon />}
            rightSection={search.isFetching && debounced ? <Loader size={14} /> : null}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setCustomerId(null);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onFocus={() => query.trim() && combobox.openDropdown()}
            onBlur={() => combobox.closeDropdown()}
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

      {customerId && (
        <CustomerDevices
          label={t('tokens.chooseDevice')}
          heading={
            customer.data
              ? t('tokens.devicesOf', { name: customer.data.customer.displayName })
              : t('common.loading')
          }
          emptyText={t('tokens.noDevices')}
          loaded={customer.data !== undefined}
          devices={devices}
          error={customer.error}
          buttonsRef={deviceButtons}
          onChoose={choose}
          onEscape={() => {
            setCustomerId(null);
            searchRef.current?.focus();
          }}
        />
      )}
    </Stack>
  );
}
