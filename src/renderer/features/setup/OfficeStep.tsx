import { Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SetupForm } from './setup-form';

/** Step 2: this office (this PC) and its short code. */
export function OfficeStep(props: { form: SetupForm }) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <Stack>
      <TextInput
        label={t('fields.officeName')}
        description={t('setup.officeNameHelp')}
        autoFocus
        {...form.getInputProps('office.name')}
      />
      <TextInput
        label={t('fields.officeCode')}
        description={t('setup.officeCodeHelp')}
        maxLength={5}
        {...form.getInputProps('office.code')}
        onChange={(event) =>
          form.setFieldValue('office.code', event.currentTarget.value.toUpperCase())
        }
      />
    </Stack>
  );
}
