// Register a customer, or change one: the same form. The core gives the account number, checks
// the phone numbers against the company's country and refuses a national ID already in use.
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
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract';
import { customerCreateInput } from '../../../contract/commands/customers';
import { useCommandMutation } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { VillageSelect } from '../../components/SitePickers';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { customerStatusOptions, genderOptions } from '../../lib/labels';
import { formatPhone } from '../../lib/phone';
import { useMe } from '../../api/session';
import { maxLengthOf } from '../../lib/limits';
import { commands } from '../../../contract';

interface Values {
  kind: 'individual' | 'business';
  firstName: string;
  lastName: string;
  businessName: string;
  phone: string;
  phone2: string;
  nationalId: string;
  gender: 'female' | 'male' | null;
  villageId: string;
  address: string;
  notes: string;
  status: 'active' | 'inactive';
}

const EMPTY: Values = {
  kind: 'individual',
  firstName: '',
  lastName: '',
  businessName: '',
  phone: '',
  phone2: '',
  nationalId: '',
  gender: null,
  villageId: '',
  address: '',
  notes: '',
  status: 'active',
};

function fromCustomer(c: Customer, country: string): Values {
  return {
    kind: c.kind,
    firstName: c.firstName,
    lastName: c.lastName,
    businessName: c.businessName ?? '',
    phone: formatPhone(c.phone, country),
    phone2: formatPhone(c.phone2, country),
    nationalId: c.nationalId ?? '',
    gender: c.gender,
    villageId: c.site.villageId,
    address: c.address ?? '',
    notes: c.notes ?? '',
    status: c.status,
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function toInput(values: Values) {
  return {
    kind: values.kind,
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    businessName: orNull(values.businessName),
    phone: orNull(values.phone),
    phone2: orNull(values.phone2),
    nationalId: orNull(values.nationalId),
    gender: values.gender,
    villageId: values.villageId,
    address: orNull(values.address),
    notes: orNull(values.notes),
    status: values.status,
  };
}

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Editing this customer; creating a new one when absent. */
  customer?: Customer;
  onSaved?: (customer: Customer) => void;
}

export function CustomerFormModal(props: Props) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const editing = props.customer;
  const form = useForm<Values>({
    validateInputOnChange: true,
    initialValues: editing ? fromCustomer(editing, settings.company.country) : EMPTY,
    validate: (values) => {
      const errors = toFormErrors(t, schemaIssues(customerCreateInput, toInput(values)));
      // The same rule the core applies; said here so the clerk sees it before saving.
      if (values.kind === 'individual') {
        if (!values.firstName.trim()) errors.firstName = t('issues.required');
        if (!values.lastName.trim()) errors.lastName = t('issues.required');
      } else if (!values.businessName.trim()) {
        errors.businessName = t('issues.required');
      }
      if (!values.villageId) errors.villageId = t('issues.chooseVillage');
      return errors;
    },
  });

  const onError = (error: unknown) => form.setErrors(serverFieldErrors(t, error));
  const create = useCommandMutation('customers.create', {
    onSuccess: (customer) => {
      notifications.show({
        color: 'teal',
        message: t('customers.created', {
          name: customer.displayName,
          account: customer.accountNumber,
        }),
      });
      close();
      props.onSaved?.(customer);
    },
    onError,
  });
  const update = useCommandMutation('customers.update', {
    onSuccess: (customer) => {
      notifications.show({
        color: 'teal',
        message: t('customers.updated', { name: customer.displayName }),
      });
      close();
      props.onSaved?.(customer);
    },
    onError,
  });
  const mutation = editing ? update : create;

  function close() {
    if (!editing) form.reset();
    create.reset();
    update.reset();
    props.onClose();
  }

  const submit = (values: Values) => {
    const input = toInput(values);
    if (editing) update.mutate({ id: editing.id, ...input });
    else create.mutate(input);
  };

  const business = form.values.kind === 'business';
  const kindLabel = t('fields.customerKind');

  return (
    <Modal
      opened={props.opened}
      onClose={close}
      size="lg"
      title={
        editing
          ? t('customers.editTitle', { account: editing.accountNumber })
          : t('customers.newTitle')
      }
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} mb={4} id="customer-kind-label">
              {kindLabel}
            </Text>
            <SegmentedControl
              aria-labelledby="customer-kind-label"
              data={[
                { value: 'individual', label: t('enums.customerKind.individual') },
                { value: 'business', label: t('enums.customerKind.business') },
              ]}
              {...form.getInputProps('kind')}
            />
          </div>
          {business && (
            <TextInput
              label={t('fields.businessName')}
              withAsterisk
              maxLength={maxLengthOf(commands['customers.create'].input, 'businessName')}
              {...form.getInputProps('businessName')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('fields.firstName')}
              withAsterisk={!business}
              description={business ? t('customers.contactPerson') : undefined}
              data-autofocus
              maxLength={maxLengthOf(commands['customers.create'].input, 'firstName')}
              {...form.getInputProps('firstName')}
            />
            <TextInput
              label={t('fields.lastName')}
              withAsterisk={!business}
              description={business ? t('customers.contactPerson') : undefined}
              maxLength={maxLengthOf(commands['customers.create'].input, 'lastName')}
              {...form.getInputProps('lastName')}
            />
            <TextInput
              label={t('fields.phone')}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={maxLengthOf(commands['customers.create'].input, 'phone')}
              {...form.getInputProps('phone')}
            />
            <TextInput
              label={t('fields.phone2')}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={maxLengthOf(commands['customers.create'].input, 'phone2')}
              {...form.getInputProps('phone2')}
            />
            <TextInput
              label={t('fields.nationalId')}
              autoComplete="off"
              maxLength={maxLengthOf(commands['customers.create'].input, 'nationalId')}
              {...form.getInputProps('nationalId')}
            />
            <Select
              label={t('fields.gender')}
              placeholder={t('customers.genderUnknown')}
              data={genderOptions(t)}
              clearable
              {...form.getInputProps('gender')}
            />
          </SimpleGrid>
          <VillageSelect
            withAsterisk
            {...form.getInputProps('villageId')}
            value={form.values.villageId || null}
            onChange={(value) => form.setFieldValue('villageId', value ?? '')}
          />
          <TextInput
            label={t('fields.address')}
            maxLength={maxLengthOf(commands['customers.create'].input, 'address')}
            {...form.getInputProps('address')}
          />
          <Textarea
            label={t('fields.notes')}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={maxLengthOf(commands['customers.create'].input, 'notes')}
            {...form.getInputProps('notes')}
          />
          {editing && (
            <Select
              label={t('customers.colStatus')}
              data={customerStatusOptions(t)}
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
          )}
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {editing ? t('common.save') : t('customers.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
