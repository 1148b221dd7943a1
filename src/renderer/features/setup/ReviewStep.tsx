import { Checkbox, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../lib/places';
import type { SetupForm } from './setup-form';

/** Step 4: everything at a glance before the company is created, and the demo-data choice. */
export function ReviewStep(props: { form: SetupForm }) {
  const { t, i18n } = useTranslation();
  const { values } = props.form;
  const rows: [string, string][] = [
    [t('fields.companyName'), values.company.name],
    [
      t('fields.country'),
      values.company.country ? countryName(values.company.country, i18n.language) : '',
    ],
    [t('fields.currencyCode'), values.currency.code],
    [t('fields.currencyDecimals'), String(values.currency.decimals)],
    [t('fields.timeZone'), values.office.timeZone],
    [t('fields.officeName'), values.office.name],
    [t('fields.officeCode'), values.office.code],
    [t('setup.administrator'), `${values.admin.displayName} (${values.admin.username})`],
  ];
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('setup.reviewIntro')}
      </Text>
      <Table withTableBorder variant="vertical" layout="fixed">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={200}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Checkbox
        label={t('setup.loadDemo')}
        description={t('setup.loadDemoHelp')}
        {...props.form.getInputProps('loadDemo', { type: 'checkbox' })}
      />
    </Stack>
  );
}
