import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, roleMayCall, type OutputOf } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { serverFieldErrors } from '../../lib/form-errors';
import { applianceTypeOptions, type APPLIANCE_TYPES } from '../../lib/labels';
import { formatMoney, minorToMajorInput, parseMajorToMinor } from '../../../domain/money-text';
import { CatalogEmpty, CatalogToolbar } from './CatalogParts';
import { maxLengthOf } from '../../lib/limits';

type Appliance = OutputOf<'appliances.list'>['appliances'][number];
type ApplianceType = (typeof APPLIANCE_TYPES)[number];

interface Values {
  name: string;
  type: ApplianceType | null;
  price: string;
  paygEnabled: boolean;
  notes: string;
}

function ApplianceModal(props: { appliance?: Appliance; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const { decimals, code } = settings.currency;
  const a = props.appliance;
  const form = useForm<Values>({
    validateInputOnChange: true,
    initialValues: {
      name: a?.name ?? '',
      type: a?.type ?? null,
      price: a ? minorToMajorInput(a.priceMinor, decimals) : '',
      paygEnabled: a?.paygEnabled ?? true,
      notes: a?.notes ?? '',
    },
    validate: {
      name: (value) => (value.trim() ? null : t('issues.required')),
      type: (value) => (value ? null : t('issues.choose')),
      price: (value) => {
        const parsed = parseMajorToMinor(value, decimals);
        if (parsed.ok) return null;
        if (parsed.reason === 'decimals') return t('issues.moneyDecimals', { count: decimals });
        if (parsed.reason === 'empty') return t('issues.required');
        return t('issues.money');
      },
    },
  });
  const options = {
    onSuccess: (saved: Appliance) => {
      notifications.show({ color: 'teal', message: t('catalog.saved', { name: saved.name }) });
      props.onClose();
    },
    onError: (error: unknown) => {
      const errors = serverFieldErrors(t, error);
      if (errors.priceMinor) errors.price = errors.priceMinor;
      form.setErrors(errors);
    },
  };
  const create = useCommandMutation('appliances.create', options);
  const update = useCommandMutation('appliances.update', options);
  const mutation = a ? update : create;

  const submit = (values: Values) => {
    const parsed = parseMajorToMinor(values.price, decimals);
    if (!parsed.ok || !values.type) return;
    const input = {
      name: values.name.trim(),
      type: values.type,
      priceMinor: parsed.minor,
      paygEnabled: values.paygEnabled,
      notes: values.notes,
    };
    if (a) update.mutate({ id: a.id, ...input });
    else create.mutate(input);
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={a ? t('catalog.editAppliance', { name: a.name }) : t('catalog.newAppliance')}
    >
      <form noValidate onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <TextInput
            label={t('fields.name')}
            withAsterisk
            data-autofocus
            maxLength={maxLengthOf(commands['appliances.create'].input, 'name')}
            {...form.getInputProps('name')}
          />
          <SimpleGrid cols={2} spacing="sm">
            <Select
              label={t('fields.applianceType')}
              withAsterisk
              data={applianceTypeOptions(t)}
              {...form.getInputProps('type')}
            />
            <TextInput
              label={t('fields.price')}
              withAsterisk
              inputMode="decimal"
              autoComplete="off"
              rightSection={
                <Text size="xs" c="dimmed">
                  {code}
                </Text>
              }
              rightSectionWidth={48}
              {...form.getInputProps('price')}
            />
          </SimpleGrid>
          <Switch
            label={t('fields.paygEnabled')}
            description={t('catalog.paygHelp')}
            {...form.getInputProps('paygEnabled', { type: 'checkbox' })}
          />
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxLength={maxLengthOf(commands['appliances.create'].input, 'notes')}
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

export function AppliancesTab() {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const list = useCommandQuery('appliances.list', {});
  const [editing, setEditing] = useState<Appliance | 'new' | null>(null);
  const mayEdit = roleMayCall(commands['appliances.create'].access, user.role);
  const rows = list.data?.appliances ?? [];
  const money = (minor: number) =>
    formatMoney(minor, settings.currency.decimals, settings.currency.code, i18n.language);
  return (
    <Stack gap="sm">
      <CatalogToolbar
        help={mayEdit ? t('catalog.appliancesHelp') : t('catalog.appliancesReadOnly')}
        action={mayEdit ? t('catalog.newAppliance') : null}
        onAction={() => setEditing('new')}
      />
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && <CatalogEmpty text={t('catalog.noAppliances')} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.applianceType')}</Table.Th>
                <Table.Th ta="right">{t('fields.price')}</Table.Th>
                <Table.Th>{t('catalog.colPayg')}</Table.Th>
                <Table.Th>{t('fields.notes')}</Table.Th>
                {mayEdit && <Table.Th w={90} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td fw={500}>{a.name}</Table.Td>
                  <Table.Td>{t(`enums.applianceType.${a.type}`)}</Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
                  >
                    {money(a.priceMinor)}
                  </Table.Td>
                  <Table.Td>
                    {a.paygEnabled ? (
                      <Badge variant="light" color="teal">
                        {t('common.yes')}
                      </Badge>
                    ) : (
                      <Badge variant="light" color="gray">
                        {t('common.no')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {a.notes}
                    </Text>
                  </Table.Td>
                  {mayEdit && (
                    <Table.Td ta="right">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(a)}
                        aria-label={t('common.editNamed', { name: a.name })}
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
        <ApplianceModal
          key={editing === 'new' ? 'new' : editing.id}
          appliance={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
