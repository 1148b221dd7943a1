import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { commands, type Role } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors, zodValidate } from '../../lib/form-errors';
import { roleOptions } from './role-options';
import { maxLengthOf } from '../../lib/limits';

interface NewUserValues {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  passwordConfirm: string;
}

const EMPTY: NewUserValues = {
  username: '',
  displayName: '',
  role: 'clerk',
  password: '',
  passwordConfirm: '',
};

export function NewUserModal(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm<NewUserValues>({
    validateInputOnChange: true,
    initialValues: EMPTY,
    validate: zodValidate(t, commands['users.create'].input),
  });
  const create = useCommandMutation('users.create', {
    onSuccess: (user) => {
      notifications.show({
        color: 'teal',
        message: t('users.created', { name: user.displayName, username: user.username }),
      });
      close();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });

  function close() {
    form.reset();
    create.reset();
    props.onClose();
  }

  return (
    <Modal opened={props.opened} onClose={close} title={t('users.newTitle')} size="md">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <TextInput
            label={t('fields.username')}
            description={t('users.usernameHelp')}
            autoCapitalize="none"
            spellCheck={false}
            autoComplete="off"
            data-autofocus
            maxLength={maxLengthOf(commands['users.create'].input, 'username')}
            {...form.getInputProps('username')}
          />
          <TextInput
            label={t('fields.displayName')}
            description={t('users.displayNameHelp')}
            maxLength={maxLengthOf(commands['users.create'].input, 'displayName')}
            {...form.getInputProps('displayName')}
          />
          <Select
            label={t('fields.role')}
            description={t('users.roleHelp')}
            data={roleOptions(t)}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          <PasswordField
            label={t('fields.password')}
            description={t('users.passwordHelp')}
            autoComplete="new-password"
            maxLength={maxLengthOf(commands['users.create'].input, 'password')}
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('fields.passwordAgain')}
            autoComplete="new-password"
            maxLength={maxLengthOf(commands['users.create'].input, 'passwordConfirm')}
            {...form.getInputProps('passwordConfirm')}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
