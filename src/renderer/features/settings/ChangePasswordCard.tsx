import { Button, Card, Group, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { commands } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors, zodValidate } from '../../lib/form-errors';

const EMPTY = { currentPassword: '', newPassword: '', newPasswordConfirm: '' };

/** The signed-in user changes their own password (the current one is asked first). */
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const form = useForm({
    validateInputOnChange: true,
    initialValues: EMPTY,
    validate: zodValidate(t, commands['auth.changePassword'].input),
  });
  const change = useCommandMutation('auth.changePassword', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('settings.passwordChanged') });
      form.reset();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });

  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('settings.changePassword')}
          </Title>
          <PasswordField
            label={t('settings.currentPassword')}
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordField
            label={t('settings.newPassword')}
            description={t('users.passwordHelp')}
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordField
            label={t('settings.newPasswordAgain')}
            autoComplete="new-password"
            {...form.getInputProps('newPasswordConfirm')}
          />
          <ErrorAlert error={change.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              {t('settings.changePasswordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
