// The actions of the device page, each a small dialog over one command: assign, unassign (with a
// reason), move, change status, edit details, set OpenPAYGO credentials. Every one of them adds
// a line to the device's history on the core.
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
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, type Device } from '../../../contract';
import { openPaygoInput } from '../../../contract/commands/devices';
import { useCommandMutation } from '../../api/hooks';
import { CustomerSearchInput, type CustomerChoice } from '../../components/CustomerSearchInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { VillageSelect } from '../../components/SitePickers';
import {
  issueText,
  schemaIssues,
  serverFieldErrors,
  toFormErrors,
  zodValidate,
} from '../../lib/form-errors';
import { deviceStatusOptions, type DeviceStatus } from '../../lib/labels';
import { EMPTY_OPENPAYGO, toOpenPaygoInput, type OpenPaygoValues } from './openpaygo-form';
import { OpenPaygoFields } from './OpenPaygoFields';
import { maxLengthOf } from '../../lib/limits';

interface DialogProps {
  device: Device;
  onClose: () => void;
}

function Actions(props: { onClose: () => void; pending: boolean; submit: string; color?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={props.onClose}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={props.pending} color={props.color}>
        {props.submit}
      </Button>
    </Group>
  );
}

function Dialog(props: { title: string; onClose: () => void; children: ReactNode; size?: string }) {
  return (
    <Modal opened onClose={props.onClose} title={props.title} size={props.size ?? 'md'}>
      {props.children}
    </Modal>
  );
}

function useDone(onClose: () => void) {
  const { t } = useTranslation();
  return (message: string) => {
    notifications.show({ color: 'teal', message: message || t('common.saved') });
    onClose();
  };
}

export function AssignDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const form = useForm<{
    customer: CustomerChoice | null;
    villageId: string | null;
    installedAt: string;
    note: string;
  }>({
    validateInputOnChange: true,
    initialValues: { customer: null, villageId: null, installedAt: '', note: '' },
    validate: { customer: (value) => (value ? null : t('devices.pickCustomer')) },
  });
  const assign = useCommandMutation('devices.assign', {
    onSuccess: (device) =>
      done(
        t('customers.assigned', {
          serial: device.serial,
          account: device.customer?.accountNumber ?? '',
        }),
      ),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  return (
    <Dialog
      title={t('devices.assignTitle', { serial: props.device.serial })}
      onClose={props.onClose}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          assign.mutate({
            id: props.device.id,
            customerId: values.customer?.id ?? '',
            ...(values.villageId ? { villageId: values.villageId } : {}),
            ...(values.installedAt ? { installedAt: values.installedAt } : {}),
            ...(values.note.trim() ? { note: values.note.trim() } : {}),
          }),
        )}
      >
        <Stack gap="sm">
          <CustomerSearchInput
            label={t('fields.customer')}
            withAsterisk
            autoFocus
            value={form.values.customer}
            onChange={(value) => form.setFieldValue('customer', value)}
            error={(form.errors.customer ?? form.errors.customerId) as string | undefined}
          />
          <VillageSelect
            description={t('devices.assignVillageHelp')}
            clearable
            {...form.getInputProps('villageId')}
            onChange={(value) => form.setFieldValue('villageId', value)}
          />
          <TextInput
            type="date"
            label={t('fields.installedAt')}
            {...form.getInputProps('installedAt')}
          />
          <TextInput
            label={t('fields.note')}
            maxLength={maxLengthOf(commands['devices.assign'].input, 'note')}
            {...form.getInputProps('note')}
          />
          <ErrorAlert error={assign.error} />
          <Actions
            onClose={props.onClose}
            pending={assign.isPending}
            submit={t('customers.assign')}
          />
        </Stack>
      </form>
    </Dialog>
  );
}

