// The manager's report pack (docs/reports.md): a month or a quarter and a scope (the company, a
// cluster or a mini-grid), "Generate pack" with a progress bar, then the PDF, the XLSX and the
// CSVs to download. Everything is computed by the core (reports.monthlyFiles); this screen only
// asks and saves the files it gets back.
import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useMe, useSession } from '../../api/session';
import { useSiteTree } from '../../components/SitePickers';
import { coreMessage } from '../../lib/core-message';
import { downloadBase64 } from '../../lib/download';
import { serverFieldErrors } from '../../lib/form-errors';
import { Fact, lastMonthIn, useMoney } from '../billing/billing-parts';
import { OperationProgress, useOperation } from '../meters/meter-parts';

type Pack = OutputOf<'reports.monthlyFiles'>;
type Kind = 'month' | 'quarter';

/** The quarter a YYYY-MM month falls in, as YYYY-Qn. */
function quarterOf(month: string): string {
  const [year = '1970', m = '1'] = month.split('-');
  return `${year}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { settings } = useMe();
  const { call } = useSession();
  const money = useMoney();
  const lastMonth = lastMonthIn(settings.office.timeZone);
  const [kind, setKind] = useState<Kind>('month');
  const [period, setPeriod] = useState(lastMonth);
  const [scope, setScope] = useState<string>('');
  const { clusters } = useSiteTree();
  const scopes = useMemo(
    () => [
      { value: '', label: t('reports.wholeCompany') },
      ...clusters.flatMap((c) => [
        { value: c.name, label: t('reports.clusterScope', { name: c.name }) },
        ...c.miniGrids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` })),
      ]),
    ],
    [clusters, t],
  );
  const operation = useOperation();
  const pack = useMutation<Pack, ApiError, { period: string; scope: string }>({
    mutationFn: (input) =>
      operation.run((operationId) =>
        call('reports.monthlyFiles', {
          period: input.period,
          ...(input.scope ? { scope: input.scope } : {}),
          operationId,
        }),
      ),
  });
  const errors = serverFieldErrors(t, pack.error);
  const files = pack.data?.files ?? [];
  const pdf = files.find((f) => f.name.endsWith('.pdf'));
  const xlsx = files.find((f) => f.name.endsWith('.xlsx'));
  const csvs = files.filter((f) => f.name.endsWith('.csv'));
  const report = pack.data?.report;

  return (
    <Stack maw={900}>
      <Title order={2}>{t('reports.title')}</Title>
      <Text c="dimmed">{t('reports.intro')}</Text>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!pack.isPending) pack.mutate({ period: period.trim(), scope });
          }}
        >
          <Stack>
            <SegmentedControl
              value={kind}
              onChange={(value) => {
                const next: Kind = value === 'quarter' ? 'quarter' : 'month';
                setKind(next);
                setPeriod(next === 'quarter' ? quarterOf(lastMonth) : lastMonth);
              }}
              data={[
                { value: 'month', label: t('reports.month') },
                { value: 'quarter', label: t('reports.quarter') },
              ]}
              w={260}
              disabled={pack.isPending}
            />
            <Group align="flex-start">
              <TextInput
                label={t('reports.period')}
                description={kind === 'month' ? t('reports.monthHelp') : t('reports.quarterHelp')}
                value={period}
                onChange={(event) => setPeriod(event.currentTarget.value)}
                error={errors.period}
                disabled={pack.isPending}
                w={220}
                data-testid="report-period"
              />
              <Select
                label={t('reports.scope')}
                description={t('reports.scopeHelp')}
                data={scopes}
                value={scope}
                onChange={(value) => setScope(value ?? '')}
                allowDeselect={false}
                error={errors.scope}
                disabled={pack.isPending}
                w={300}
              />
            </Group>
            <Group>
              <Button type="submit" loading={pack.isPending}>
                {t('reports.generate')}
              </Button>
            </Group>
            {pack.isPending && (
              <OperationProgress
                label={t('reports.generating')}
                progress={operation.progress}
                onCancel={operation.cancel}
                cancelling={operation.cancelling}
              />
            )}
            {pack.error && Object.keys(errors).length === 0 && (
              <Alert color="red" variant="light" role="alert" title={t('reports.failed')}>
                {coreMessage(t, pack.error)}
              </Alert>
            )}
          </Stack>
        </form>
      </Paper>
      {report && (
        <Paper withBorder p="md" data-testid="report-pack">
          <Stack>
            <Text fw={600}>
              {t('reports.ready', { scope: report.scope.name, period: report.period })}
            </Text>
            {report.message && (
              <Alert color="blue" variant="light">
                {report.message}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Fact label={t('reports.revenue')} value={money(report.revenue.totalMinor)} />
              <Fact label={t('reports.debt')} value={money(report.debt.totalMinor)} />
              <Fact
                label={t('reports.par30')}
                value={money(report.portfolio.par.find((p) => p.days === 30)?.atRiskMinor ?? 0)}
              />
              <Fact label={t('reports.newCustomers')} value={String(report.customers.new)} />
            </SimpleGrid>
            <Group>
              {pdf && (
                <Button onClick={() => downloadBase64(pdf.name, pdf.contentBase64, pdf.mediaType)}>
                  {t('reports.downloadPdf')}
                </Button>
              )}
              {xlsx && (
                <Button
                  variant="light"
                  onClick={() => downloadBase64(xlsx.name, xlsx.contentBase64, xlsx.mediaType)}
                >
                  {t('reports.downloadXlsx')}
                </Button>
              )}
              {csvs.length > 0 && (
                <Button
                  variant="default"
                  onClick={() => {
                    for (const f of csvs) downloadBase64(f.name, f.contentBase64, f.mediaType);
                  }}
                >
                  {t('reports.downloadCsv', { count: csvs.length })}
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
