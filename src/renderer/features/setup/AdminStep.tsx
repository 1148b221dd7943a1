import { SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import type { SetupForm } from './setup-form';

/** Step 3: the first administrator, who can then create the other users. */
export function AdminStep(props: { form: SetupForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('setup.adminIntro')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('fields.username')}
          description={t('users.usernameHelp')}
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
          autoFocus
          {...form.getInputProps('admin.username')}
        />
        <TextInput
          label={t('fields.displayName')}
          description={t('users.displayNameHelp')}
          {...form.getInputProps('admin.displayName')}
        />
        <PasswordField
          label={t('fields.password')}
          description={t('users.passwordHelp')}
          autoComplete="new-password"
          {...form.getInputProps('admin.password')}
        />
        <PasswordField
          label={t('fields.passwordAgain')}
          autoComplete="new-password"
          {...form.getInputProps('admin.passwordConfirm')}
        />
      </SimpleGrid>
    </Stack>
  );
}
