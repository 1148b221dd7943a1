// Appliance contracts (docs/appliances.md): the portfolio figures for managers (outstanding, PAR
// 7/30/90, collection rate, write-offs, repossessions) and the overdue list, most days late first,
// a page at a time. The core computes every figure; this page only lays them out.
import {
  Anchor,
  Button,
  Card,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { VillageSelect } from '../../components/SitePickers';
import type { OutputOf } from '../../../contract';
import { useDateText, useMoney, usePdfPrint } from '../billing/billing-parts';
import { mayUse } from '../shell/areas';
import { CallListCard } from './CallList';

const PAGE_SIZE = 50;
/** The agent filter's value for contracts sold at the office (no agent). */
const OFFICE = '\u0000office';

/** Basis points as a percentage with two decimals. */
export function percent(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(2)} %`;
}

export function ContractsPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('contracts.title')}
      </Title>
      {mayUse('contracts.portfolio', user.role) && <PortfolioCard />}
      {mayUse('contracts.cohorts', user.role) && <CohortsCard />}
      <OverdueCard />
      <CallListCard />
    </Stack>
  );
}

function Figure(props: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={600} size="lg">
        {props.value}
      </Text>
      {props.hint && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </div>
  );
}

function PortfolioCard() {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const figures = useCommandQuery('contracts.portfolio', {});
  const print = usePdfPrint('contracts.portfolioPdf');
  const p = figures.data;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="portfolio">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="portfolio">
          {t('contracts.portfolio')}
        </Title>
        <Button
          variant="default"
          size="xs"
          onClick={() => print.mutate({})}
          loading={print.isPending}
        >
          {t('contracts.printPortfolio')}
        </Button>
      </Group>
      <ErrorAlert error={figures.error} />
      {figures.isPending && !figures.error && <LoadingBlock />}
      {p && (
        <Stack gap="md">
          <Text size="xs" c="dimmed">
            {t('contracts.asOf', { date: dateText(p.asOf) })}
          </Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure
              label={t('contracts.outstanding')}
              value={money(p.outstandingMinor)}
              hint={t('contracts.activeCount', { count: p.activeContracts })}
            />
            {p.par.map((f) => (
              <Figure
                key={f.days}
                label={t('contracts.par', { days: f.days })}
                value={percent(f.shareBp)}
                hint={money(f.atRiskMinor)}
              />
            ))}
            <Figure
              label={t('contracts.collection')}
              value={percent(p.collection.shareBp)}
              hint={t('contracts.collectedOfDue', {
                collected: money(p.collection.collectedMinor),
                due: money(p.collection.dueMinor),
              })}
            />
            <Figure label={t('contracts.paidOff')} value={String(p.paidOff)} />
            <Figure
              label={t('contracts.writtenOff')}
              value={String(p.writtenOff.count)}
              hint={money(p.writtenOff.amountMinor)}
            />
            <Figure label={t('contracts.repossessed')} value={String(p.repossessed)} />
          </SimpleGrid>
          <Breakdown figures={p} />
        </Stack>
      )}
    </Card>
  );
}

type Portfolio = OutputOf<'contracts.portfolio'>;
const BREAKDOWNS = ['byProduct', 'byVillage', 'byAgent'] as const;

/** The same figures by product, village or agent (one at a time: the table is wide). */
function Breakdown(props: { figures: Portfolio }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [by, setBy] = useState<(typeof BREAKDOWNS)[number]>('byProduct');
  const rows = props.figures[by];
  return (
    <Stack gap="xs">
      <SegmentedControl
        value={by}
        onChange={(v) => setBy(v)}
        data={BREAKDOWNS.map((b) => ({ value: b, label: t(`contracts.${b}`) }))}
        aria-label={t('contracts.breakdown')}
        style={{ alignSelf: 'flex-start' }}
      />
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" aria-label={t(`contracts.${by}`)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`contracts.breakdownName.${by}`)}</Table.Th>
              <Table.Th ta="right">{t('contracts.active')}</Table.Th>
              <Table.Th ta="right">{t('contracts.outstanding')}</Table.Th>
              {[7, 30, 90].map((d) => (
                <Table.Th key={d} ta="right">
                  {t('contracts.par', { days: d })}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('contracts.collectionShort')}</Table.Th>
              <Table.Th ta="right">{t('contracts.paidOff')}</Table.Th>
              <Table.Th ta="right">{t('contracts.writtenOff')}</Table.Th>
              <Table.Th ta="right">{t('contracts.repossessed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.name ?? ''} data-testid="breakdown-row">
                <Table.Td>{row.name ?? t('contracts.noAgent')}</Table.Td>
                <Table.Td ta="right">{row.activeContracts}</Table.Td>
                <Table.Td ta="right">{money(row.outstandingMinor)}</Table.Td>
                {row.par.map((f) => (
                  <Table.Td key={f.days} ta="right" title={money(f.atRiskMinor)}>
                    {percent(f.shareBp)}
                  </Table.Td>
                ))}
                <Table.Td ta="right">{percent(row.collection.shareBp)}</Table.Td>
                <Table.Td ta="right">{row.paidOff}</Table.Td>
                <Table.Td ta="right" title={money(row.writtenOff.amountMinor)}>
                  {row.writtenOff.count}
                </Table.Td>
                <Table.Td ta="right">{row.repossessed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function CohortsCard() {
  const { t } = useTranslation();
  const found = useCommandQuery('contracts.cohorts', {});
  const rows = found.data?.cohorts ?? [];
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="cohorts">
      <Title order={2} size="h4" id="cohorts" mb="sm">
        {t('contracts.cohorts')}
      </Title>
      <ErrorAlert error={found.error} />
      {found.isPending && !found.error && <LoadingBlock />}
      {rows.length > 0 && (
        <Table verticalSpacing="xs" aria-label={t('contracts.cohorts')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contracts.cohortMonth')}</Table.Th>
              <Table.Th ta="right">{t('contracts.cohortContracts')}</Table.Th>
              {rows[0]?.curve.map((point) => (
                <Table.Th key={point.days} ta="right">
                  {t('contracts.repaidWithin', { days: point.days })}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.month}>
                <Table.Td>{row.month}</Table.Td>
                <Table.Td ta="right">{row.contracts}</Table.Td>
                {row.curve.map((point) => (
                  <Table.Td key={point.days} ta="right">
                    {percent(point.shareBp)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function OverdueCard() {
  const { t } = useTranslation();
  const money = useMoney();
  const dateText = useDateText();
  const [page, setPage] = useState(1);
  const [show, setShow] = useState<'overdue' | 'today' | 'week'>('overdue');
  const [villageId, setVillageId] = useState<string | null>(null);
  const [agent, setAgent] = useState<string | null>(null);
  const agents = useCommandQuery('contracts.agents', {});
  const overdue = useCommandQuery(
    'contracts.overdue',
    {
      page,
      pageSize: PAGE_SIZE,
      ...(show === 'overdue' ? {} : { dueWithinDays: show === 'today' ? 0 : 6 }),
      ...(villageId ? { villageId } : {}),
      // '' is "sold at the office": the select's value for no agent.
      ...(agent === null ? {} : { agent: agent === OFFICE ? '' : agent }),
    },
    { placeholderData: keepPreviousData },
  );
  const data = overdue.data;
  const refilter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="overdue">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="overdue">
          {t('contracts.collectList')}
        </Title>
        {data && (
          <Text size="sm" c="dimmed">
            {t('contracts.overdueTotal', {
              count: data.total,
              arrears: money(data.totalArrearsMinor),
            })}
          </Text>
        )}
      </Group>
      <Group align="flex-end" mb="sm">
        <SegmentedControl
          value={show}
          onChange={refilter((v: string) => setShow(v as typeof show))}
          aria-label={t('contracts.listShow')}
          data={[
            { value: 'overdue', label: t('contracts.overdue') },
            { value: 'today', label: t('contracts.dueToday') },
            { value: 'week', label: t('contracts.dueWeek') },
          ]}
        />
        <VillageSelect
          value={villageId}
          onChange={refilter(setVillageId)}
          clearable
          placeholder={t('contracts.allVillages')}
          w={220}
        />
        <Select
          label={t('contracts.agent')}
          value={agent}
          onChange={refilter(setAgent)}
          clearable
          searchable
          placeholder={t('contracts.allAgents')}
          data={[
            { value: OFFICE, label: t('contracts.noAgent') },
            ...(agents.data?.rows ?? []).map((a) => ({ value: a.agent, label: a.agent })),
          ]}
          w={220}
        />
      </Group>
      <ErrorAlert error={overdue.error} />
      {overdue.isPending && !overdue.error && <LoadingBlock />}
      {data && data.rows.length === 0 && (
        <Text c="dimmed">
          {t(show === 'overdue' ? 'contracts.noneOverdue' : 'contracts.noneDue')}
        </Text>
      )}
      {data && data.rows.length > 0 && (
        <Stack>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" highlightOnHover aria-label={t('contracts.overdue')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contracts.number')}</Table.Th>
                  <Table.Th>{t('contracts.customer')}</Table.Th>
                  <Table.Th>{t('contracts.village')}</Table.Th>
                  <Table.Th>{t('contracts.phone')}</Table.Th>
                  <Table.Th>{t('contracts.item')}</Table.Th>
                  <Table.Th>{t('contracts.agent')}</Table.Th>
                  <Table.Th ta="right">{t('contracts.daysLate')}</Table.Th>
                  <Table.Th ta="right">{t('contracts.arrears')}</Table.Th>
                  <Table.Th ta="right">{t('contracts.outstanding')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.rows.map((r) => (
                  <Table.Tr key={r.contractId} data-testid="overdue-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/contracts/${r.contractId}`} size="sm">
                        {r.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${r.customer.id}`} size="sm">
                        {r.customer.accountNumber} {r.customer.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.village}</Table.Td>
                    <Table.Td>{r.phone ?? '—'}</Table.Td>
                    <Table.Td>{r.item}</Table.Td>
                    <Table.Td>{r.agent ?? t('contracts.noAgent')}</Table.Td>
                    <Table.Td ta="right" title={dateText(r.oldestUnpaidDue)}>
                      {r.daysLate}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {money(r.arrearsMinor)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {money(r.outstandingMinor)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {data.total > PAGE_SIZE && (
            <Pagination
              value={page}
              onChange={setPage}
              total={Math.ceil(data.total / PAGE_SIZE)}
              aria-label={t('contracts.pages')}
            />
          )}
        </Stack>
      )}
    </Card>
  );
}
