import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { isApiError } from '../../api/client';
import { useSession, type Me } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { issueText } from '../../lib/form-errors';

/**
 * The session stays open behind this screen; the signed-in user's password unlocks it. Another
 * cashier at the same PC signs the first one out and signs in.
 */
export function LockScreen(props: { me: Me }) {
  const { t } = useTranslation();
  const { call, unlocked, signOut } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [leaving, setLeaving] = useState(false);
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value === '' ? issueText(t, 'is required') : null) },
  });
  const { user, settings } = props.me;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const answer = await call('auth.unlock', values);
      unlocked(answer.user);
    } catch (caught) {
      form.setFieldValue('password', '');
      form.getInputNode<HTMLInputElement, 'password'>('password')?.focus();
      // Too many wrong passwords ended the session: sign-in again, with the reason shown.
      if (isApiError(caught) && typeof caught.details.lockedUntil === 'string') {
        await signOut(caught.message);
        return;
      }
      setError(caught);
    }
  });

  const switchUser = async () => {
    setLeaving(true);
    await signOut();
  };

  return (
    <PublicFrame>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {t('lock.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {settings.company.name} · {settings.office.name}
              </Text>
            </div>
            <Text>{t('lock.signedInAs', { name: user.displayName, username: user.username })}</Text>
            <ErrorAlert error={error} />
            {/* For password managers: which account this password belongs to. */}
            <input
              type="text"
              name="username"
              autoComplete="username"
              value={user.username}
              readOnly
              hidden
            />
            <PasswordField
              label={t('fields.password')}
              autoComplete="current-password"
              autoFocus
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('lock.unlock')}
            </Button>
            <Button variant="subtle" onClick={() => void switchUser()} loading={leaving}>
              {t('lock.switchUser')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </PublicFrame>
  );
}
