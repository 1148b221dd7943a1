// One billing run: its state and totals, the problems that stop it being finalised (each meter
// links to its device page, where a reading can be typed), and its invoices. A manager
// regenerates a draft after fixing readings, then finalises it (the core numbers the invoices).
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BillingProblem, BillingRun } from '../../../contract';
import { formatKwh } from '../../../domain/energy';
import type { ApiError } from '../../api/client';
import { useCommandQuery } from '../../api/hooks';
import { useMe, useSession } from '../../api/session';
import { useCsvExport } from '../../api/use-csv-export';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { coreMessage } from '../../lib/core-message';
import { formatInstant } from '../../lib/format';
import { OperationProgress, useOperation } from '../meters/meter-parts';
import { mayUse } from '../shell/areas';
import { Fact, formatPeriod, RunStatusBadge, useMoney, usePdfPrint } from './billing-parts';
import { InvoiceModal } from './InvoiceModal';

const PROBLEM_KINDS = ['no-reading', 'flagged', 'no-tariff', 'no-customer', 'too-large'] as const;

/** The problems a refusal carries in its details, when the core sent them. */
function problemsOf(error: ApiError | null): BillingProblem[] | null {
  const list = error?.details.problems;
  if (!Array.isArray(list)) return null;
  return list.filter(
    (p): p is BillingProblem =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as BillingProblem).deviceId === 'string' &&
      PROBLEM_KINDS.includes((p as BillingProblem).kind),
  );
}

/** What finalising does, worded for the number of invoices (never "0 invoices"). */
function finaliseBody(t: TFunction, invoices: number): string {
  return invoices === 0
    ? t('billing.finaliseBodyNone')
    : t('billing.finaliseBody', { count: invoices });
}

