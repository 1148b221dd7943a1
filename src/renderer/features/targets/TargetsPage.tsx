// Targets (docs/reports.md, Targets): a manager sets a goal for a mini-grid or a cluster by a
// date, and follows what each has reached. The core checks every value (no negative value, no
// past date, a place that exists) and measures the progress; this page asks and lays out.
import {
  Button,
  Card,
  Group,
  NumberInput,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { TARGET_METRICS, type TargetMetric } from '../../../domain/vocabulary';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useSiteTree } from '../../components/SitePickers';
import { serverFieldErrors } from '../../lib/form-errors';
import { useDateText, useMoney } from '../billing/billing-parts';
import { mayUse } from '../shell/areas';
import { targetValueText } from './target-parts';

type TargetRow = OutputOf<'targets.list'>['rows'][number];

/**
 * The value as the manager types it (money in major units, energy in kWh, collection in percent)
 * to the contract's unit (minor units, Wh, basis points), and back for editing.
 */
function toStored(metric: TargetMetric, typed: number, decimals: number): number {
  switch (metric) {
    case 'revenue':
      return Math.round(typed * 10 ** decimals);
    case 'energy_sold':
      return Math.round(typed * 1000);
    case 'collection_rate':
      return Math.round(typed * 100);
    case 'new_customers':
      return typed;
  }
}
function toTyped(metric: TargetMetric, stored: number, decimals: number): number {
  switch (metric) {
    case 'revenue':
      return stored / 10 ** decimals;
    case 'energy_sold':
      return stored / 1000;
    case 'collection_rate':
      return stored / 100;
    case 'new_customers':
      return stored;
  }
}

interface FormValues {
  place: string;
  metric: TargetMetric;
  value: number | string;
  fromDate: string;
  byDate: string;
}

function TargetForm(props: { editing: TargetRow | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const decimals = settings.currency.decimals;
  const { clusters } = useSiteTree();
  const places = useMemo(
    () =>
      clusters.flatMap((c) => [
        { value: `cluster:${c.id}`, label: t('dashboard.clusterOption', { name: c.name }) },
        ...c.miniGrids.map((g) => ({
          value: `mini_grid:${g.id}`,
          label: `${g.name} (${g.code})`,
        })),
      ]),
    [clusters, t],
  );
  const e = props.editing;
  const form = useForm<FormValues>({
    initialValues: {
      place: e ? `${e.scope}:${e.scopeId}` : '',
      metric: e?.metric ?? 'revenue',
      value: e ? toTyped(e.metric, e.value, decimals) : '',
      fromDate: e?.fromDate ?? '',
      byDate: e?.byDate ?? '',
    },
  });
  const save = useCommandMutation('targets.set', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('targets.saved') });
      form.reset();
      props.onDone();
    },
    onError: (error: unknown) => {
      const errors = serverFieldErrors(t, error);
      // The contract's fields, as this form names them.
      const { scopeId, scope, ...rest } = errors;
      form.setErrors({ ...rest, ...(scopeId || scope ? { place: scopeId ?? scope } : {}) });
    },
  });
  const metric = form.values.metric;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="target-form">
      <Title order={2} size="h4" id="target-form" mb="sm">
        {e ? t('targets.edit') : t('targets.newTarget')}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          const [scope, scopeId] = v.place.split(':');
          if (!scope || !scopeId) {
            form.setErrors({ place: t('issues.choose') });
            return;
          }
          if (v.value === '' || !Number.isFinite(Number(v.value))) {
            form.setErrors({ value: t('issues.required') });
            return;
          }
          save.mutate({
            ...(e ? { id: e.id } : {}),
            scope: scope === 'cluster' ? 'cluster' : 'mini_grid',
            scopeId,
            metric: v.metric,
            value: toStored(v.metric, Number(v.value), decimals),
            ...(v.fromDate ? { fromDate: v.fromDate } : {}),
            byDate: v.byDate,
          });
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <Select
            label={t('targets.place')}
            data={places}
            searchable
            withAsterisk
            {...form.getInputProps('place')}
          />
          <Select
            label={t('targets.metric')}
            data={TARGET_METRICS.map((m) => ({ value: m, label: t(`targets.metrics.${m}`) }))}
            allowDeselect={false}
            {...form.getInputProps('metric')}
          />
          <NumberInput
            label={t('targets.value')}
            description={t(`targets.valueHint.${metric}`, { currency: settings.currency.code })}
            withAsterisk
            decimalScale={metric === 'new_customers' ? 0 : metric === 'revenue' ? decimals : 3}
            thousandSeparator=" "
            {...form.getInputProps('value')}
          />
          <TextInput
            type="date"
            label={t('targets.fromDate')}
            description={t('targets.fromHint')}
            {...form.getInputProps('fromDate')}
          />
          <TextInput
            type="date"
            label={t('targets.byDate')}
            withAsterisk
            description=" "
            {...form.getInputProps('byDate')}
          />
        </SimpleGrid>
        <ErrorAlert error={save.error} />
        <Group mt="sm" gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('targets.save')}
          </Button>
          {e && (
            <Button variant="default" onClick={props.onDone}>
              {t('targets.cancel')}
            </Button>
          )}
        </Group>
      </form>
    </Card>
  );
}

export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useMe();
  const money = useMoney();
  const dateText = useDateText();
  const list = useCommandQuery('targets.list', {});
  const [editing, setEditing] = useState<TargetRow | null>(null);
  const canSet = mayUse('targets.set', user.role);
  const valueText = (metric: TargetMetric, value: number) =>
    targetValueText(t, money, i18n.language, metric, value);
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('targets.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('targets.intro')}
        </Text>
      </div>
      {canSet && (
        <TargetForm key={editing?.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
      )}
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.rows.length === 0 && <Text c="dimmed">{t('targets.none')}</Text>}
      {list.data && list.data.rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder aria-label={t('targets.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('targets.colPlace')}</Table.Th>
                <Table.Th>{t('targets.colMetric')}</Table.Th>
                <Table.Th ta="right">{t('targets.colTarget')}</Table.Th>
                <Table.Th ta="right">{t('targets.colActual')}</Table.Th>
                <Table.Th w={200}>{t('targets.colProgress')}</Table.Th>
                <Table.Th>{t('targets.colFrom')}</Table.Th>
                <Table.Th>{t('targets.colBy')}</Table.Th>
                {canSet && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{row.scopeName}</Table.Td>
                  <Table.Td>{t(`targets.metrics.${row.metric}`)}</Table.Td>
                  <Table.Td ta="right">{valueText(row.metric, row.value)}</Table.Td>
                  <Table.Td ta="right">
                    {row.actual === null ? '—' : valueText(row.metric, row.actual)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={Math.min(100, (row.progress ?? 0) * 100)}
                        color={(row.progress ?? 0) >= 1 ? 'teal' : 'blue'}
                        style={{ flex: 1 }}
                        aria-hidden
                      />
                      <Text size="xs" w={52} ta="right">
                        {row.progress === null
                          ? '—'
                          : new Intl.NumberFormat(i18n.language, {
                              style: 'percent',
                              maximumFractionDigits: 1,
                            }).format(row.progress)}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{dateText(row.fromDate)}</Table.Td>
                  <Table.Td>{dateText(row.byDate)}</Table.Td>
                  {canSet && (
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(row)}>
                        {t('targets.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
