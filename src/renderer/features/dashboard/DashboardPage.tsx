// The managers' dashboard (docs/dashboard.md): tiles for the counter's day, the month, debt, the
// appliance portfolio, the registry and backups, each a link to the list behind it, and charts of
// the month's collections, collections against billing, debt by age and targets. The core makes
// every figure (reports.dashboard); this page lays out the sections the role was given.
import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Card,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DashboardReport } from '../../../contract';
import type { TargetMetric } from '../../../domain/vocabulary';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useSiteTree } from '../../components/SitePickers';
import { formatCount, formatInstant } from '../../lib/format';
import { useDateText, useMoney } from '../billing/billing-parts';
import { mayUse } from '../shell/areas';
import { targetValueText } from '../targets/target-parts';

/** The current month and the eleven before it, newest first (YYYY-MM). */
function recentMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, k) => {
    const index = y * 12 + (m - 1) - k;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

function monthLabel(period: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${period}-01T00:00:00Z`));
}

/** One figure, the whole card a link to the list it comes from. */
function Tile(props: { label: string; value: string; note?: ReactNode; to: string }) {
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      component={Link}
      to={props.to}
      aria-label={`${props.label}: ${props.value}`}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      {/* A tile is a fifth of the page: a long figure ("1 115 853,51 ₦" in Portuguese and French,
          which write the currency after the amount) gets a smaller size rather than spilling out. */}
      <Text fz={props.value.length > 13 ? 20 : 24} fw={700} lh={1.25}>
        {props.value}
      </Text>
      {props.note && (
        <Text size="xs" c="dimmed" component="div">
          {props.note}
        </Text>
      )}
    </Card>
  );
}

function ChartCard(props: { title: string; children: ReactNode; to?: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-label={props.title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {props.title}
        </Title>
        {props.to && (
          <Anchor component={Link} to={props.to} size="xs">
            {t('dashboard.openList')}
          </Anchor>
        )}
      </Group>
      {props.children}
    </Card>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { settings, user } = useMe();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? undefined;
  const scope = params.get('scope') ?? undefined;
  const report = useCommandQuery(
    'reports.dashboard',
    { ...(period ? { period } : {}), ...(scope ? { scope } : {}) },
    { placeholderData: keepPreviousData },
  );
  const { clusters } = useSiteTree();
  const scopeOptions = useMemo(
    () => [
      { value: '', label: t('dashboard.wholeCompany') },
      ...clusters.flatMap((c) => [
        { value: c.name, label: t('dashboard.clusterOption', { name: c.name }) },
        ...c.miniGrids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` })),
      ]),
    ],
    [clusters, t],
  );
  const r = report.data;
  const months = recentMonths(r?.asOf ?? new Date().toISOString().slice(0, 10));
  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('dashboard.title')}
          </Title>
          {r && (
            <Text size="sm" c="dimmed">
              {t('dashboard.subtitle', {
                company: settings.company.name,
                place: r.scope.kind === 'company' ? t('dashboard.wholeCompany') : r.scope.name,
              })}
            </Text>
          )}
        </div>
        <Group gap="sm">
          <Select
            label={t('dashboard.scope')}
            data={scopeOptions}
            value={scope ?? ''}
            onChange={(value) => set('scope', value)}
            allowDeselect={false}
            w={220}
          />
          <Select
            label={t('dashboard.period')}
            data={months.map((m) => ({ value: m, label: monthLabel(m, i18n.language) }))}
            value={r?.period ?? period ?? months[0] ?? null}
            onChange={(value) => set('period', value === months[0] ? null : value)}
            allowDeselect={false}
            w={180}
          />
        </Group>
      </Group>
      {report.isPending && <LoadingBlock />}
      <ErrorAlert error={report.error} />
      {r && <Sections r={r} canSetTargets={mayUse('targets.set', user.role)} />}
      {r && (
        <Text size="xs" c="dimmed">
          {t('dashboard.generated', {
            when: formatInstant(r.generatedAt, settings.office.timeZone, i18n.language),
          })}
        </Text>
      )}
    </Stack>
  );
}

