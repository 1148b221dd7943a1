// The billing runs, newest period first, and "New run" for managers: mini-grid(s) and a month,
// drafted by the core with a progress bar, then opened.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useCommandQuery } from '../../api/hooks';
import { useMe, useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useSiteTree } from '../../components/SitePickers';
import { coreMessage } from '../../lib/core-message';
import { formatInstant } from '../../lib/format';
import { serverFieldErrors } from '../../lib/form-errors';
import { miniGridOptions } from '../../lib/sites';
import { OperationProgress, useOperation } from '../meters/meter-parts';
import { mayUse } from '../shell/areas';
import { formatPeriod, lastMonthIn, RunStatusBadge, useMoney } from './billing-parts';

export function RunsTab() {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const money = useMoney();
  const runs = useCommandQuery('billing.runs', {});
  const [creating, setCreating] = useState(false);
  const rows = runs.data?.runs ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('billing.runsIntro')}
        </Text>
        {mayUse('billing.run', user.role) && (
          <Button onClick={() => setCreating(true)}>{t('billing.newRun')}</Button>
        )}
      </Group>
      <ErrorAlert error={runs.error} />
      {runs.isPending && !runs.error && <LoadingBlock />}
      {runs.data && rows.length === 0 && <Text c="dimmed">{t('billing.noRuns')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={t('billing.runs')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.col.period')}</Table.Th>
                <Table.Th>{t('billing.col.miniGrid')}</Table.Th>
                <Table.Th>{t('billing.col.status')}</Table.Th>
                <Table.Th ta="right">{t('billing.col.invoices')}</Table.Th>
                <Table.Th ta="right">{t('billing.col.estimated')}</Table.Th>
                <Table.Th ta="right">{t('billing.col.problems')}</Table.Th>
                <Table.Th ta="right">{t('billing.col.charges')}</Table.Th>
                <Table.Th>{t('billing.col.generated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((run) => (
                <Table.Tr key={run.id} data-testid={`run-${run.period}-${run.miniGrid}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/billing/runs/${run.id}`} fw={500} size="sm">
                      {formatPeriod(run.period, i18n.language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{run.miniGrid}</Table.Td>
                  <Table.Td>
                    <RunStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td ta="right">{run.invoices}</Table.Td>
                  <Table.Td ta="right">{run.estimated}</Table.Td>
                  <Table.Td ta="right">
                    {run.problems.length > 0 ? (
                      <Badge color="red" variant="light">
                        {run.problems.length}
                      </Badge>
                    ) : (
                      '0'
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(run.totalChargesMinor)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatInstant(run.generatedAt, settings.office.timeZone, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <NewRunModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}

type RunResult = OutputOf<'billing.run'>;

function NewRunModal(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const { call } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { clusters, isPending } = useSiteTree();
  const options = useMemo(() => miniGridOptions(clusters), [clusters]);
  const onlyGrid = options.length === 1 && options[0]?.items.length === 1;
  const [miniGridIds, setMiniGridIds] = useState<string[]>(() =>
    onlyGrid && options[0]?.items[0] ? [options[0].items[0].value] : [],
  );
  const [period, setPeriod] = useState(() => lastMonthIn(settings.office.timeZone));
  const operation = useOperation();

  const run = useMutation<RunResult, ApiError, { miniGridIds: string[]; period: string }>({
    mutationFn: (input) =>
      operation.run((operationId) => call('billing.run', { ...input, operationId })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries();
      const [only] = result.runs;
      if (result.runs.length === 1 && only) {
        void navigate(`/billing/runs/${only.id}`);
      } else {
        notifications.show({
          color: 'teal',
          message: t('billing.runsDrafted', { n: result.runs.length }),
        });
        props.onClose();
      }
    },
  });
  const errors = serverFieldErrors(t, run.error);
  // A single grid offered: choose it once the tree has loaded.
  const chosen =
    miniGridIds.length === 0 && onlyGrid && options[0]?.items[0]
      ? [options[0].items[0].value]
      : miniGridIds;

  return (
    <Modal
      opened
      onClose={props.onClose}
      closeButtonProps={{ 'aria-label': t('billing.close') }}
      title={t('billing.newRun')}
      size="lg"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!run.isPending) run.mutate({ miniGridIds: chosen, period: period.trim() });
        }}
      >
        <Stack>
          <MultiSelect
            label={t('billing.miniGrids')}
            data={options}
            value={chosen}
            onChange={setMiniGridIds}
            searchable
            nothingFoundMessage={isPending ? t('common.loading') : t('common.nothingFound')}
            error={errors.miniGridIds}
            disabled={run.isPending}
            data-autofocus
          />
          <TextInput
            label={t('billing.period')}
            description={t('billing.periodHelp')}
            value={period}
            onChange={(event) => setPeriod(event.currentTarget.value)}
            error={errors.period}
            disabled={run.isPending}
            w={220}
          />
          {run.isPending && (
            <OperationProgress
              label={t('billing.drafting')}
              progress={operation.progress}
              onCancel={operation.cancel}
              cancelling={operation.cancelling}
            />
          )}
          {run.error && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert" title={t('billing.runFailed')}>
              {coreMessage(t, run.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose} disabled={run.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={run.isPending} disabled={chosen.length === 0}>
              {t('billing.draftRun')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
