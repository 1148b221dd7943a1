// First start on a new PC: instead of setting up a new office, restore a backup (its file on this
// PC or a USB stick, and its passphrase). Afterwards the office's own users sign in.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { BackupFileFields, BackupProgress } from '../backups/BackupFileFields';
import { useOperation } from '../meters/meter-parts';

export function RestoreFromBackup(props: { onCancel: () => void }) {
  const { t } = useTranslation();
  const { call, restart } = useSession();
  const [file, setFile] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Reading and checking a large backup takes a while: the wizard shows how far it is.
  const operation = useOperation();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const report = await operation.run((operationId) =>
        call('setup.restore', { file, passphrase, operationId }),
      );
      notifications.show({
        color: 'teal',
        autoClose: false,
        message: t('setup.restoredFromBackup', {
          office: report.office,
          devices: report.raised.length,
        }),
      });
      restart();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame size={640}>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Title order={1} size="h2">
              {t('setup.restoreTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('setup.restoreIntro')}
            </Text>
            <BackupFileFields
              file={{ value: file, onChange: setFile }}
              passphrase={passphrase}
              onPassphrase={setPassphrase}
              passphraseOptional={false}
            />
            <ErrorAlert error={error} />
            {busy && <BackupProgress progress={operation.progress} />}
            <Group justify="space-between">
              <Button variant="default" onClick={props.onCancel} disabled={busy}>
                {t('common.back')}
              </Button>
              <Button type="submit" loading={busy} disabled={!file.trim() || !passphrase}>
                {t('setup.restoreButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </PublicFrame>
  );
}
