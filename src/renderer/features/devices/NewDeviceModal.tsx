// Register one device: its model (which says meter, SHS or e-bike and how tokens work), serial,
// where it is and who has it; OpenPAYGO credentials when the model uses them.
import {
  Button,
  Group,
  Modal,
  SegmentedControl,
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
import { commands, roleMayCall, type Device, type DeviceModel } from '../../../contract';
import { deviceCreateInput } from '../../../contract/commands/devices';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { CustomerSearchInput, type CustomerChoice } from '../../components/CustomerSearchInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { VillageSelect } from '../../components/SitePickers';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { deviceStatusOptions, type DeviceStatus } from '../../lib/labels';
import {
  EMPTY_OPENPAYGO,
  isOpenPaygoTouched,
  toOpenPaygoInput,
  type OpenPaygoValues,
} from './openpaygo-form';
import { OpenPaygoFields } from './OpenPaygoFields';
import { maxLengthOf } from '../../lib/limits';

interface Values {
  modelId: string;
  serial: string;
  status: DeviceStatus | null;
  villageId: string | null;
  customer: CustomerChoice | null;
  billingMode: 'prepaid' | 'postpaid';
  installedAt: string;
  notes: string;
  openpaygo: OpenPaygoValues;
}

const EMPTY: Values = {
  modelId: '',
  serial: '',
  status: null,
  villageId: null,
  customer: null,
  billingMode: 'prepaid',
  installedAt: '',
  notes: '',
  openpaygo: EMPTY_OPENPAYGO,
};

/** Models for a Select, grouped under their manufacturer. */
export function modelOptions(models: DeviceModel[], kindLabel: (kind: string) => string) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const model of models) {
    const items = groups.get(model.manufacturer) ?? [];
    items.push({ value: model.id, label: `${model.name} (${kindLabel(model.kind)})` });
    groups.set(model.manufacturer, items);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, items]) => ({ group, items }));
}

export function NewDeviceModal(props: { onClose: () => void; onSaved?: (device: Device) => void }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const models = useCommandQuery('models.list', {});
  const mayCredentials = roleMayCall(commands['devices.setOpenPaygo'].access, user.role);
  const modelList = useMemo(() => models.data?.models ?? [], [models.data]);
  const options = useMemo(
    () => modelOptions(modelList, (kind) => t(`enums.deviceKind.${kind}`)),
    [modelList, t],
  );

  const form = useForm<Values>({
    validateInputOnChange: true,
    initialValues: EMPTY,
    validate: (values) => {
      const errors = toFormErrors(t, schemaIssues(deviceCreateInput, toInput(values)));
      if (!values.modelId) errors.modelId = t('issues.choose');
      if (errors.customerId) errors.customer = errors.customerId;
      return errors;
    },
  });
  const model = modelList.find((m) => m.id === form.values.modelId);
  const isMeter = model?.kind === 'meter';
  const withCredentials = model?.tokenScheme === 'openpaygo' && mayCredentials;

  function toInput(values: Values) {
    const chosen = modelList.find((m) => m.id === values.modelId);
    const credentials =
      chosen?.tokenScheme === 'openpaygo' && mayCredentials && isOpenPaygoTouched(values.openpaygo);
    return {
      modelId: values.modelId,
      serial: values.serial,
      ...(values.status ? { status: values.status } : {}),
      villageId: values.villageId,
      customerId: values.customer?.id ?? null,
      billingMode: chosen?.kind === 'meter' ? values.billingMode : null,
      installedAt: values.installedAt || null,
      notes: values.notes,
      ...(credentials ? { openpaygo: toOpenPaygoInput(values.openpaygo) } : {}),
    };
  }

  const create = useCommandMutation('devices.create', {
    onSuccess: (device) => {
      notifications.show({
        color: 'teal',
        message: device.customer
          ? t('devices.createdFor', {
              serial: device.serial,
              account: device.customer.accountNumber,
            })
          : t('devices.created', { serial: device.serial }),
      });
      props.onClose();
      props.onSaved?.(device);
    },
    onError: (error) => {
      const errors = serverFieldErrors(t, error);
      if (errors.customerId) errors.customer = errors.customerId;
      form.setErrors(errors);
    },
  });

  return (
    <Modal opened onClose={props.onClose} size="lg" title={t('devices.newTitle')}>
      <form onSubmit={form.onSubmit((values) => create.mutate(toInput(values)))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('fields.model')}
              withAsterisk
              searchable
              data={options}
              nothingFoundMessage={models.isPending ? t('common.loading') : t('devices.noModels')}
              data-autofocus
              {...form.getInputProps('modelId')}
              value={form.values.modelId || null}
              onChange={(value: string | null) => form.setFieldValue('modelId', value ?? '')}
            />
            <TextInput
              label={t('fields.serial')}
              withAsterisk
              autoComplete="off"
              spellCheck={false}
              maxLength={maxLengthOf(commands['devices.create'].input, 'serial')}
              {...form.getInputProps('serial')}
            />
          </SimpleGrid>
          <CustomerSearchInput
            label={t('fields.customer')}
            description={t('devices.customerHelp')}
            value={form.values.customer}
            onChange={(value) => form.setFieldValue('customer', value)}
            error={form.errors.customer as string | undefined}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <VillageSelect
              description={t('devices.villageHelp')}
              clearable
              {...form.getInputProps('villageId')}
              onChange={(value) => form.setFieldValue('villageId', value)}
            />
            <Select
              label={t('fields.status')}
              placeholder={t('devices.statusAutomatic')}
              data={deviceStatusOptions(t)}
              clearable
              {...form.getInputProps('status')}
            />
            <TextInput
              type="date"
              label={t('fields.installedAt')}
              {...form.getInputProps('installedAt')}
            />
            {isMeter && (
              <div>
                <Text size="sm" fw={500} mb={4} id="billing-mode-label">
                  {t('fields.billingMode')}
                </Text>
                <SegmentedControl
                  aria-labelledby="billing-mode-label"
                  fullWidth
                  data={[
                    { value: 'prepaid', label: t('enums.billingMode.prepaid') },
                    { value: 'postpaid', label: t('enums.billingMode.postpaid') },
                  ]}
                  {...form.getInputProps('billingMode')}
                />
              </div>
            )}
          </SimpleGrid>
          {model?.tokenScheme === 'openpaygo' && !mayCredentials && (
            <Text size="sm" c="dimmed">
              {t('devices.openpaygo.laterBySupervisor')}
            </Text>
          )}
          {withCredentials && (
            <OpenPaygoFields getInputProps={form.getInputProps} prefix="openpaygo" />
          )}
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxRows={5}
            maxLength={maxLengthOf(commands['devices.create'].input, 'notes')}
            {...form.getInputProps('notes')}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('devices.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
