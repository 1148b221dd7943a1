// Backups: the last good backup and drill, Backup now, where backups go and how often, the
// history with Verify and Restore, and verifying any backup file (an old USB stick). The core does
// the work and decides; this page shows its answers.
import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, BackupSettings } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { mayUse } from '../shell/areas';
import { useOperation } from '../meters/meter-parts';
import { BackupFileFields, BackupProgress } from './BackupFileFields';
import { RestoreModal, UndoRestoreModal } from './RestoreModal';

export function formatBytes(bytes: number | null, locale: string): string {
  if (bytes === null) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function BackupsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const timeZone = me.settings.office.timeZone;
  const when = (iso: string | null | undefined) => formatInstant(iso, timeZone, i18n.language);
  const status = useCommandQuery('backups.status', {});
  const history = useCommandQuery('backups.list', { limit: 100 });
  const [restoring, setRestoring] = useState<string | null>(null);
  const [undoing, setUndoing] = useState(false);
  const backupOperation = useOperation();
  const backupNow = useCommandMutation('backups.run', {
    onSuccess: (result) => {
      for (const r of result.results) {
        notifications.show({
          color: r.ok ? 'teal' : 'orange',
          message: r.ok ? t('backups.written', { file: r.file }) : (r.message ?? ''),
        });
      }
    },
  });
  const drill = useCommandMutation('backups.drill', {
    onSuccess: (result) =>
      notifications.show({ color: result.ok ? 'teal' : 'red', message: result.message }),
  });
  const canRestore = mayUse('backups.restore', me.user.role);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('backups.title')}
      </Title>
      <ErrorAlert error={status.error} />
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="last">
            <Title order={2} size="h4" mb="sm" id="last">
              {t('backups.lastGoodTitle')}
            </Title>
            {status.isPending && <LoadingBlock />}
            {status.data && (
              <Stack gap="xs">
                {!status.data.passphraseSet && (
                  <Text c="red" fw={600}>
                    {t('backups.noPassphrase')}
                  </Text>
                )}
                <Text>
                  {status.data.lastGood
                    ? t('backups.lastGood', {
                        when: when(status.data.lastGood.createdAt),
                        file: status.data.lastGood.file,
                        size: formatBytes(status.data.lastGood.sizeBytes, i18n.language),
                      })
                    : t('backups.noneYet')}
                </Text>
                <Text size="sm" c="dimmed">
                  {status.data.lastDrill
                    ? t(
                        status.data.lastDrill.ok
                          ? 'backups.lastDrillOk'
                          : 'backups.lastDrillFailed',
                        {
                          when: when(status.data.lastDrill.at),
                        },
                      )
                    : t('backups.noDrill')}
                </Text>
                <ErrorAlert error={backupNow.error ?? drill.error} />
                <Group>
                  <Button
                    onClick={() =>
                      void backupOperation
                        .run((operationId) =>
                          backupNow.mutateAsync({ reason: 'manual', operationId }),
                        )
                        .catch(() => undefined)
                    }
                    loading={backupNow.isPending}
                    disabled={!status.data.passphraseSet}
                  >
                    {t('backups.backupNow')}
                  </Button>
                  <Button
                    variant="default"
                    onClick={() => drill.mutate({})}
                    loading={drill.isPending}
                    disabled={!status.data.lastGood}
                  >
                    {t('backups.drill')}
                  </Button>
                </Group>
                {backupNow.isPending && <BackupProgress progress={backupOperation.progress} />}
                {canRestore && status.data.lastRestore?.undoPoint && (
                  <Group gap="sm" data-testid="last-restore">
                    <Text size="sm">
                      {t(
                        status.data.lastRestore.undoOf ? 'backups.lastUndo' : 'backups.lastRestore',
                        {
                          when: when(status.data.lastRestore.at),
                          file: status.data.lastRestore.undoOf ?? status.data.lastRestore.file,
                        },
                      )}
                    </Text>
                    <Button size="xs" color="red" variant="light" onClick={() => setUndoing(true)}>
                      {t('backups.undoRestore')}
                    </Button>
                  </Group>
                )}
              </Stack>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {status.data && (
            <BackupSettingsCard
              key={JSON.stringify(status.data.settings)}
              settings={status.data.settings}
              defaultFolder={status.data.defaultFolder}
            />
          )}
        </Grid.Col>
      </Grid>

      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="history">
        <Title order={2} size="h4" mb="sm" id="history">
          {t('backups.historyTitle')}
        </Title>
        <ErrorAlert error={history.error} />
        {history.data && history.data.backups.length === 0 && (
          <Text c="dimmed">{t('backups.historyEmpty')}</Text>
        )}
        {history.data && history.data.backups.length > 0 && (
          <Table.ScrollContainer minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('backups.when')}</Table.Th>
                  <Table.Th>{t('backups.where')}</Table.Th>
                  <Table.Th>{t('backups.size')}</Table.Th>
                  <Table.Th>{t('backups.state')}</Table.Th>
                  <Table.Th>{t('backups.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.backups.map((b) => (
                  <HistoryRow
                    key={b.id}
                    entry={b}
                    when={when(b.createdAt)}
                    size={formatBytes(b.sizeBytes, i18n.language)}
                    canRestore={canRestore}
                    onRestore={() => setRestoring(b.file)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <VerifyFileCard
        canRestore={canRestore}
        timeZone={timeZone}
        onRestore={(file) => setRestoring(file)}
      />
      {restoring !== null && (
        <RestoreModal
          file={restoring}
          passphraseSet={status.data?.passphraseSet ?? false}
          onClose={() => setRestoring(null)}
        />
      )}
      {undoing && status.data?.lastRestore && (
        <UndoRestoreModal report={status.data.lastRestore} onClose={() => setUndoing(false)} />
      )}
    </Stack>
  );
}

function HistoryRow(props: {
  entry: BackupEntry;
  when: string;
  size: string;
  canRestore: boolean;
  onRestore: () => void;
}) {
  const { t } = useTranslation();
  const b = props.entry;
  const verify = useCommandMutation('backups.verify', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('backups.verifiedOk') }),
  });
  const operation = useOperation();
  const usable = b.file !== '' && b.removedAt === null && b.status === 'verified';
  return (
    <Table.Tr>
      <Table.Td>
        {props.when}
        <Text size="xs" c="dimmed">
          {t(`backups.reasons.${b.reason}`)} · {b.actor}
        </Text>
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-all' }}>
        {b.file || b.folder}
        {b.error && (
          <Text size="xs" c="red">
            {b.error}
          </Text>
        )}
        <ErrorAlert error={verify.error} />
        {verify.isPending && <BackupProgress progress={operation.progress} />}
      </Table.Td>
      <Table.Td>{props.size}</Table.Td>
      <Table.Td>
        {b.removedAt ? (
          <Badge color="gray">{t('backups.removed')}</Badge>
        ) : b.status === 'verified' ? (
          <Badge color="teal">{t('backups.verified')}</Badge>
        ) : (
          <Badge color="red">{t('backups.failed')}</Badge>
        )}
      </Table.Td>
      <Table.Td>
        {usable && (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              loading={verify.isPending}
              onClick={() =>
                void operation
                  .run((operationId) => verify.mutateAsync({ file: b.file, operationId }))
                  .catch(() => undefined)
              }
            >
              {t('backups.verify')}
            </Button>
            {props.canRestore && (
              <Button size="xs" color="red" variant="light" onClick={props.onRestore}>
                {t('backups.restore')}
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function BackupSettingsCard(props: { settings: BackupSettings; defaultFolder: string }) {
  const { t } = useTranslation();
  const [second, setSecond] = useState(props.settings.secondFolder ?? '');
  const [interval, setIntervalHours] = useState<number | string>(props.settings.intervalHours);
  const [warn, setWarn] = useState<number | string>(props.settings.warnAfterDays);
  const save = useCommandMutation('backups.updateSettings', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('settings.saved') }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      secondFolder: second.trim() === '' ? null : second.trim(),
      intervalHours: Number(interval),
      warnAfterDays: Number(warn),
    });
  };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="where-to">
      <Title order={2} size="h4" mb="sm" id="where-to">
        {t('backups.settingsTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('backups.defaultFolder', { folder: props.defaultFolder })}
          </Text>
          <TextInput
            label={t('backups.secondFolder')}
            description={t('backups.secondFolderHelp')}
            value={second}
            onChange={(e) => setSecond(e.currentTarget.value)}
          />
          <NumberInput
            label={t('backups.intervalHours')}
            min={1}
            max={24}
            value={interval}
            onChange={setIntervalHours}
          />
          <NumberInput
            label={t('backups.warnAfterDays')}
            min={1}
            max={60}
            value={warn}
            onChange={setWarn}
          />
          <ErrorAlert error={save.error} />
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function VerifyFileCard(props: {
  canRestore: boolean;
  timeZone: string;
  onRestore: (file: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const verify = useCommandMutation('backups.verify');
  const operation = useOperation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void operation
      .run((operationId) =>
        verify.mutateAsync({ file, operationId, ...(passphrase ? { passphrase } : {}) }),
      )
      .catch(() => undefined);
  };
  const m = verify.data?.manifest;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="verify-file">
      <Title order={2} size="h4" mb="sm" id="verify-file">
        {t('backups.verifyFileTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <BackupFileFields
            file={{ value: file, onChange: setFile }}
            passphrase={passphrase}
            onPassphrase={setPassphrase}
            passphraseOptional
          />
          {verify.isPending && <BackupProgress progress={operation.progress} />}
          <ErrorAlert error={verify.error} />
          {m && (
            <Text role="status" c="teal">
              {t('backups.fileGood', {
                office: `${m.office.code} (${m.office.name})`,
                when: formatInstant(m.createdAt, props.timeZone, i18n.language),
                payments: m.counts.payments ?? 0,
              })}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={verify.isPending} disabled={file.trim() === ''}>
              {t('backups.verify')}
            </Button>
            {props.canRestore && m && (
              <Button color="red" variant="light" onClick={() => props.onRestore(file)}>
                {t('backups.restore')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