function Sections({ r, canSetTargets }: { r: DashboardReport; canSetTargets: boolean }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const money = useMoney();
  const dateText = useDateText();
  const n = (value: number) => formatCount(value, i18n.language);
  const kwh = (wh: number) =>
    `${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }).format(wh / 1000)} kWh`;
  const pct = (ratio: number | null) =>
    ratio === null
      ? '—'
      : new Intl.NumberFormat(i18n.language, {
          style: 'percent',
          maximumFractionDigits: 1,
        }).format(ratio);
  // Axis ticks short (₦15K), tooltips exact.
  const compact = (major: number) =>
    new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 }).format(
      major,
    );
  const day = r.date === r.asOf ? t('dashboard.today') : dateText(r.date);
  const { counter, month, debt, portfolio, registry, system } = r;

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {counter && (
          <Tile
            label={t('dashboard.collectedOn', { day })}
            value={money(counter.totalMinor)}
            note={counter.byMethod
              .filter((m) => m.amountMinor !== 0)
              .map((m) => `${t(`counter.methods.${m.method}`)} ${money(m.amountMinor)}`)
              .join(' · ')}
            to="/day-end"
          />
        )}
        {counter && (
          <Tile
            label={t('dashboard.tokensOn', { day })}
            value={n(counter.tokens)}
            note={t('dashboard.paymentsN', { count: counter.payments })}
            to="/tokens"
          />
        )}
        {month && (
          <Tile
            label={t('dashboard.collectedMonth')}
            value={money(month.collectedMinor)}
            note={t('dashboard.energySoldNote', { energy: kwh(month.prepaidSoldWh) })}
            to="/day-end"
          />
        )}
        {month && (
          <Tile
            label={t('dashboard.efficiency')}
            value={pct(month.collectionEfficiency)}
            note={
              month.billedMinor === 0
                ? t('dashboard.notBilled')
                : t('dashboard.efficiencyNote', {
                    collected: money(month.collectedOnInvoicesMinor),
                    billed: money(month.billedMinor),
                    energy: kwh(month.postpaidBilledWh),
                  })
            }
            to="/billing"
          />
        )}
        {debt && (
          <Tile
            label={t('dashboard.debt')}
            value={money(debt.totalMinor)}
            note={t('dashboard.debtNote', { count: debt.customers })}
            to="/billing?tab=debt"
          />
        )}
        {portfolio && (
          <Tile
            label={t('dashboard.par30')}
            value={pct(portfolio.par30Bp / 10_000)}
            note={t('dashboard.par30Note', {
              atRisk: money(portfolio.par30Minor),
              count: portfolio.activeContracts,
            })}
            to="/contracts"
          />
        )}
        {registry && (
          <Tile
            label={t('dashboard.newCustomers')}
            value={n(registry.newCustomers)}
            note={t('dashboard.newConnections', { count: registry.newConnections })}
            to="/customers"
          />
        )}
        {registry && (
          <Tile
            label={t('dashboard.flagged')}
            value={n(registry.flaggedReadings)}
            note={t('dashboard.flaggedNote')}
            to="/meters?flagged=yes"
          />
        )}
        {system && (
          <Tile
            label={t('dashboard.lastBackup')}
            value={
              system.lastGoodBackupAt
                ? formatInstant(system.lastGoodBackupAt, settings.office.timeZone, i18n.language)
                : t('dashboard.noBackup')
            }
            note={
              system.lastDrill?.ok
                ? t('dashboard.lastDrill', { when: dateText(system.lastDrill.at) })
                : t('dashboard.noDrill')
            }
            to="/backups"
          />
        )}
        {system && (
          <Tile
            label={t('dashboard.targets')}
            value={n(system.targets.length)}
            note={t('dashboard.targetsNote')}
            to="/targets"
          />
        )}
      </SimpleGrid>

      {month && debt && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <ChartCard title={t('dashboard.chartByDay')} to="/day-end">
            <BarChart
              h={190}
              data={month.byDay.map((d) => ({
                day: d.date.slice(8),
                collected: d.amountMinor / 10 ** r.currency.decimals,
              }))}
              dataKey="day"
              series={[{ name: 'collected', label: t('dashboard.collected'), color: 'teal.6' }]}
              valueFormatter={(v) => money(Math.round(v * 10 ** r.currency.decimals))}
              yAxisProps={{ tickFormatter: compact, width: 64 }}
              gridAxis="y"
              tickLine="y"
            />
          </ChartCard>
          <ChartCard title={t('dashboard.chartAging')} to="/billing?tab=debt">
            <BarChart
              h={190}
              data={debt.buckets.map((b) => ({
                bucket: t(`dashboard.buckets.${b.bucket}`),
                owed: b.amountMinor / 10 ** r.currency.decimals,
              }))}
              dataKey="bucket"
              series={[{ name: 'owed', label: t('dashboard.owed'), color: 'orange.6' }]}
              valueFormatter={(v) => money(Math.round(v * 10 ** r.currency.decimals))}
              yAxisProps={{ tickFormatter: compact, width: 64 }}
              gridAxis="y"
              tickLine="y"
            />
          </ChartCard>
          <ChartCard title={t('dashboard.chartVsBilled')} to="/billing">
            <BarChart
              h={170}
              orientation="vertical"
              data={[
                {
                  what: t('dashboard.billed'),
                  amount: month.billedMinor / 10 ** r.currency.decimals,
                },
                {
                  what: t('dashboard.collectedOnInvoices'),
                  amount: month.collectedOnInvoicesMinor / 10 ** r.currency.decimals,
                },
              ]}
              dataKey="what"
              yAxisProps={{ width: 150 }}
              xAxisProps={{ tickFormatter: compact }}
              series={[{ name: 'amount', label: t('dashboard.amount'), color: 'blue.6' }]}
              valueFormatter={(v) => money(Math.round(v * 10 ** r.currency.decimals))}
              gridAxis="x"
            />
          </ChartCard>
          {system && (
            <ChartCard title={t('dashboard.chartTargets')} to="/targets">
              <TargetBars targets={system.targets} canSet={canSetTargets} />
            </ChartCard>
          )}
        </SimpleGrid>
      )}

      {counter && counter.byCashier.length > 0 && (
        <ChartCard title={t('dashboard.byCashier', { day })} to="/day-end">
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.colCashier')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.colPayments')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.colAmount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {counter.byCashier.map((c) => (
                <Table.Tr key={c.cashier}>
                  <Table.Td>{c.cashier}</Table.Td>
                  <Table.Td ta="right">{n(c.payments)}</Table.Td>
                  <Table.Td ta="right">{money(c.amountMinor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ChartCard>
      )}
      {system && (
        <Text size="xs" c="dimmed">
          {t('dashboard.asOfNote', { date: dateText(r.asOf) })}
        </Text>
      )}
    </Stack>
  );
}

/** Each running target as a bar: how far its actual has come toward its value. */
function TargetBars(props: {
  targets: NonNullable<DashboardReport['system']>['targets'];
  canSet: boolean;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const valueText = (metric: TargetMetric, value: number) =>
    targetValueText(t, money, i18n.language, metric, value);
  if (props.targets.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('dashboard.noTargets')}{' '}
        {props.canSet && (
          <Anchor component={Link} to="/targets">
            {t('dashboard.setTargets')}
          </Anchor>
        )}
      </Text>
    );
  return (
    <Stack gap={6}>
      {props.targets.slice(0, 5).map((x) => (
        <div key={x.id}>
          <Group justify="space-between" gap="xs">
            <Text size="xs" fw={600}>
              {x.scopeName} · {t(`targets.metrics.${x.metric}`)}
            </Text>
            <Text size="xs" c="dimmed">
              {t('dashboard.targetLine', {
                actual: x.actual === null ? '—' : valueText(x.metric, x.actual),
                value: valueText(x.metric, x.value),
                date: dateText(x.byDate),
              })}
            </Text>
          </Group>
          <Progress
            value={Math.min(100, (x.progress ?? 0) * 100)}
            color={(x.progress ?? 0) >= 1 ? 'teal' : 'blue'}
            aria-label={`${x.scopeName} ${t(`targets.metrics.${x.metric}`)}`}
          />
        </div>
      ))}
    </Stack>
  );
}
