// The red banner every signed-in manager and admin sees when backups are overdue (the core's rule:
// no verified backup for the warning age) or no passphrase is set.
import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { mayUse } from '../shell/areas';

export function BackupBanner() {
  const { t } = useTranslation();
  const me = useMe();
  const supervisor = mayUse('backups.list', me.user.role);
  const status = useCommandQuery(
    'backups.status',
    {},
    { enabled: supervisor, refetchInterval: 300_000 },
  );
  if (!supervisor || !status.data) return null;
  const s = status.data;
  if (s.passphraseSet && !s.overdue) return null;
  return (
    <Alert color="red" variant="filled" role="alert" mb="md" title={t('backups.bannerTitle')}>
      {!s.passphraseSet
        ? t('backups.bannerNoPassphrase')
        : t('backups.bannerOverdue', { days: s.settings.warnAfterDays })}{' '}
      <Anchor component={Link} to="/backups" c="white" fw={700}>
        {t('backups.bannerLink')}
      </Anchor>
    </Alert>
  );
}
