import { Alert, Button, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Recomputes the hash chain on the core and says whether the log is intact. */
export function VerifyLog() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const verify = useMutation<OutputOf<'audit.verify'>, ApiError>({
    mutationFn: () => call('audit.verify', {}),
  });
  const result = verify.data;
  const count = (value: number) => new Intl.NumberFormat(i18n.language).format(value);

  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
        {t('audit.verify')}
      </Button>
      {result && result.ok && (
        <Alert color="teal" variant="light" role="status">
          {t('audit.intact', { count: result.checked, checked: count(result.checked) })}
        </Alert>
      )}
      {result && !result.ok && (
        <Alert color="red" variant="light" role="alert" title={t('audit.brokenTitle')}>
          {result.problem
            ? t('audit.broken', { seq: result.problem.seq, reason: result.problem.reason })
            : t('audit.brokenUnknown', { checked: count(result.checked) })}
        </Alert>
      )}
      <ErrorAlert error={verify.error} />
    </Stack>
  );
}
