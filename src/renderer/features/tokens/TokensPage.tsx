// Token tools: the checker for every counter role, and supervisor tokens for the roles the core
// allows to issue them (the tab is not shown to the others).
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/session';
import { mayUse } from '../shell/areas';
import { SupervisorToken } from './SupervisorToken';
import { TokenChecker } from './TokenChecker';

type Tab = 'check' | 'supervisor';

export function TokensPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  const [params, setParams] = useSearchParams();
  const maySupervise = mayUse('tokens.supervisor', user.role);
  const tabs: Tab[] = maySupervise ? ['check', 'supervisor'] : ['check'];
  const tab: Tab = tabs.find((x) => x === params.get('tab')) ?? 'check';
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('tokens.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('tokens.intro')}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) => value && setParams({ tab: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`tokens.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="check" pt="md">
          <TokenChecker />
        </Tabs.Panel>
        {maySupervise && (
          <Tabs.Panel value="supervisor" pt="md">
            <SupervisorToken />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
