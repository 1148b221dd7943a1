import { Card, Code, Skeleton, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Version and data folder: what support asks first. */
export function SystemInfoCard() {
  const { t } = useTranslation();
  const info = useCommandQuery('system.info', {});
  return (
    <Card withBorder radius="md" padding="lg" component="section">
      <Title order={2} size="h4" mb="sm">
        {t('settings.about')}
      </Title>
      <ErrorAlert error={info.error} />
      {info.isPending && <Skeleton h={80} />}
      {info.data && (
        <Table variant="vertical" layout="fixed" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>{t('settings.version')}</Table.Th>
              <Table.Td>{info.data.version}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.dataFolder')}</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                <Code>{info.data.dataDir}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.schemaVersion')}</Table.Th>
              <Table.Td>{info.data.schemaVersion}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
