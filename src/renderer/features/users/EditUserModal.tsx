import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Role, UserPublic } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issueText, serverFieldErrors } from '../../lib/form-errors';
import { roleOptions } from './role-options';
import { maxLengthOf } from '../../lib/limits';
import { commands } from '../../../contract';

/** Change a user's display name and role. Mounted per user (keyed), so it starts fresh. */
export function EditUserModal(props: { user: UserPublic; onClose: () => void }) {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const form = useForm<{ displayName: string; role: Role }>({
    validateInputOnChange: true,
    initialValues: { displayName: props.user.displayName, role: props.user.role },
    validate: {
      displayName: (value) => (value.trim() === '' ? issueText(t, 'is required') : null),
    },
  });
  const update = useCommandMutation('users.update', {
    onSuccess: async (user) => {
      notifications.show({
        color: 'teal',
        message: t('users.updated', { name: user.displayName }),
      });
      // Editing oneself changes the header (name, role, and what the menu shows).
      if (state.status === 'ready' && state.me.user.id === user.id) await refresh();
      props.onClose();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('users.editTitle', { username: props.user.username })}
    >
      <form
        onSubmit={form.onSubmit((values) => update.mutate({ id: props.user.id, ...values }))}
        noValidate
      >
        <Stack>
          <TextInput
            label={t('fields.displayName')}
            data-autofocus
            maxLength={maxLengthOf(commands['users.update'].input, 'displayName')}
            {...form.getInputProps('displayName')}
          />
          <Select
            label={t('fields.role')}
            description={t('users.roleHelp')}
            data={roleOptions(t)}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('common.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
