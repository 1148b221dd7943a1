import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';

/** More would not help the reader: the list is for finding where to look first. */
const SHOWN_PROBLEMS = 50;

/**
 * Recomputes the hash chain on the core and says whether the log is intact; when it is not,
 * lists every broken place (one altered entry must not hide a later one).
 */
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
          <Text size="sm">
            {t('audit.brokenCount', {
              count: result.problems.length,
              problems: count(result.problems.length),
              checked: count(result.checked),
            })}
          </Text>
          <List size="sm" mt={4}>
            {result.problems.slice(0, SHOWN_PROBLEMS).map((problem, index) => (
              <List.Item key={`${problem.seq}-${index}`}>
                {t('audit.broken', { seq: problem.seq, reason: problem.reason })}
              </List.Item>
            ))}
          </List>
          {result.problems.length > SHOWN_PROBLEMS && (
            <Text size="sm" mt={4}>
              {t('audit.brokenMore', {
                more: count(result.problems.length - SHOWN_PROBLEMS),
                shown: SHOWN_PROBLEMS,
              })}
            </Text>
          )}
        </Alert>
      )}
      <ErrorAlert error={verify.error} />
    </Stack>
  );
}
