// Give a device from stock to this customer: find it by serial, model or manufacturer, pick it,
// assign. The device is installed in the customer's village.
import {
  Button,
  Group,
  Modal,
  Radio,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchIcon } from '../../components/icons';
import { DeviceStatusBadge } from '../../components/StatusBadges';
import { serverFieldErrors } from '../../lib/form-errors';
import { canBeGivenOut } from '../../../domain/device-assignment';

export function AssignDeviceModal(props: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [installedAt, setInstalledAt] = useState('');
  const [note, setNote] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);

  const stock = useCommandQuery(
    'devices.list',
    {
      page: 1,
      pageSize: 25,
      sort: 'serial',
      filters: { assigned: false, ...(debounced ? { text: debounced } : {}) },
    },
    { placeholderData: keepPreviousData },
  );
  const rows = stock.data?.rows ?? [];

  const assign = useCommandMutation('devices.assign', {
    onSuccess: (device) => {
      notifications.show({
        color: 'teal',
        message: t('customers.assigned', {
          serial: device.serial,
          account: props.customer.accountNumber,
        }),
      });
      props.onClose();
    },
  });
  const fieldErrors = serverFieldErrors(t, assign.error);

  const submit = () => {
    if (!deviceId) {
      setPickError(t('customers.pickDevice'));
      return;
    }
    assign.mutate({
      id: deviceId,
      customerId: props.customer.id,
      ...(installedAt ? { installedAt } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="xl"
      title={t('customers.assignTitle', {
        name: props.customer.displayName,
        account: props.customer.accountNumber,
      })}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput
            label={t('customers.findDevice')}
            placeholder={t('customers.findDevicePlaceholder')}
            leftSection={<SearchIcon />}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            data-autofocus
          />
          <Radio.Group
            value={deviceId}
            onChange={(value) => {
              setDeviceId(value);
              setPickError(null);
            }}
            label={t('customers.inStock')}
            error={pickError}
          >
            <ScrollArea.Autosize mah={300} mt="xs" type="auto">
              <Table verticalSpacing={6} highlightOnHover stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40} />
                    <Table.Th>{t('devices.colSerial')}</Table.Th>
                    <Table.Th>{t('devices.colKind')}</Table.Th>
                    <Table.Th>{t('devices.colModel')}</Table.Th>
                    <Table.Th>{t('devices.colStatus')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => {
                    const usable = canBeGivenOut(row.status);
                    return (
                      <Table.Tr
                        key={row.id}
                        onClick={() => usable && setDeviceId(row.id)}
                        style={{ cursor: usable ? 'pointer' : 'default' }}
                      >
                        <Table.Td>
                          <Radio
                            value={row.id}
                            disabled={!usable}
                            aria-label={`${row.serial} · ${row.manufacturer} ${row.model}`}
                          />
                        </Table.Td>
                        <Table.Td ff="monospace">{row.serial}</Table.Td>
                        <Table.Td>{t(`enums.deviceKind.${row.kind}`)}</Table.Td>
                        <Table.Td>{`${row.manufacturer} ${row.model}`}</Table.Td>
                        <Table.Td>
                          <DeviceStatusBadge status={row.status} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
              {stock.data && rows.length === 0 && (
                <Text size="sm" c="dimmed" ta="center" py="md">
                  {debounced ? t('customers.noStockMatch') : t('customers.noStock')}
                </Text>
              )}
            </ScrollArea.Autosize>
          </Radio.Group>
          {stock.data && stock.data.total > rows.length && (
            <Text size="xs" c="dimmed">
              {t('customers.moreStock', { shown: rows.length, total: stock.data.total })}
            </Text>
          )}
          <ErrorAlert error={stock.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="date"
              label={t('fields.installedAt')}
              description={t('customers.installedToday')}
              value={installedAt}
              onChange={(event) => setInstalledAt(event.currentTarget.value)}
              error={fieldErrors.installedAt}
            />
            <TextInput
              label={t('fields.note')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              error={fieldErrors.note}
            />
          </SimpleGrid>
          <ErrorAlert error={assign.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={assign.isPending}>
              {t('customers.assign')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
