import { Checkbox, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DEMO_USERS } from '../../../domain/demo/activity';
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
      {values.loadDemo && <DemoUsers />}
    </Stack>
  );
}

/** The demo's staff and their published passwords, to try each role after setup. */
function DemoUsers() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm">{t('setup.demoUsersIntro')}</Text>
      <Table withTableBorder aria-label={t('setup.demoUsers')} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.username')}</Table.Th>
            <Table.Th>{t('fields.role')}</Table.Th>
            <Table.Th>{t('fields.password')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {DEMO_USERS.map((u) => (
            <Table.Tr key={u.username}>
              <Table.Td>
                {u.username} ({u.displayName})
              </Table.Td>
              <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
              <Table.Td ff="monospace">{u.password}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
