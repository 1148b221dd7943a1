import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { commands, type UserPublic } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors, zodValidate } from '../../lib/form-errors';

/** An administrator sets a new password; it also lifts a lock-out and ends the user's sessions. */
export function ResetPasswordModal(props: { user: UserPublic; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    validateInputOnChange: true,
    initialValues: { id: props.user.id, password: '', passwordConfirm: '' },
    validate: zodValidate(t, commands['users.resetPassword'].input),
  });
  const reset = useCommandMutation('users.resetPassword', {
    onSuccess: (user) => {
      notifications.show({
        color: 'teal',
        message: t('users.passwordReset', { name: user.displayName }),
      });
      props.onClose();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('users.resetTitle', { username: props.user.username })}
    >
      <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('users.resetHelp')}
          </Text>
          <PasswordField
            label={t('fields.password')}
            description={t('users.passwordHelp')}
            autoComplete="new-password"
            data-autofocus
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('fields.passwordAgain')}
            autoComplete="new-password"
            {...form.getInputProps('passwordConfirm')}
          />
          <ErrorAlert error={reset.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={reset.isPending}>
              {t('users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
