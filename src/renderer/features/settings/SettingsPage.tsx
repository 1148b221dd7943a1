import { Card, Grid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { mayUse } from '../shell/areas';
import { ChangePasswordCard } from './ChangePasswordCard';
import { CompanySettingsForm } from './CompanySettingsForm';
import { ContractSettingsCard } from './ContractSettingsCard';
import { CounterSettingsCard } from './CounterSettingsCard';
import { SystemInfoCard } from './SystemInfoCard';
import { ThisCounterCard } from './ThisCounterCard';
import { BackupPassphraseCard } from './BackupPassphraseCard';

export function SettingsPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  const settings = useCommandQuery('settings.get', {});
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md" padding="lg" component="section">
            <Title order={2} size="h4" mb="sm">
              {t('settings.company')}
            </Title>
            {settings.isPending && <LoadingBlock />}
            <ErrorAlert error={settings.error} />
            {settings.data && (
              <CompanySettingsForm
                key={JSON.stringify(settings.data)}
                settings={settings.data}
                canEdit={mayUse('settings.update', user.role)}
              />
            )}
          </Card>
          {settings.data && (
            <ContractSettingsCard
              key={JSON.stringify(settings.data.contracts)}
              settings={settings.data}
              canEdit={mayUse('settings.update', user.role)}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            {settings.data && (
              <CounterSettingsCard
                key={JSON.stringify(settings.data.counter)}
                settings={settings.data}
                canEdit={mayUse('settings.update', user.role)}
              />
            )}
            <ThisCounterCard />
            {mayUse('backups.setPassphrase', user.role) && <BackupPassphraseCard />}
            <ChangePasswordCard />
            <SystemInfoCard />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
