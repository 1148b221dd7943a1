import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PasswordField } from '../../components/PasswordField';
import { isApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { issueText } from '../../lib/form-errors';
import { homePath } from '../shell/areas';

interface LoginValues {
  username: string;
  password: string;
}

/** Username and password; Enter signs in. The core's message says when an account is locked. */
export function LoginScreen(props: { companyName: string | null; notice: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { call, signedIn } = useSession();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<LoginValues>({
    initialValues: { username: '', password: '' },
    validate: {
      username: (value) => (value.trim() === '' ? issueText(t, 'is required') : null),
      password: (value) => (value === '' ? issueText(t, 'is required') : null),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const session = await call('auth.login', values);
      await signedIn(session);
      // Whoever signs in starts on their own home (cashiers at the counter, others on the
      // dashboard), not on the page the last user left open.
      void navigate(homePath(session.user.role));
    } catch (caught) {
      setError(caught);
      form.setFieldValue('password', '');
      form.getInputNode<HTMLInputElement, 'password'>('password')?.focus();
      if (isApiError(caught) && caught.issues.length > 0) {
        const first = caught.issues[0];
        if (first) form.setFieldError(first.field, issueText(t, first.message));
      }
    }
  });

  return (
    <PublicFrame>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                {t('login.title')}
              </Title>
              {props.companyName && (
                <Text c="dimmed" size="sm">
                  {props.companyName}
                </Text>
              )}
            </div>
            {props.notice && !error && (
              <Alert color="blue" variant="light" role="status">
                {props.notice}
              </Alert>
            )}
            <ErrorAlert error={error} />
            <TextInput
              label={t('fields.username')}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              data-autofocus
              autoFocus
              {...form.getInputProps('username')}
            />
            <PasswordField
              label={t('fields.password')}
              autoComplete="current-password"
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </PublicFrame>
  );
}
