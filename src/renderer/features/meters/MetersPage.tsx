// The Meters area: the list of every meter, read many meters at once, commission new ones on the bus, import readings from
// a file, and the OpenEMS Edges that report readings over the network.
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BulkReadTab } from './BulkReadTab';
import { CommissioningTab } from './CommissioningTab';
import { ImportReadingsTab } from './ImportReadingsTab';
import { MeterListTab } from './MeterListTab';
import { OpenemsTab } from './OpenemsTab';

const TABS = ['list', 'bulk', 'commissioning', 'import', 'openems'] as const;
type Tab = (typeof TABS)[number];

export function MetersPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('list');
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('meters.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('meters.intro')}
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => setTab(TABS.find((x) => x === value) ?? 'list')}>
        <Tabs.List>
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`meters.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <MeterListTab />
        </Tabs.Panel>
        <Tabs.Panel value="bulk" pt="md">
          <BulkReadTab />
        </Tabs.Panel>
        <Tabs.Panel value="commissioning" pt="md">
          <CommissioningTab />
        </Tabs.Panel>
        <Tabs.Panel value="import" pt="md">
          <ImportReadingsTab />
        </Tabs.Panel>
        <Tabs.Panel value="openems" pt="md">
          <OpenemsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
