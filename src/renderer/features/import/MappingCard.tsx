// Which column of the file fills which field, the saved mappings, and the values for the whole
// file (defaults) where a column is missing or a cell is empty. Any change previews again.
import {
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { VillageSelect } from '../../components/SitePickers';
import { serverFieldErrors } from '../../lib/form-errors';
import { deviceStatusOptions } from '../../lib/labels';
import { modelOptions } from '../devices/NewDeviceModal';
import { fieldHelp, fieldLabel } from './import-problems';

export type Mapping = Record<string, string | null>;
export interface Defaults {
  villageId?: string;
  modelId?: string;
  status?: 'in_stock' | 'installed' | 'faulty' | 'retired';
}

const NONE = '__griddesk_not_in_file__';

function SaveMappingModal(props: {
  kind: ImportPreview['kind'];
  mapping: Mapping;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const save = useCommandMutation('imports.saveMapping', {
    onSuccess: (saved) => {
      notifications.show({
        color: 'teal',
        message: t('import.mappingSaved', { name: saved.name }),
      });
      props.onSaved(saved.name);
      props.onClose();
    },
  });
  const errors = serverFieldErrors(t, save.error);
  return (
    <Modal opened onClose={props.onClose} title={t('import.saveMappingTitle')}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ kind: props.kind, name: name.trim(), mapping: props.mapping });
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('import.saveMappingHelp')}
          </Text>
          <TextInput
            label={t('import.mappingName')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
            data-autofocus
          />
          <ErrorAlert error={errors.name ? null : save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface Props {
  preview: ImportPreview;
  savedName: string | null;
  onMapping: (mapping: Mapping, savedName: string | null) => void;
  defaults: Defaults;
  onDefaults: (defaults: Defaults) => void;
}

export function MappingCard(props: Props) {
  const { t } = useTranslation();
  const { preview } = props;
  const [saving, setSaving] = useState(false);
  const saved = useCommandQuery('imports.mappings', { kind: preview.kind });
  const models = useCommandQuery('models.list', {}, { enabled: preview.kind !== 'customers' });
  const modelData = useMemo(
    () =>
      modelOptions(
        (models.data?.models ?? []).filter(
          (m) => preview.kind !== 'openpaygo-devices' || m.tokenScheme === 'openpaygo',
        ),
        (kind) => t(`enums.deviceKind.${kind}`),
      ),
    [models.data, preview.kind, t],
  );

  const headerOptions = [
    { value: NONE, label: t('import.notInFile') },
    ...preview.headers.map((header) => ({ value: header, label: header })),
  ];
  const savedOptions = (saved.data?.mappings ?? []).map((m) => ({ value: m.name, label: m.name }));

  const change = (field: string, value: string | null) =>
    props.onMapping({ ...preview.mapping, [field]: value === NONE ? null : value }, null);

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-columns">
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={2} size="h4" id="import-columns">
            {t('import.step3')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('import.step3Help')}
          </Text>
        </div>
        <Group gap="xs" align="flex-end">
          <Select
            label={t('import.savedMappings')}
            placeholder={
              savedOptions.length ? t('import.chooseMapping') : t('import.noSavedMappings')
            }
            data={savedOptions}
            value={props.savedName}
            disabled={savedOptions.length === 0}
            onChange={(name) => {
              const chosen = saved.data?.mappings.find((m) => m.name === name);
              if (chosen) props.onMapping(chosen.mapping, chosen.name);
            }}
            w={220}
          />
          <Button variant="default" onClick={() => setSaving(true)}>
            {t('import.saveMappingAs')}
          </Button>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={620}>
        <Table verticalSpacing={6} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="28%">{t('import.colField')}</Table.Th>
              <Table.Th w="32%">{t('import.colFileColumn')}</Table.Th>
              <Table.Th>{t('import.colHelp')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.fields.map((spec) => {
              const label = fieldLabel(t, spec.field, spec.label);
              const current = preview.mapping[spec.field] ?? null;
              return (
                <Table.Tr key={spec.field}>
                  <Table.Td>
                    <Text size="sm" fw={500} span>
                      {label}
                    </Text>
                    {spec.required && (
                      <Text
                        span
                        c="red"
                        ml={4}
                        aria-label={t('import.required')}
                        title={t('import.required')}
                      >
                        *
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={t('import.columnFor', { field: label })}
                      data={headerOptions}
                      value={current && preview.headers.includes(current) ? current : NONE}
                      onChange={(value) => change(spec.field, value)}
                      allowDeselect={false}
                      size="xs"
                      searchable
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {fieldHelp(t, preview.kind, spec.field, spec.help)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={3} size="h5" mt="md" mb={4}>
        {t('import.defaults')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('import.defaultsHelp')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {preview.kind !== 'customers' && (
          <Select
            label={t('import.defaultModel')}
            placeholder={t('import.fromFile')}
            data={modelData}
            searchable
            clearable
            value={props.defaults.modelId ?? null}
            onChange={(value) =>
              props.onDefaults({ ...props.defaults, modelId: value ?? undefined })
            }
          />
        )}
        {preview.kind !== 'customers' && (
          <Select
            label={t('import.defaultStatus')}
            placeholder={t('import.fromFile')}
            data={deviceStatusOptions(t)}
            clearable
            value={props.defaults.status ?? null}
            onChange={(value) =>
              props.onDefaults({
                ...props.defaults,
                status: (value as Defaults['status'] | null) ?? undefined,
              })
            }
          />
        )}
        <VillageSelect
          label={t('import.defaultVillage')}
          placeholder={t('import.fromFile')}
          clearable
          value={props.defaults.villageId ?? null}
          onChange={(value) =>
            props.onDefaults({ ...props.defaults, villageId: value ?? undefined })
          }
        />
      </SimpleGrid>
      {saving && (
        <SaveMappingModal
          kind={preview.kind}
          mapping={preview.mapping}
          onClose={() => setSaving(false)}
          onSaved={(name) => props.onMapping(preview.mapping, name)}
        />
      )}
    </Card>
  );
}
