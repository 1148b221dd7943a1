import {
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, roleMayCall } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useSiteTree } from '../../components/SitePickers';
import { formatCount } from '../../lib/format';
import { SiteFormModal, type SiteDialog, type SiteLevel } from './SiteFormModal';

function gps(latitude: number | null, longitude: number | null): string {
  if (latitude === null || longitude === null) return '';
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
}

/** Clusters > mini-grids > villages, with how many customers and devices each village has. */
export function SitesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useMe();
  const tree = useSiteTree();
  const [dialog, setDialog] = useState<SiteDialog | null>(null);
  const mayEdit = roleMayCall(commands['sites.createCluster'].access, user.role);
  const n = (value: number) => formatCount(value, i18n.language);

  const remove = useCommandMutation('sites.delete', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('sites.deleted') }),
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: t('sites.notDeleted'),
        message: error.message,
        autoClose: 12_000,
      }),
  });
  const askDelete = (level: SiteLevel, id: string, name: string) =>
    modals.openConfirmModal({
      title: t(`sites.deleteTitle.${level}`, { name }),
      children: <Text size="sm">{t('sites.deleteBody')}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ level, id }),
    });

  const rowActions = (edit: () => void, del: () => void, name: string) =>
    mayEdit && (
      <Group gap={4} wrap="nowrap" justify="flex-end">
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={edit}
          aria-label={t('common.editNamed', { name })}
        >
          {t('common.edit')}
        </Button>
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          onClick={del}
          aria-label={t('common.deleteNamed', { name })}
        >
          {t('common.delete')}
        </Button>
      </Group>
    );

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('sites.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sites.intro')}
          </Text>
        </div>
        {mayEdit && (
          <Button onClick={() => setDialog({ level: 'cluster' })}>{t('sites.newCluster')}</Button>
        )}
      </Group>
      {tree.isPending && <LoadingBlock />}
      <ErrorAlert error={tree.error} />
      {tree.data && tree.clusters.length === 0 && (
        <Card withBorder radius="md" padding="xl">
          <EmptyState title={t('sites.emptyTitle')} description={t('sites.emptyBody')}>
            {mayEdit && (
              <Button mt="md" variant="light" onClick={() => setDialog({ level: 'cluster' })}>
                {t('sites.newCluster')}
              </Button>
            )}
          </EmptyState>
        </Card>
      )}
      {tree.clusters.map((cluster) => {
        const villages = cluster.miniGrids.flatMap((g) => g.villages);
        const customers = villages.reduce((sum, v) => sum + v.customers, 0);
        return (
          <Card
            key={cluster.id}
            withBorder
            radius="md"
            padding="md"
            component="section"
            aria-label={cluster.name}
          >
            <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
              <div>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t('sites.cluster')}
                </Text>
                <Title order={2} size="h3">
                  {cluster.name}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('sites.clusterCounts', {
                    miniGrids: n(cluster.miniGrids.length),
                    villages: n(villages.length),
                    customers: n(customers),
                  })}
                </Text>
              </div>
              {mayEdit && (
                <Group gap="xs" wrap="nowrap">
                  {rowActions(
                    () =>
                      setDialog({
                        level: 'cluster',
                        id: cluster.id,
                        initial: {
                          name: cluster.name,
                          notes: cluster.notes,
                          latitude: null,
                          longitude: null,
                        },
                      }),
                    () => askDelete('cluster', cluster.id, cluster.name),
                    cluster.name,
                  )}
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setDialog({ level: 'miniGrid', parentId: cluster.id })}
                  >
                    {t('sites.newMiniGrid')}
                  </Button>
                </Group>
              )}
            </Group>
            {cluster.notes && (
              <Text size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {cluster.notes}
              </Text>
            )}
            <Stack gap="sm">
              {cluster.miniGrids.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('sites.noMiniGrids')}
                </Text>
              )}
              {cluster.miniGrids.map((grid) => (
                <Paper
                  key={grid.id}
                  withBorder
                  radius="md"
                  p="sm"
                  component="section"
                  aria-label={grid.name}
                >
                  <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
                    <div>
                      <Group gap="xs">
                        <Title order={3} size="h4">
                          {grid.name}
                        </Title>
                        <Badge variant="outline" ff="monospace" tt="none">
                          {grid.code}
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed">
                        {[t('sites.miniGrid'), gps(grid.latitude, grid.longitude), grid.notes]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </div>
                    {mayEdit && (
                      <Group gap="xs" wrap="nowrap">
                        {rowActions(
                          () =>
                            setDialog({
                              level: 'miniGrid',
                              id: grid.id,
                              parentId: cluster.id,
                              initial: grid,
                            }),
                          () => askDelete('miniGrid', grid.id, grid.name),
                          grid.name,
                        )}
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setDialog({ level: 'village', parentId: grid.id })}
                        >
                          {t('sites.newVillage')}
                        </Button>
                      </Group>
                    )}
                  </Group>
                  {grid.villages.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('sites.noVillagesYet')}
                    </Text>
                  ) : (
                    <Table.ScrollContainer minWidth={560}>
                      <Table verticalSpacing={6} highlightOnHover>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('fields.village')}</Table.Th>
                            <Table.Th>{t('sites.gps')}</Table.Th>
                            <Table.Th ta="right" w={110}>
                              {t('sites.customers')}
                            </Table.Th>
                            <Table.Th ta="right" w={110}>
                              {t('sites.devices')}
                            </Table.Th>
                            <Table.Th w={140}>
                              <VisuallyHidden>{t('users.colActions')}</VisuallyHidden>
                            </Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {grid.villages.map((village) => (
                            <Table.Tr key={village.id}>
                              <Table.Td>
                                {village.name}
                                {village.notes && (
                                  <Text size="xs" c="dimmed" truncate="end">
                                    {village.notes}
                                  </Text>
                                )}
                              </Table.Td>
                              <Table.Td>
                                <Text size="sm" ff="monospace" c="dimmed">
                                  {gps(village.latitude, village.longitude)}
                                </Text>
                              </Table.Td>
                              <Table.Td ta="right">{n(village.customers)}</Table.Td>
                              <Table.Td ta="right">{n(village.devices)}</Table.Td>
                              <Table.Td>
                                {rowActions(
                                  () =>
                                    setDialog({
                                      level: 'village',
                                      id: village.id,
                                      parentId: grid.id,
                                      initial: village,
                                    }),
                                  () => askDelete('village', village.id, village.name),
                                  village.name,
                                )}
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  )}
                </Paper>
              ))}
            </Stack>
          </Card>
        );
      })}
      {dialog && (
        <SiteFormModal
          key={`${dialog.level}-${dialog.id ?? 'new'}-${dialog.parentId ?? ''}`}
          dialog={dialog}
          tree={tree.clusters}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
