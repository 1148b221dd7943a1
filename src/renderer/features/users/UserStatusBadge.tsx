import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UserPublic } from '../../../contract';
import { useMe } from '../../api/session';
import { formatInstant } from '../../lib/format';

/** Active, disabled, or locked out after wrong passwords (until when, in office time). */
export function UserStatusBadge(props: { user: UserPublic }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  if (props.user.disabled) {
    return (
      <Badge color="gray" variant="light">
        {t('users.statusDisabled')}
      </Badge>
    );
  }
  if (props.user.lockedUntil) {
    const until = formatInstant(props.user.lockedUntil, settings.office.timeZone, i18n.language);
    return (
      <Badge color="orange" variant="light" tt="none">
        {t('users.statusLocked', { until })}
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light">
      {t('users.statusActive')}
    </Badge>
  );
}
