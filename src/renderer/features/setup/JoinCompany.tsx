// First start on a new PC of a new office: join an existing company with the join file the first
// office's administrator made and the company's sync key (typed, or read from the printed sheet's
// QR code by a barcode scanner, which types it). Afterwards the company's users sign in.
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { serverFieldErrors } from '../../lib/form-errors';

export function JoinCompany(props: { onCancel: () => void }) {
  const { t } = useTranslation();
  const { call, restart } = useSession();
  const [file, setFile] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = serverFieldErrors(t, error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const joined = await call('sync.join', { file, key });
      notifications.show({
        color: 'teal',
        autoClose: false,
        message: t('setup.joined', {
          office: joined.officeCode,
          company: joined.companyName ?? '',
          admins: joined.admins.join(', '),
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
              {t('setup.joinTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('setup.joinIntro')}
            </Text>
            <TextInput
              label={t('setup.joinFile')}
              description={t('setup.joinFileHelp')}
              value={file}
              onChange={(e) => setFile(e.currentTarget.value)}
              error={errors.file}
            />
            <TextInput
              label={t('setup.joinKey')}
              description={t('setup.joinKeyHelp')}
              value={key}
              onChange={(e) => setKey(e.currentTarget.value)}
              error={errors.key}
              autoComplete="off"
              spellCheck={false}
            />
            {Object.keys(errors).length === 0 && <ErrorAlert error={error} />}
            <Group justify="space-between">
              <Button variant="default" onClick={props.onCancel} disabled={busy}>
                {t('common.back')}
              </Button>
              <Button type="submit" loading={busy} disabled={!file.trim() || !key.trim()}>
                {t('setup.joinButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </PublicFrame>
  );
}
