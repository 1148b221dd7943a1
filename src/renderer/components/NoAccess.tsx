import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown instead of a page the signed-in role may not use (the core refuses anyway). */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" title={t('access.title')} role="alert">
      {t('access.body')}
    </Alert>
  );
}
