import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A failed call or a problem, in words; nothing when there is no error. */
export function ErrorAlert(props: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (props.error === null || props.error === undefined || props.error === false) return null;
  const message =
    props.error instanceof Error
      ? props.error.message
      : typeof props.error === 'string'
        ? props.error
        : t('common.unexpected');
  return (
    <Alert color="red" title={props.title} role="alert" variant="light">
      {message}
    </Alert>
  );
}
