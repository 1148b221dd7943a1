import { NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CountrySelect } from '../../components/CountrySelect';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { countryDefaults } from './countries';
import type { SetupForm } from './setup-form';

/** Step 1: the company, its country, currency and time zone (a known country fills these in). */
export function CompanyStep(props: { form: SetupForm }) {
  const { t } = useTranslation();
  const { form } = props;

  const chooseCountry = (code: string | null) => {
    form.setFieldValue('company.country', code ?? '');
    const defaults = code ? countryDefaults(code) : undefined;
    if (!defaults) return;
    form.setFieldValue('currency.code', defaults.currency);
    form.setFieldValue('currency.decimals', defaults.decimals);
    form.setFieldValue('office.timeZone', defaults.timeZone);
    form.clearFieldError('currency.code');
    form.clearFieldError('currency.decimals');
    form.clearFieldError('office.timeZone');
  };

  return (
    <Stack>
      <TextInput
        label={t('fields.companyName')}
        description={t('setup.companyNameHelp')}
        autoFocus
        {...form.getInputProps('company.name')}
      />
      <CountrySelect
        description={t('setup.countryHelp')}
        {...form.getInputProps('company.country')}
        value={form.values.company.country || null}
        onChange={chooseCountry}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('fields.currencyCode')}
          description={t('setup.currencyCodeHelp')}
          maxLength={3}
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

          {...form.getInputProps('currency.decimals')}
        />
      </SimpleGrid>
      <TimeZoneSelect
        description={t('setup.timeZoneHelp')}
        {...form.getInputProps('office.timeZone')}
        value={form.values.office.timeZone || null}
        onChange={(value) => form.setFieldValue('office.timeZone', value ?? '')}
      />
    </Stack>
  );
}
