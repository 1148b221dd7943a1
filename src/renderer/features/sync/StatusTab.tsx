// Where each other office stands (last bundle sent, last received, changes it has not
// acknowledged, a warning when it has not been heard from), the bundles imported here, and the
// shared folder of this PC with what its last run did.
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSilent, SILENT_WARN_DAYS } from '../../../domain/sync/silence';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatCount, formatInstant } from '../../lib/format';

export function StatusTab() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const when = (iso: string | null) =>
    iso ? formatInstant(iso, me.settings.office.timeZone, i18n.language) : t('sync.never');
  const status = useCommandQuery('sync.status', {});
  if (status.error) return <ErrorAlert error={status.error} />;
  if (!status.data) return <LoadingBlock />;
  const s = status.data;
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <Stack>
      {!s.hasKey && (
        <Alert color="yellow" title={t('sync.noKeyTitle')}>
          {t('sync.noKey')}
        </Alert>
      )}
      {s.openConflicts > 0 && (
        <Alert color="orange" data-testid="sync-open-conflicts">
          {t('sync.openConflicts', { count: s.openConflicts })}
        </Alert>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('sync.peersTitle', { office: s.office })}
        </Title>
        {s.peers.length === 0 ? (
          <Text c="dimmed">{t('sync.noPeers')}</Text>
        ) : (
          <Table striped data-testid="sync-peers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.office')}</Table.Th>
                <Table.Th>{t('sync.lastSent')}</Table.Th>
                <Table.Th>{t('sync.lastReceived')}</Table.Th>
                <Table.Th>{t('sync.behind')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.peers.map((p) => (
                <Table.Tr key={p.officeId}>
                  <Table.Td>
                    {p.code} · {p.name}
                  </Table.Td>
                  <Table.Td>{when(p.lastSentAt)}</Table.Td>
                  <Table.Td>{when(p.lastReceivedAt)}</Table.Td>
                  <Table.Td>{n(p.behind)}</Table.Td>
                  <Table.Td>
                    {isSilent(p.silentDays) && (
                      <Badge color="orange" variant="light">
                        {p.silentDays === null
                          ? t('sync.neverHeard')
                          : t('sync.silent', { count: p.silentDays })}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {t('sync.peersHelp', { days: SILENT_WARN_DAYS })}
        </Text>
      </Card>
      <SharedFolderCard />
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('sync.importsTitle')}
        </Title>
        {s.imports.length === 0 ? (
          <Text c="dimmed">{t('sync.noImports')}</Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.importedAt')}</Table.Th>
                <Table.Th>{t('sync.fromOffice')}</Table.Th>
                <Table.Th>{t('sync.applied')}</Table.Th>
                <Table.Th>{t('sync.skipped')}</Table.Th>
                <Table.Th>{t('sync.waiting')}</Table.Th>
                <Table.Th>{t('sync.conflicts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.imports.map((i) => (
                <Table.Tr key={i.bundleId}>
                  <Table.Td>{when(i.importedAt)}</Table.Td>
                  <Table.Td>{i.fromOffice}</Table.Td>
                  <Table.Td>{n(i.applied)}</Table.Td>
                  <Table.Td>{n(i.skipped)}</Table.Td>
                  <Table.Td>{n(i.waiting)}</Table.Td>
                  <Table.Td>{n(i.conflicts)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

function SharedFolderCard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const folder = useCommandQuery('sync.folder', {});
  // What the user typed; until then, the folder the core has.
  const [edited, setPath] = useState<string | null>(null);
  const path = edited ?? folder.data?.folder ?? '';
  const save = useCommandMutation('sync.setFolder', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('sync.folderSaved') }),
  });
  const runNow = useCommandMutation('sync.folderRun');
  const f = folder.data;
  const last = f?.lastRun ?? null;
  return (
    <Card withBorder data-testid="sync-folder">
      <Title order={2} size="h4" mb="xs">
        {t('sync.folderTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('sync.folderIntro')}
      </Text>
      <Group align="flex-end">
        <TextInput
          label={t('sync.folderPath')}
          description={t('sync.folderPathHelp')}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          w={420}
        />
        <Button
          variant="default"
          loading={save.isPending}
          onClick={() => save.mutate({ folder: path.trim() === '' ? null : path })}
        >
          {t('common.save')}
        </Button>
        {f?.folder && (
          <Button loading={runNow.isPending} onClick={() => runNow.mutate({})}>
            {t('sync.folderRunNow')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={save.error ?? runNow.error} />
      {f?.folder && (
        <Text size="sm" mt="sm">
          {f.present ? t('sync.folderPresent') : t('sync.folderAbsent')}
        </Text>
      )}
      {last && (
        <Stack gap={2} mt="xs">
          <Text size="sm">
            {t('sync.folderLastRun', {
              at: formatInstant(last.at, me.settings.office.timeZone, i18n.language),
            })}
          </Text>
          {last.imported.map((i) => (
            <Text size="sm" key={i.file}>
              {t('sync.folderImported', {
                file: i.file,
                office: i.fromOffice,
                applied: i.applied,
                conflicts: i.conflicts,
              })}
            </Text>
          ))}
          {last.exported.map((e) => (
            <Text size="sm" key={e.file}>
              {t('sync.folderExported', { file: e.file, office: e.toOffice, changes: e.changes })}
            </Text>
          ))}
          {last.refused.map((r) => (
            <Text size="sm" c="red" key={r.file}>
              {r.file}: {r.message}
            </Text>
          ))}
          {last.message && (
            <Text size="sm" c="orange">
              {last.message}
            </Text>
          )}
          {last.present && last.imported.length + last.exported.length === 0 && !last.message && (
            <Text size="sm" c="dimmed">
              {t('sync.folderNothing')}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
