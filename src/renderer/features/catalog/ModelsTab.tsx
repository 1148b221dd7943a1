import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, roleMayCall, type DeviceModel } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatCount } from '../../lib/format';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { deviceKindOptions, tokenSchemeOptions } from '../../lib/labels';
import { CatalogEmpty, CatalogToolbar } from './CatalogParts';
import { maxLengthOf } from '../../lib/limits';

interface Values {
  manufacturerId: string | null;
  name: string;
  kind: 'meter' | 'shs' | 'ebike' | null;
  tokenScheme: 'openpaygo' | 'sts' | 'none' | null;
  openpaygoExtended: boolean;
  meterProfile: string;
  notes: string;
}

function ModelModal(props: { model?: DeviceModel; onClose: () => void }) {
  const { t } = useTranslation();
  const m = props.model;
  const manufacturers = useCommandQuery('manufacturers.list', {});
  const manufacturerOptions = useMemo(
    () => (manufacturers.data?.manufacturers ?? []).map((x) => ({ value: x.id, label: x.name })),
    [manufacturers.data],
  );
  const toInput = (values: Values) => ({
    manufacturerId: values.manufacturerId ?? '',
    name: values.name,
    kind: values.kind ?? ('' as 'meter'),
    tokenScheme: values.tokenScheme ?? ('' as 'none'),
    openpaygoExtended: values.tokenScheme === 'openpaygo' && values.openpaygoExtended,
    meterProfile: values.kind === 'meter' ? values.meterProfile : null,
    notes: values.notes,
  });
  const form = useForm<Values>({
    validateInputOnChange: true,
    initialValues: {
      manufacturerId: m?.manufacturerId ?? null,
      name: m?.name ?? '',
      kind: m?.kind ?? null,
      tokenScheme: m?.tokenScheme ?? null,
      openpaygoExtended: m?.openpaygoExtended ?? false,
      meterProfile: m?.meterProfile ?? '',
      notes: m?.notes ?? '',
    },
    validate: (values) => {
      const errors = toFormErrors(
        t,
        schemaIssues(commands['models.create'].input, toInput(values)),
      );
      for (const field of ['manufacturerId', 'kind', 'tokenScheme'] as const) {
        if (!values[field]) errors[field] = t('issues.choose');
      }
      return errors;
    },
  });
  const options = {
    onSuccess: (saved: DeviceModel) => {
      notifications.show({
        color: 'teal',
        message: t('catalog.saved', { name: `${saved.manufacturer} ${saved.name}` }),
      });
      props.onClose();
    },
    onError: (error: unknown) => form.setErrors(serverFieldErrors(t, error)),
  };
  const create = useCommandMutation('models.create', options);
  const update = useCommandMutation('models.update', options);
  const mutation = m ? update : create;
  const locked = (m?.devices ?? 0) > 0;

  const submit = (values: Values) => {
    const input = toInput(values);
    if (!m) {
      create.mutate(input);
      return;
    }
    const { manufacturerId: _fixed, ...changes } = input;
    update.mutate({
      id: m.id,
      ...changes,
      ...(locked ? { kind: undefined, tokenScheme: undefined, openpaygoExtended: undefined } : {}),
    });
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={
        m ? t('catalog.editModel', { name: `${m.manufacturer} ${m.name}` }) : t('catalog.newModel')
      }
    >
      <form noValidate onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('fields.manufacturer')}
              withAsterisk
              searchable
              data={manufacturerOptions}
              disabled={Boolean(m)}
              nothingFoundMessage={t('catalog.noManufacturersYet')}
              data-autofocus
              {...form.getInputProps('manufacturerId')}
            />
            <TextInput
              label={t('fields.name')}
              withAsterisk
              maxLength={maxLengthOf(commands['models.create'].input, 'name')}
              {...form.getInputProps('name')}
            />
            <Select
              label={t('fields.kind')}
              withAsterisk
              data={deviceKindOptions(t)}
              disabled={locked}
              {...form.getInputProps('kind')}
            />
            <Select
              label={t('fields.tokenScheme')}
              withAsterisk
              data={tokenSchemeOptions(t)}
              disabled={locked}
              {...form.getInputProps('tokenScheme')}
            />
          </SimpleGrid>
          {locked && (
            <Text size="xs" c="dimmed">
              {t('catalog.modelLocked')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('catalog.tokenSchemeHelp')}
          </Text>
          {form.values.tokenScheme === 'openpaygo' && (
            <Checkbox
              label={t('catalog.openpaygoExtended')}
              description={t('catalog.openpaygoExtendedHelp')}
              disabled={locked}
              {...form.getInputProps('openpaygoExtended', { type: 'checkbox' })}
            />
          )}
          {form.values.kind === 'meter' && (
            <TextInput
              label={t('fields.meterProfile')}
              description={t('catalog.meterProfileHelp')}
              maxLength={maxLengthOf(commands['models.create'].input, 'meterProfile')}
              {...form.getInputProps('meterProfile')}
            />
          )}
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxLength={maxLengthOf(commands['models.create'].input, 'notes')}
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

export function ModelsTab() {
  const { t, i18n } = useTranslation();
  const { user } = useMe();
  const list = useCommandQuery('models.list', {});
  const [editing, setEditing] = useState<DeviceModel | 'new' | null>(null);
  const mayEdit = roleMayCall(commands['models.create'].access, user.role);
  const rows = list.data?.models ?? [];
  return (
    <Stack gap="sm">
      <CatalogToolbar
        help={t('catalog.modelsHelp')}
        action={mayEdit ? t('catalog.newModel') : null}
        onAction={() => setEditing('new')}
      />
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && <CatalogEmpty text={t('catalog.noModels')} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.manufacturer')}</Table.Th>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.kind')}</Table.Th>
                <Table.Th>{t('fields.tokenScheme')}</Table.Th>
                <Table.Th>{t('fields.meterProfile')}</Table.Th>
                <Table.Th ta="right" w={100}>
                  {t('catalog.colDevices')}
                </Table.Th>
                {mayEdit && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.manufacturer}</Table.Td>
                  <Table.Td fw={500}>{m.name}</Table.Td>
                  <Table.Td>{t(`enums.deviceKind.${m.kind}`)}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      tt="none"
                      color={
                        m.tokenScheme === 'openpaygo'
                          ? 'indigo'
                          : m.tokenScheme === 'sts'
                            ? 'cyan'
                            : 'gray'
                      }
                    >
                      {t(`enums.tokenScheme.${m.tokenScheme}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {m.meterProfile}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(m.devices, i18n.language)}</Table.Td>
                  {mayEdit && (
                    <Table.Td ta="right">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(m)}
                        aria-label={t('common.editNamed', { name: `${m.manufacturer} ${m.name}` })}
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
        <ModelModal
          key={editing === 'new' ? 'new' : editing.id}
          model={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