export function RunPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { user, settings } = useMe();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const money = useMoney();
  const query = useCommandQuery('billing.getRun', { runId: id });
  const operation = useOperation();
  const printRun = usePdfPrint('invoices.pdf');
  const [viewing, setViewing] = useState<string | null>(null);
  const supervisor = mayUse('billing.finalise', user.role);

  const act = useMutation<BillingRun, ApiError, 'regenerate' | 'finalise'>({
    mutationFn: (action) =>
      operation.run((operationId) =>
        action === 'regenerate'
          ? call('billing.regenerate', { runId: id, operationId })
          : call('billing.finalise', { runId: id }),
      ),
    onSuccess: (run, action) => {
      notifications.show({
        color: 'teal',
        message:
          action === 'finalise'
            ? t(run.invoices === 0 ? 'billing.finalisedDoneNone' : 'billing.finalisedDone', {
                count: run.invoices,
              })
            : t('billing.regeneratedDone', { n: run.problems.length }),
      });
    },
    // Either way the run may have changed (a refused finalise regenerates first).
    onSettled: () => void queryClient.invalidateQueries(),
  });

  const csv = useCsvExport(async () => {
    const out = await call('invoices.csv', { runId: id });
    const lines = out.csv.split(/\r?\n/).filter((line) => line.trim() !== '');
    return { ...out, rows: Math.max(0, lines.length - 1) };
  });

  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/billing" size="sm">
        {t('nav.billing')}
      </Anchor>
      <Text size="sm">
        {query.data
          ? `${query.data.run.miniGrid} · ${formatPeriod(query.data.run.period, i18n.language)}`
          : '…'}
      </Text>
    </Breadcrumbs>
  );

  if (query.isPending) {
    return (
      <Stack>
        {crumbs}
        <LoadingBlock />
      </Stack>
    );
  }
  if (query.error) {
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} />
      </Stack>
    );
  }

  const { run, invoices } = query.data;
  const draft = run.status === 'draft';
  const refusedProblems = act.variables === 'finalise' ? problemsOf(act.error) : null;
  const problems = refusedProblems && refusedProblems.length > 0 ? refusedProblems : run.problems;

  const blocked = problems.length > 0;

  const askFinalise = () =>
    modals.openConfirmModal({
      title: t('billing.finaliseTitle', { period: formatPeriod(run.period, i18n.language) }),
      children: <Text size="sm">{finaliseBody(t, run.invoices)}</Text>,
      labels: { confirm: t('billing.finalise'), cancel: t('common.cancel') },
      onConfirm: () => act.mutate('finalise'),
    });

  return (
    <Stack>
      {crumbs}
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2">
              {t('billing.runTitle', {
                miniGrid: run.miniGrid,
                period: formatPeriod(run.period, i18n.language),
              })}
            </Title>
            <RunStatusBadge status={run.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {run.finalisedAt
              ? t('billing.finalisedAt', {
                  at: formatInstant(run.finalisedAt, settings.office.timeZone, i18n.language),
                  by: run.finalisedBy ?? '',
                })
              : t('billing.generatedAt', {
                  at: formatInstant(run.generatedAt, settings.office.timeZone, i18n.language),
                })}
          </Text>
        </div>
        <Group gap="xs">
          {draft && supervisor && (
            <Button
              variant="default"
              onClick={() => act.mutate('regenerate')}
              loading={act.isPending && act.variables === 'regenerate'}
              disabled={act.isPending}
            >
              {t('billing.regenerate')}
            </Button>
          )}
          {draft && supervisor && (
            <Button
              onClick={askFinalise}
              loading={act.isPending && act.variables === 'finalise'}
              // The core refuses a run with problems; say so here instead of letting it refuse.
              disabled={act.isPending || blocked}
              aria-describedby={blocked ? 'finalise-blocked' : undefined}
            >
              {t('billing.finalise')}
            </Button>
          )}
          <Button
            variant="light"
            onClick={() => printRun.mutate({ runId: run.id })}
            loading={printRun.isPending}
            disabled={invoices.length === 0}
          >
            {t('billing.printRun')}
          </Button>
          <Button variant="default" onClick={() => csv.mutate()} loading={csv.isPending}>
            {t('billing.exportCsv')}
          </Button>
        </Group>
      </Group>

      {draft && supervisor && blocked && (
        <Text size="sm" c="dimmed" ta="right" id="finalise-blocked" data-testid="finalise-blocked">
          {t('billing.finaliseBlocked', { count: problems.length })}
        </Text>
      )}
      {act.isPending && (
        <OperationProgress
          label={act.variables === 'finalise' ? t('billing.finalising') : t('billing.drafting')}
          progress={operation.progress}
        />
      )}
      {act.error && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={act.variables === 'finalise' ? t('billing.finaliseRefused') : t('common.notDone')}
          data-testid="run-error"
        >
          {coreMessage(t, act.error)}
        </Alert>
      )}

      <Card
        withBorder
        radius="md"
        padding="md"
        component="section"
        aria-label={t('billing.totals')}
      >
        <Group gap="xl">
          <Fact label={t('billing.col.invoices')} value={String(run.invoices)} />
          <Fact label={t('billing.col.estimated')} value={String(run.estimated)} />
          <Fact label={t('billing.col.problems')} value={String(problems.length)} />
          <Fact
            label={t('billing.totalCharges')}
            value={money(run.totalChargesMinor)}
            testId="run-total"
          />
        </Group>
      </Card>

      {(draft || problems.length > 0) && <Problems problems={problems} />}

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="invoices">
        <Title order={2} size="h4" id="invoices" mb="sm">
          {t('billing.invoices')}
        </Title>
        {invoices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('billing.noInvoices')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="xs" highlightOnHover aria-label={t('billing.invoices')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.col.number')}</Table.Th>
                  <Table.Th>{t('billing.col.customer')}</Table.Th>
                  <Table.Th>{t('billing.col.meter')}</Table.Th>
                  <Table.Th>{t('billing.col.village')}</Table.Th>
                  <Table.Th ta="right">{t('billing.col.kwh')}</Table.Th>
                  <Table.Th ta="right">{t('billing.col.charges')}</Table.Th>
                  <Table.Th ta="right">{t('billing.col.totalDue')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invoices.map((invoice) => {
                  const estimated = invoice.opening.estimated || invoice.closing.estimated;
                  return (
                    <Table.Tr key={invoice.id} data-testid={`invoice-${invoice.meterSerial}`}>
                      <Table.Td>
                        {invoice.number ? (
                          <Text ff="monospace" size="sm" fw={600} data-testid="invoice-number">
                            {invoice.number}
                          </Text>
                        ) : (
                          <Badge color="yellow" variant="light" data-testid="invoice-number">
                            {t('billing.status.draft')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${invoice.customer.id}`} size="sm">
                          {invoice.customer.name}
                        </Anchor>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {invoice.customer.accountNumber}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text ff="monospace" size="sm">
                          {invoice.meterSerial}
                        </Text>
                      </Table.Td>
                      <Table.Td>{invoice.village}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {formatKwh(invoice.billedWh)}
                        {estimated && (
                          <Badge ml={6} size="xs" color="orange" variant="light">
                            {t('billing.estimated')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {money(invoice.chargesMinor)}
                      </Table.Td>
                      <Table.Td
                        ta="right"
                        fw={600}
                        style={{ whiteSpace: 'nowrap' }}
                        data-testid="invoice-total"
                      >
                        {money(invoice.totalDueMinor)}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-label={t('billing.viewInvoiceOf', { meter: invoice.meterSerial })}
                            onClick={() => setViewing(invoice.id)}
                          >
                            {t('billing.view')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            aria-label={t('billing.printInvoiceOf', {
                              meter: invoice.meterSerial,
                            })}
                            disabled={printRun.isPending}
                            onClick={() => printRun.mutate({ invoiceId: invoice.id })}
                          >
                            {t('billing.print')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {viewing && <InvoiceModal invoiceId={viewing} onClose={() => setViewing(null)} />}
    </Stack>
  );
}

function Problems(props: { problems: BillingProblem[] }) {
  const { t } = useTranslation();
  if (props.problems.length === 0) {
    return (
      <Alert color="teal" variant="light" data-testid="no-problems">
        {t('billing.noProblems')}
      </Alert>
    );
  }
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="problems"
      style={{ borderColor: 'var(--mantine-color-red-4)' }}
    >
      <Title order={2} size="h4" id="problems">
        {t('billing.problems')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('billing.problemsHelp')}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label={t('billing.problems')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.col.problem')}</Table.Th>
              <Table.Th>{t('billing.col.meter')}</Table.Th>
              <Table.Th>{t('billing.col.customer')}</Table.Th>
              <Table.Th>{t('billing.col.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.problems.map((problem, index) => (
              <Table.Tr
                key={`${problem.deviceId}-${problem.kind}-${index}`}
                data-testid={`problem-${problem.serial}`}
              >
                <Table.Td>
                  <Badge color="red" variant="light">
                    {t(`billing.problemKind.${problem.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/devices/${problem.deviceId}`}
                    ff="monospace"
                    size="sm"
                  >
                    {problem.serial}
                  </Anchor>
                </Table.Td>
                <Table.Td>{problem.customer ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{problem.message}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