export function UnassignDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const form = useForm<{ status: 'in_stock' | 'faulty' | 'retired'; note: string }>({
    validateInputOnChange: true,
    initialValues: { status: 'in_stock', note: '' },
    validate: { note: (value) => (value.trim() ? null : issueText(t, 'is required')) },
  });
  const unassign = useCommandMutation('devices.unassign', {
    onSuccess: (device) => done(t('devices.unassigned', { serial: device.serial })),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  const customer = props.device.customer;
  return (
    <Dialog
      title={t('devices.unassignTitle', { serial: props.device.serial })}
      onClose={props.onClose}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          unassign.mutate({ id: props.device.id, status: values.status, note: values.note.trim() }),
        )}
      >
        <Stack gap="sm">
          {customer && (
            <Text size="sm">
              {t('devices.unassignBody', { account: customer.accountNumber, name: customer.name })}
            </Text>
          )}
          <Select
            label={t('devices.unassignStatus')}
            data={deviceStatusOptions(t, ['in_stock', 'faulty', 'retired'])}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <Textarea
            label={t('devices.reason')}
            withAsterisk
            autosize
            minRows={2}
            data-autofocus
            maxLength={maxLengthOf(commands['devices.unassign'].input, 'note')}
            {...form.getInputProps('note')}
          />
          <ErrorAlert error={unassign.error} />
          <Actions
            onClose={props.onClose}
            pending={unassign.isPending}
            submit={t('devices.unassign')}
            color="orange"
          />
        </Stack>
      </form>
    </Dialog>
  );
}

export function MoveDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const form = useForm<{ villageId: string | null; note: string }>({
    validateInputOnChange: true,
    initialValues: { villageId: null, note: '' },
    validate: { villageId: (value) => (value ? null : t('issues.chooseVillage')) },
  });
  const move = useCommandMutation('devices.move', {
    onSuccess: (device) =>
      done(t('devices.moved', { serial: device.serial, village: device.site?.village ?? '' })),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  return (
    <Dialog title={t('devices.moveTitle', { serial: props.device.serial })} onClose={props.onClose}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          move.mutate({
            id: props.device.id,
            villageId: values.villageId ?? '',
            ...(values.note.trim() ? { note: values.note.trim() } : {}),
          }),
        )}
      >
        <Stack gap="sm">
          {props.device.site && (
            <Text size="sm">
              {t('devices.nowIn', {
                village: props.device.site.village,
                miniGrid: props.device.site.miniGrid,
              })}
            </Text>
          )}
          <VillageSelect
            label={t('devices.moveTo')}
            withAsterisk
            data-autofocus
            {...form.getInputProps('villageId')}
            onChange={(value) => form.setFieldValue('villageId', value)}
          />
          <TextInput
            label={t('fields.note')}
            maxLength={maxLengthOf(commands['devices.move'].input, 'note')}
            {...form.getInputProps('note')}
          />
          <ErrorAlert error={move.error} />
          <Actions onClose={props.onClose} pending={move.isPending} submit={t('devices.move')} />
        </Stack>
      </form>
    </Dialog>
  );
}

export function StatusDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const form = useForm<{ status: DeviceStatus }>({
    validateInputOnChange: true,
    initialValues: { status: props.device.status },
  });
  const update = useCommandMutation('devices.update', {
    onSuccess: (device) =>
      done(
        t('devices.statusChanged', {
          serial: device.serial,
          status: t(`enums.deviceStatus.${device.status}`),
        }),
      ),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  return (
    <Dialog
      title={t('devices.statusTitle', { serial: props.device.serial })}
      onClose={props.onClose}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          update.mutate({ id: props.device.id, status: values.status }),
        )}
      >
        <Stack gap="sm">
          <Select
            label={t('fields.status')}
            data={deviceStatusOptions(t)}
            allowDeselect={false}
            data-autofocus
            {...form.getInputProps('status')}
          />
          {props.device.customer && (
            <Text size="xs" c="dimmed">
              {t('devices.statusAssignedHelp')}
            </Text>
          )}
          <ErrorAlert error={update.error} />
          <Actions onClose={props.onClose} pending={update.isPending} submit={t('common.save')} />
        </Stack>
      </form>
    </Dialog>
  );
}

