// Choosing a serial port (the core lists them; any path may be typed, e.g. a port on another USB
// hub), testing it, and the optional line settings that override a profile's.
import { Alert, Autocomplete, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { InputOf, LineSettings, OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { PARITIES } from '../../../domain/vocabulary';
import { useCommandQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';

export interface LineOverrides {
  baud?: number;
  dataBits?: 7 | 8;
  parity?: LineSettings['parity'];
  stopBits?: 1 | 2;
}

export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

/** The serial ports of this computer, for a port field's suggestions. */
export function usePortList() {
  return useCommandQuery('meters.ports', {}, { retry: false });
}

export function PortInput(props: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  error?: string;
  description?: string;
}) {
  const { t } = useTranslation();
  const ports = usePortList();
  const data = (ports.data?.ports ?? []).map((p) => ({
    value: p.path,
    label: p.manufacturer ? `${p.path} (${p.manufacturer})` : p.path,
  }));
  return (
    <Autocomplete
      label={props.label ?? t('meters.port')}
      placeholder={t('meters.portPlaceholder')}
      description={props.description}
      data={data.map((d) => d.value)}
      renderOption={({ option }) => (
        <Text size="sm">{data.find((d) => d.value === option.value)?.label ?? option.value}</Text>
      )}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      spellCheck={false}
    />
  );
}

/** Port field with Refresh and Test port; tells when no port is found. */
export function PortPicker(props: {
  value: string;
  onChange: (value: string) => void;
  line?: LineOverrides;
}) {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const ports = usePortList();
  const test = useMutation<OutputOf<'meters.testPort'>, ApiError, InputOf<'meters.testPort'>>({
    mutationFn: (input) => call('meters.testPort', input),
  });
  const count = ports.data?.ports.length ?? 0;
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <div style={{ flex: '1 1 260px', maxWidth: 420 }}>
          <PortInput
            value={props.value}
            onChange={(value) => {
              props.onChange(value);
              test.reset();
            }}
          />
        </div>
        <Button variant="default" onClick={() => void ports.refetch()} loading={ports.isFetching}>
          {t('meters.refreshPorts')}
        </Button>
        <Button
          variant="light"
          disabled={props.value.trim() === ''}
          loading={test.isPending}
          onClick={() => test.mutate({ port: props.value.trim(), ...props.line })}
        >
          {t('meters.testPort')}
        </Button>
      </Group>
      {ports.data && (
        <Text size="xs" c="dimmed">
          {count === 0
            ? t('meters.noPorts')
            : t('meters.portsFound', {
                count,
                formatted: new Intl.NumberFormat(i18n.language).format(count),
              })}
        </Text>
      )}
      <ErrorAlert error={ports.error} />
      <ErrorAlert error={test.error} />
      {test.data && (
        <Alert
          color={test.data.ok ? 'teal' : 'red'}
          variant="light"
          role={test.data.ok ? 'status' : 'alert'}
          data-testid="port-test-result"
        >
          {test.data.message}
        </Alert>
      )}
    </Stack>
  );
}

/** Baud, data bits, parity, stop bits: empty keeps the default named in the placeholder. */
export function LineOverrideFields(props: {
  value: LineOverrides;
  onChange: (value: LineOverrides) => void;
  defaults?: LineSettings | null;
  errors?: Record<string, string>;
  /** Two columns in narrow places (a dialog), four otherwise. */
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const d = props.defaults;
  const placeholder = (value: string | number | undefined) =>
    value === undefined ? t('meters.lineDefault') : t('meters.lineDefaultIs', { value });
  const set = (patch: Partial<LineOverrides>) => {
    const next = { ...props.value, ...patch };
    for (const key of Object.keys(next) as (keyof LineOverrides)[]) {
      if (next[key] === undefined) delete next[key];
    }
    props.onChange(next);
  };
  return (
    <SimpleGrid cols={props.narrow ? 2 : { base: 2, sm: 4 }} spacing="sm">
      <Select
        label={t('meters.baud')}
        placeholder={placeholder(d?.baud)}
        data={BAUD_RATES.map(String)}
        value={props.value.baud ? String(props.value.baud) : null}
        onChange={(v) => set({ baud: v ? Number(v) : undefined })}
        clearable
        error={props.errors?.baud}
      />
      <Select
        label={t('meters.dataBits')}
        placeholder={placeholder(d?.dataBits)}
        data={['7', '8']}
        value={props.value.dataBits ? String(props.value.dataBits) : null}
        onChange={(v) => set({ dataBits: v === '7' ? 7 : v === '8' ? 8 : undefined })}
        clearable
        error={props.errors?.dataBits}
      />
      <Select
        label={t('meters.parity')}
        placeholder={placeholder(d ? t(`meters.parities.${d.parity}`) : undefined)}
        data={PARITIES.map((p) => ({
          value: p,
          label: t(`meters.parities.${p}`),
        }))}
        value={props.value.parity ?? null}
        onChange={(v) => set({ parity: PARITIES.find((p) => p === v) })}
        clearable
        error={props.errors?.parity}
      />
      <Select
        label={t('meters.stopBits')}
        placeholder={placeholder(d?.stopBits)}
        data={['1', '2']}
        value={props.value.stopBits ? String(props.value.stopBits) : null}
        onChange={(v) => set({ stopBits: v === '1' ? 1 : v === '2' ? 2 : undefined })}
        clearable
        error={props.errors?.stopBits}
      />
    </SimpleGrid>
  );
}
