import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { commands, type InputOf, type Settings } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { useSession } from '../../api/session';
import { CountrySelect } from '../../components/CountrySelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { serverFieldErrors, zodValidate } from '../../lib/form-errors';

interface SettingsValues {
  company: { name: string; country: string };
  currency: { code: string; decimals: number | string };
  office: { name: string; timeZone: string };
}

function toValues(settings: Settings): SettingsValues {
  return {
    company: { name: settings.company.name, country: settings.company.country },
    currency: { code: settings.currency.code, decimals: settings.currency.decimals },
    office: { name: settings.office.name, timeZone: settings.office.timeZone },
  };
}

function toInput(values: SettingsValues): InputOf<'settings.update'> {
  const decimals = values.currency.decimals;
  return {
    company: values.company,
    currency: {
      code: values.currency.code,
      decimals: typeof decimals === 'number' ? decimals : Number.NaN,
    },
    office: values.office,
  };
}

/**
 * Company, currency and office settings. Mounted with the saved settings (keyed by the caller),
 * so after a save it starts again from what the core stored.
 */
export function CompanySettingsForm(props: { settings: Settings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const validate = zodValidate(t, commands['settings.update'].input);
  const form = useForm<SettingsValues>({
    validateInputOnChange: true,
    initialValues: toValues(props.settings),
    validate: (values) => validate(toInput(values)),
  });
  const save = useCommandMutation('settings.update', {
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('settings.saved') });
      await refresh();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  const readOnly = !props.canEdit;

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(toInput(values)))} noValidate>
      <Stack>
        {readOnly && (
          <Alert color="gray" variant="light">
            {t('settings.readOnly')}
          </Alert>
        )}
        <TextInput
          label={t('fields.companyName')}
          readOnly={readOnly}
          {...form.getInputProps('company.name')}
        />
        <CountrySelect
          readOnly={readOnly}
          {...form.getInputProps('company.country')}
          value={form.values.company.country || null}
          onChange={(value) => form.setFieldValue('company.country', value ?? '')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('fields.currencyCode')}
            maxLength={3}
            readOnly={readOnly}
            {...form.getInputProps('currency.code')}
            onChange={(event) =>
              form.setFieldValue('currency.code', event.currentTarget.value.toUpperCase())
            }
          />
          <NumberInput
            label={t('fields.currencyDecimals')}
            description={t('setup.decimalsHelp')}
            min={0}
            max={3}
            allowDecimal={false}

            readOnly={readOnly}
            {...form.getInputProps('currency.decimals')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('fields.officeName')}
            readOnly={readOnly}
            {...form.getInputProps('office.name')}
          />
          <TextInput
            label={t('fields.officeCode')}
            description={t('settings.officeCodeFixed')}
            value={props.settings.office.code}
            readOnly
          />
        </SimpleGrid>
        <TimeZoneSelect
          description={t('setup.timeZoneHelp')}
          readOnly={readOnly}
          {...form.getInputProps('office.timeZone')}
          value={form.values.office.timeZone || null}
          onChange={(value) => form.setFieldValue('office.timeZone', value ?? '')}
        />
        <ErrorAlert error={save.error} />
        {props.canEdit && (
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => form.reset()}
              disabled={!form.isDirty() || save.isPending}
            >
              {t('settings.undo')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
