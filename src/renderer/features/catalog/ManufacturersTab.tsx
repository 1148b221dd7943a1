import { Button, Group, Modal, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, roleMayCall, type OutputOf } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatCount } from '../../lib/format';
import { serverFieldErrors, zodValidate } from '../../lib/form-errors';
import { CatalogEmpty, CatalogToolbar } from './CatalogParts';
import { maxLengthOf } from '../../lib/limits';

type Manufacturer = OutputOf<'manufacturers.list'>['manufacturers'][number];

function ManufacturerModal(props: { manufacturer?: Manufacturer; onClose: () => void }) {
  const { t } = useTranslation();
  const m = props.manufacturer;
  const form = useForm({
    validateInputOnChange: true,
    initialValues: { name: m?.name ?? '', notes: m?.notes ?? '' },
    validate: zodValidate(t, commands['manufacturers.create'].input),
  });
  const options = {
    onSuccess: (saved: Manufacturer) => {
      notifications.show({ color: 'teal', message: t('catalog.saved', { name: saved.name }) });
      props.onClose();
    },
    onError: (error: unknown) => form.setErrors(serverFieldErrors(t, error)),
  };
  const create = useCommandMutation('manufacturers.create', options);
  const update = useCommandMutation('manufacturers.update', options);
  const mutation = m ? update : create;
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={m ? t('catalog.editManufacturer', { name: m.name }) : t('catalog.newManufacturer')}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          m ? update.mutate({ id: m.id, ...values }) : create.mutate(values),
        )}
      >
        <Stack gap="sm">
          <TextInput
            label={t('fields.name')}
            withAsterisk
            data-autofocus
            maxLength={maxLengthOf(commands['manufacturers.create'].input, 'name')}
            {...form.getInputProps('name')}
          />
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxLength={maxLengthOf(commands['manufacturers.create'].input, 'notes')}
            {...form.getInputProps('notes')}
          />
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ManufacturersTab() {
  const { t, i18n } = useTranslation();
  const { user } = useMe();
  const list = useCommandQuery('manufacturers.list', {});
  const [editing, setEditing] = useState<Manufacturer | 'new' | null>(null);
  const mayEdit = roleMayCall(commands['manufacturers.create'].access, user.role);
  const rows = list.data?.manufacturers ?? [];
  return (
    <Stack gap="sm">
      <CatalogToolbar
        help={t('catalog.manufacturersHelp')}
        action={mayEdit ? t('catalog.newManufacturer') : null}
        onAction={() => setEditing('new')}
      />
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && <CatalogEmpty text={t('catalog.noManufacturers')} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th ta="right" w={110}>
                  {t('catalog.colModels')}
                </Table.Th>
                <Table.Th ta="right" w={110}>
                  {t('catalog.colDevices')}
                </Table.Th>
                <Table.Th>{t('fields.notes')}</Table.Th>
                {mayEdit && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td fw={500}>{m.name}</Table.Td>
                  <Table.Td ta="right">{formatCount(m.models, i18n.language)}</Table.Td>
                  <Table.Td ta="right">{formatCount(m.devices, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {m.notes}
                    </Text>
                  </Table.Td>
                  {mayEdit && (
                    <Table.Td ta="right">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(m)}
                        aria-label={t('common.editNamed', { name: m.name })}
                      >
                        {t('common.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <ManufacturerModal
          key={editing === 'new' ? 'new' : editing.id}
          manufacturer={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
