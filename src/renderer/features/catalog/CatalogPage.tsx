import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AppliancesTab } from './AppliancesTab';
import { ManufacturersTab } from './ManufacturersTab';
import { ModelsTab } from './ModelsTab';

const TABS = ['manufacturers', 'models', 'appliances'] as const;
type Tab = (typeof TABS)[number];

/** What the company installs and sells: manufacturers, device models, appliances. */
export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'manufacturers';
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('catalog.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('catalog.intro')}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => value && setParams({ tab: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`catalog.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="manufacturers" pt="md">
          <ManufacturersTab />
        </Tabs.Panel>
        <Tabs.Panel value="models" pt="md">
          <ModelsTab />
        </Tabs.Panel>
        <Tabs.Panel value="appliances" pt="md">
          <AppliancesTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
