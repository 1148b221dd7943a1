import { Card, EmptyState, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatCount, formatInstant } from '../../lib/format';

function Figure(props: { label: string; value: string; note?: string }) {
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label={props.label}>
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {props.value}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed">
          {props.note}
        </Text>
      )}
    </Card>
  );
}

/** Counts of sites, customers, devices and users, and the list of mini-grids. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const summary = useCommandQuery('dashboard.summary', {});
  const backups = useCommandQuery('backups.status', {});
  const n = (value: number) => formatCount(value, i18n.language);
  const when = (iso: string) => formatInstant(iso, settings.office.timeZone, i18n.language);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      {summary.isPending && <LoadingBlock />}
      <ErrorAlert error={summary.error} />
      {summary.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
            <Figure
              label={t('dashboard.customers')}
              value={n(summary.data.activeCustomers)}
              note={t('dashboard.customersNote', { total: n(summary.data.customers) })}
            />
            <Figure label={t('dashboard.meters')} value={n(summary.data.devices.meter)} />
            <Figure label={t('dashboard.shs')} value={n(summary.data.devices.shs)} />
            <Figure label={t('dashboard.ebikes')} value={n(summary.data.devices.ebike)} />
            <Figure
              label={t('dashboard.miniGrids')}
              value={n(summary.data.miniGrids)}
              note={t('dashboard.clustersNote', { count: summary.data.clusters })}
            />
            <Figure label={t('dashboard.villages')} value={n(summary.data.villages)} />
            <Figure label={t('dashboard.users')} value={n(summary.data.users)} />
            {backups.data && (
              <Figure
                label={t('dashboard.lastBackup')}
                value={
                  backups.data.lastGood
                    ? when(backups.data.lastGood.createdAt)
                    : t('dashboard.noBackup')
                }
                note={
                  backups.data.lastDrill?.ok
                    ? t('dashboard.lastDrill', { when: when(backups.data.lastDrill.at) })
                    : t('dashboard.noDrill')
                }
              />
            )}
          </SimpleGrid>
          <Title order={2} size="h3" mt="md">
            {t('dashboard.miniGridList')}
          </Title>
          {summary.data.miniGridList.length === 0 ? (
            <Card withBorder radius="md" padding="xl">
              <EmptyState
                title={t('dashboard.emptyTitle')}
                description={t('dashboard.emptyBody', { company: settings.company.name })}
              />
            </Card>
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table striped highlightOnHover withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dashboard.colMiniGrid')}</Table.Th>
                    <Table.Th>{t('dashboard.colCluster')}</Table.Th>
                    <Table.Th ta="right">{t('dashboard.colVillages')}</Table.Th>
                    <Table.Th ta="right">{t('dashboard.colCustomers')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.data.miniGridList.map((grid) => (
                    <Table.Tr key={grid.id}>
                      <Table.Td>{grid.name}</Table.Td>
                      <Table.Td>{grid.cluster}</Table.Td>
                      <Table.Td ta="right">{n(grid.villages)}</Table.Td>
                      <Table.Td ta="right">{n(grid.customers)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
