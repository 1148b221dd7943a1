import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" title={t('notFound.title')} role="alert">
      {t('notFound.body')}{' '}
      <Anchor component={Link} to="/dashboard">
        {t('notFound.home')}
      </Anchor>
    </Alert>
  );
}
