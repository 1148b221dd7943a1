// Postpaid billing: the monthly runs (drafted, checked, finalised), the billing settings of each
// mini-grid, and the debt (aging and the disconnection list). The core bills; these tabs show.
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DebtTab } from './DebtTab';
import { RunsTab } from './RunsTab';
import { SettingsTab } from './SettingsTab';

const TABS = ['runs', 'settings', 'debt'] as const;
type Tab = (typeof TABS)[number];

export function BillingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'runs';

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('billing.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.intro')}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'runs' ? { tab: value } : {})}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`billing.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="runs" pt="md">
          <RunsTab />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md">
          <SettingsTab />
        </Tabs.Panel>
        <Tabs.Panel value="debt" pt="md">
          <DebtTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
