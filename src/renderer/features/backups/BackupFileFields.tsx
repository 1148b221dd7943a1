// The fields every way of opening a backup asks for: the file (unless it was picked from the
// history already) and its passphrase. Verify a file, the restore dialog and the setup wizard's
// "Restore from a backup" use this one block, so they say the same thing the same way.
import { Progress, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Progress as ProgressInfo } from '../../api/events';
import { PasswordField } from '../../components/PasswordField';

export function BackupFileFields(props: {
  /** Omitted when the file is already chosen (a row of the history). */
  file?: { value: string; onChange: (value: string) => void };
  passphrase: string;
  onPassphrase: (value: string) => void;
  /** Empty means "the passphrase set in Settings" (only where one is set, in the app). */
  passphraseOptional: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.file && (
        <TextInput
          label={t('backups.file')}
          description={t('backups.fileHelp')}
          value={props.file.value}
          onChange={(e) => props.file?.onChange(e.currentTarget.value)}
        />
      )}
      <PasswordField
        label={t('backups.passphrase')}
        description={props.passphraseOptional ? t('backups.passphraseOptional') : undefined}
        value={props.passphrase}
        onChange={(e) => props.onPassphrase(e.currentTarget.value)}
      />
    </>
  );
}

/**
 * Where a backup, verification or restore has got to, from the core's progress events: the step
 * in words and a bar (striped while a step's size is not known, e.g. the integrity check).
 */
export function BackupProgress(props: { progress: ProgressInfo | null }) {
  const { t, i18n } = useTranslation();
  const p = props.progress;
  const measured = p !== null && p.total > 1;
  const percent = measured ? Math.min(100, Math.round((100 * p.done) / p.total)) : 100;
  return (
    <Stack gap={4} data-testid="backup-progress">
      <Text size="sm" aria-live="polite">
        {p ? t(`backups.phases.${p.phase}`, { defaultValue: p.phase }) : t('backups.phases.start')}
        {measured &&
          ` — ${new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(percent / 100)}`}
      </Text>
      <Progress
        value={percent}
        striped={!measured}
        animated={!measured}
        aria-label={t('backups.progress')}
      />
    </Stack>
  );
}
