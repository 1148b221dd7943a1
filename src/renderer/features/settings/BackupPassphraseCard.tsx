// The backup passphrase (admin only): typed twice, with a strength meter from the core's own rule
// (domain/backup/passphrase.ts), and a "write this down" sheet to print and keep apart from the
// PC. The passphrase is sent once, sealed by the core and never shown again.
import { Button, Card, Group, List, Modal, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseStrength } from '../../../domain/backup/passphrase';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/PasswordField';

const LEVEL_COLOR = { weak: 'red', fair: 'yellow', good: 'teal', strong: 'green' } as const;

export function BackupPassphraseCard() {
  const { t } = useTranslation();
  const me = useMe();
  const status = useCommandQuery('backups.status', {});
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [sheet, setSheet] = useState<string | null>(null);
  const save = useCommandMutation('backups.setPassphrase', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('backups.passphraseSaved') });
      setSheet(passphrase);
      setPassphrase('');
      setConfirm('');
    },
  });
  const strength = passphraseStrength(passphrase);
  const mismatch = confirm !== '' && confirm !== passphrase;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ passphrase, passphraseConfirm: confirm });
  };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="backup-pass">
      <Title order={2} size="h4" mb="sm" id="backup-pass">
        {t('backups.passphraseTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {status.data?.passphraseSet
              ? t('backups.passphraseIsSet')
              : t('backups.passphraseHelp')}
          </Text>
          <PasswordField
            label={t('backups.newPassphrase')}
            value={passphrase}
            autoComplete="new-password"
            onChange={(e) => setPassphrase(e.currentTarget.value)}
          />
          {passphrase !== '' && (
            <div>
              <Progress
                value={strength.percent}
                color={LEVEL_COLOR[strength.level]}
                aria-label={t('backups.strength')}
              />
              <Text size="xs" mt={4}>
                {t(`backups.levels.${strength.level}`)}
                {strength.problems.length > 0 && ` — ${strength.problems.join(' ')}`}
              </Text>
            </div>
          )}
          <PasswordField
            label={t('backups.confirmPassphrase')}
            value={confirm}
            autoComplete="new-password"
            error={mismatch ? t('backups.mismatch') : null}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          <ErrorAlert error={save.error} />
          <Button
            type="submit"
            loading={save.isPending}
            disabled={strength.problems.length > 0 || confirm !== passphrase}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('backups.savePassphrase')}
          </Button>
        </Stack>
      </form>
      {sheet !== null && (
        <Modal opened onClose={() => setSheet(null)} title={t('backups.sheetTitle')} size="lg">
          <Stack className="print-sheet">
            <Text>{t('backups.sheetIntro', { company: me.settings.company.name })}</Text>
            <Text ff="monospace" fz="xl" fw={700} style={{ wordBreak: 'break-all' }}>
              {sheet}
            </Text>
            <List size="sm">
              <List.Item>{t('backups.sheetKeep')}</List.Item>
              <List.Item>{t('backups.sheetTools')}</List.Item>
            </List>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSheet(null)}>
                {t('backups.sheetDone')}
              </Button>
              <Button onClick={() => window.print()}>{t('backups.sheetPrint')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Card>
  );
}
