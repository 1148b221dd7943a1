// The devices of the chosen customer as a list of buttons: arrows move between them, Enter or a
// click chooses one, Escape goes back to the search. Shared by the counter and the device picker.
import { Button, Stack, Text } from '@mantine/core';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { ErrorAlert } from '../../components/ErrorAlert';

export type CustomerDevice = OutputOf<'customers.get'>['devices'][number];

export interface ChosenDevice {
  id: string;
  serial: string;
  detail: string;
}

export function CustomerDevices(props: {
  /** The accessible name of the list. */
  label: string;
  /** The heading above the buttons (the customer's name), or a loading text. */
  heading: string;
  /** Shown when the customer is loaded and has no device. */
  emptyText: string;
  /** The customer is loaded (so an empty list means no device). */
  loaded: boolean;
  devices: CustomerDevice[];
  error: unknown;
  /** The buttons, so the caller can put the focus on the first one. */
  buttonsRef: RefObject<(HTMLButtonElement | null)[]>;
  onChoose: (device: ChosenDevice) => void;
  onEscape: () => void;
}) {
  const { t } = useTranslation();
  const { devices, buttonsRef } = props;
  return (
    <Stack gap="xs" aria-label={props.label} role="group">
      <Text size="sm" fw={500}>
        {props.heading}
      </Text>
      <ErrorAlert error={props.error} />
      {props.loaded && devices.length === 0 && (
        <Text size="sm" c="dimmed">
          {props.emptyText}
        </Text>
      )}
      {devices.map((d, index) => (
        <Button
          key={d.id}
          ref={(el) => {
            buttonsRef.current[index] = el;
          }}
          variant="default"
          justify="space-between"
          fullWidth
          size="md"
          rightSection={<Text size="xs">{t(`enums.deviceStatus.${d.status}`)}</Text>}
          onClick={() =>
            props.onChoose({ id: d.id, serial: d.serial, detail: `${d.manufacturer} ${d.model}` })
          }
          onKeyDown={(event) => {
            const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
            if (step !== 0) {
              event.preventDefault();
              const target = (index + step + devices.length) % devices.length;
              buttonsRef.current[target]?.focus();
            } else if (event.key === 'Escape') {
              props.onEscape();
            }
          }}
        >
          <span>
            <Text span ff="monospace" fw={600}>
              {d.serial}
            </Text>{' '}
            <Text span size="sm" c="dimmed">
              {d.manufacturer} {d.model}
            </Text>
          </span>
        </Button>
      ))}
    </Stack>
  );
}