export function EditDeviceDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const d = props.device;
  const form = useForm({
    validateInputOnChange: true,
    initialValues: {
      serial: d.serial,
      billingMode: d.billingMode ?? 'prepaid',
      installedAt: d.installedAt ?? '',
      notes: d.notes ?? '',
    },
  });
  const update = useCommandMutation('devices.update', {
    onSuccess: (device) => done(t('devices.updated', { serial: device.serial })),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  const toInput = (values: typeof form.values) => ({
    id: d.id,
    serial: values.serial,
    ...(d.kind === 'meter' ? { billingMode: values.billingMode } : {}),
    installedAt: values.installedAt || null,
    notes: values.notes,
  });
  return (
    <Dialog title={t('devices.editTitle', { serial: d.serial })} onClose={props.onClose}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const errors = toFormErrors(
            t,
            schemaIssues(commands['devices.update'].input, toInput(form.values)),
          );
          form.setErrors(errors);
          if (Object.keys(errors).length === 0) update.mutate(toInput(form.values));
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('fields.serial')}
            data-autofocus
            maxLength={maxLengthOf(commands['devices.update'].input, 'serial')}
            {...form.getInputProps('serial')}
          />
          {d.kind === 'meter' && (
            <div>
              <Text size="sm" fw={500} mb={4} id="edit-billing-label">
                {t('fields.billingMode')}
              </Text>
              <SegmentedControl
                aria-labelledby="edit-billing-label"
                data={[
                  { value: 'prepaid', label: t('enums.billingMode.prepaid') },
                  { value: 'postpaid', label: t('enums.billingMode.postpaid') },
                ]}
                {...form.getInputProps('billingMode')}
              />
            </div>
          )}
          <TextInput
            type="date"
            label={t('fields.installedAt')}
            {...form.getInputProps('installedAt')}
          />
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxLength={maxLengthOf(commands['devices.update'].input, 'notes')}
            {...form.getInputProps('notes')}
          />
          <ErrorAlert error={update.error} />
          <Actions onClose={props.onClose} pending={update.isPending} submit={t('common.save')} />
        </Stack>
      </form>
    </Dialog>
  );
}

export function CredentialsDialog(props: DialogProps) {
  const { t } = useTranslation();
  const done = useDone(props.onClose);
  const current = props.device.openpaygo;
  const form = useForm<OpenPaygoValues>({
    validateInputOnChange: true,
    initialValues: current
      ? {
          ...EMPTY_OPENPAYGO,
          startingCode: current.startingCode,
          count: current.count,
          timeDivider: current.timeDivider,
          restrictedDigits: current.restrictedDigits,
        }
      : EMPTY_OPENPAYGO,
    validate: (values) => {
      const check = zodValidate(t, openPaygoInput);
      return check(toOpenPaygoInput(values));
    },
  });
  const set = useCommandMutation('devices.setOpenPaygo', {
    onSuccess: (device) => done(t('devices.openpaygo.saved', { serial: device.serial })),
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  return (
    <Dialog
      title={t('devices.openpaygo.title', { serial: props.device.serial })}
      onClose={props.onClose}
      size="lg"
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          set.mutate({ id: props.device.id, ...toOpenPaygoInput(values) }),
        )}
      >
        <Stack gap="sm">
          {current && (
            <Text size="sm" c="orange.8">
              {t('devices.openpaygo.replaceWarning')}
            </Text>
          )}
          <OpenPaygoFields
            getInputProps={form.getInputProps}
            prefix=""
            help={t('devices.openpaygo.helpSet')}
          />
          <ErrorAlert error={set.error} />
          <SimpleGrid cols={1}>
            <Actions onClose={props.onClose} pending={set.isPending} submit={t('common.save')} />
          </SimpleGrid>
        </Stack>
      </form>
    </Dialog>
  );
}
