// Create or change a cluster, a mini-grid (with its short code) or a village, with an optional
// GPS point. One form for the three levels: they differ only by parent and code.
import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteTree } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';
import { clusterOptions, miniGridOptions } from '../../lib/sites';
import { maxLengthOf } from '../../lib/limits';
import { commands } from '../../../contract';

export type SiteLevel = 'cluster' | 'miniGrid' | 'village';

export interface SiteDialog {
  level: SiteLevel;
  /** The record being changed; a new one when absent. */
  id?: string;
  parentId?: string;
  initial?: {
    name: string;
    code?: string;
    latitude: number | null;
    longitude: number | null;
    notes: string | null;
  };
}

interface Values {
  parentId: string | null;
  name: string;
  code: string;
  latitude: number | string;
  longitude: number | string;
  notes: string;
}

const coordinate = (value: number | string): number | null => {
  if (typeof value === 'number') return value;
  if (value.trim() === '') return null;
  const n = Number(value.replace(',', '.'));
  return Number.isFinite(n) ? n : Number.NaN;
};

export function SiteFormModal(props: { dialog: SiteDialog; tree: SiteTree; onClose: () => void }) {
  const { t } = useTranslation();
  const { level, id, initial } = props.dialog;
  const form = useForm<Values>({
    validateInputOnChange: true,
    initialValues: {
      parentId: props.dialog.parentId ?? null,
      name: initial?.name ?? '',
      code: initial?.code ?? '',
      latitude: initial?.latitude ?? '',
      longitude: initial?.longitude ?? '',
      notes: initial?.notes ?? '',
    },
    validate: {
      name: (value) => (value.trim() ? null : t('issues.required')),
      code: (value) =>
        level !== 'miniGrid' || /^[A-Za-z0-9]{2,8}$/.test(value.trim())
          ? null
          : t('issues.miniGridCode'),
      parentId: (value) => (level === 'cluster' || value ? null : t('issues.choose')),
      latitude: (value) => {
        const n = coordinate(value);
        return n === null || (n >= -90 && n <= 90) ? null : t('issues.latitude');
      },
      longitude: (value) => {
        const n = coordinate(value);
        return n === null || (n >= -180 && n <= 180) ? null : t('issues.longitude');
      },
    },
  });

  const onSuccess = (site: { name: string }) => {
    notifications.show({ color: 'teal', message: t('sites.saved', { name: site.name }) });
    props.onClose();
  };
  const onError = (error: unknown) => form.setErrors(serverFieldErrors(t, error));
  const options = { onSuccess, onError };
  const createCluster = useCommandMutation('sites.createCluster', options);
  const updateCluster = useCommandMutation('sites.updateCluster', options);
  const createMiniGrid = useCommandMutation('sites.createMiniGrid', options);
  const updateMiniGrid = useCommandMutation('sites.updateMiniGrid', options);
  const createVillage = useCommandMutation('sites.createVillage', options);
  const updateVillage = useCommandMutation('sites.updateVillage', options);
  const all = [
    createCluster,
    updateCluster,
    createMiniGrid,
    updateMiniGrid,
    createVillage,
    updateVillage,
  ];
  const pending = all.some((m) => m.isPending);
  const error = all.find((m) => m.error)?.error ?? null;

  const parents = useMemo(
    () =>
      level === 'miniGrid'
        ? clusterOptions(props.tree)
        : level === 'village'
          ? miniGridOptions(props.tree)
          : [],
    [level, props.tree],
  );

  const submit = (values: Values) => {
    const name = values.name.trim();
    const notes = values.notes.trim() || null;
    const latitude = coordinate(values.latitude);
    const longitude = coordinate(values.longitude);
    const parentId = values.parentId ?? '';
    if (level === 'cluster') {
      if (id) updateCluster.mutate({ id, name, notes });
      else createCluster.mutate({ name, notes });
    } else if (level === 'miniGrid') {
      const input = { name, code: values.code.trim().toUpperCase(), latitude, longitude, notes };
      if (id) updateMiniGrid.mutate({ id, clusterId: parentId, ...input });
      else createMiniGrid.mutate({ clusterId: parentId, ...input });
    } else {
      const input = { name, latitude, longitude, notes };
      if (id) updateVillage.mutate({ id, miniGridId: parentId, ...input });
      else createVillage.mutate({ miniGridId: parentId, ...input });
    }
  };

  const title = t(`sites.${id ? 'edit' : 'new'}.${level}`, { name: initial?.name ?? '' });
  const parentField = level === 'miniGrid' ? 'clusterId' : 'miniGridId';

  return (
    <Modal opened onClose={props.onClose} title={title}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          {level !== 'cluster' && (
            <Select
              label={level === 'miniGrid' ? t('sites.cluster') : t('sites.miniGrid')}
              data={parents}
              allowDeselect={false}
              searchable
              {...form.getInputProps('parentId')}
              error={form.errors.parentId ?? form.errors[parentField]}
            />
          )}
          <TextInput
            label={t('fields.name')}
            withAsterisk
            data-autofocus
            maxLength={maxLengthOf(commands['sites.createMiniGrid'].input, 'name')}
            {...form.getInputProps('name')}
          />
          {level === 'miniGrid' && (
            <TextInput
              label={t('fields.code')}
              description={t('sites.codeHelp')}
              withAsterisk
              maxLength={8}
              autoComplete="off"
              styles={{ input: { textTransform: 'uppercase' } }}
              {...form.getInputProps('code')}
            />
          )}
          {level !== 'cluster' && (
            <div>
              <SimpleGrid cols={2} spacing="sm">
                <NumberInput
                  label={t('fields.latitude')}
                  decimalScale={6}
                  min={-90}
                  max={90}
                  hideControls
                  {...form.getInputProps('latitude')}
                />
                <NumberInput
                  label={t('fields.longitude')}
                  decimalScale={6}
                  min={-180}
                  max={180}
                  hideControls
                  {...form.getInputProps('longitude')}
                />
              </SimpleGrid>
              <Text size="xs" c="dimmed" mt={4}>
                {t('sites.gpsHelp')}
              </Text>
            </div>
          )}
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxLength={maxLengthOf(commands['sites.createMiniGrid'].input, 'notes')}
            {...form.getInputProps('notes')}
          />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
