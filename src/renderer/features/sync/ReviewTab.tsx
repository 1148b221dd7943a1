// The review list: changes from other offices that could not be placed, each with the change
// that came and the row here that stood in its way, side by side. What the core offers is to
// record a decision; the rows themselves are changed with the ordinary screens (a link opens the
// row), and those changes travel like any other.
import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OutputOf } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';

type Entry = OutputOf<'sync.conflicts'>['rows'][number];

/** Where the ordinary screen of a row is, for the tables that have one. */
const ROW_PAGES: Record<string, string> = { customers: '/customers/', devices: '/devices/' };

/** A stored version (JSON) as its columns; the change's own columns are under `data`. */
function columnsOf(json: string | null): [string, string][] {
  if (!json) return [];
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    const data =
      typeof value.data === 'object' && value.data !== null
        ? (value.data as Record<string, unknown>)
        : value;
    return Object.entries(data).map(([k, v]) => [
      k,
      v === null
        ? '—'
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v as string | number | boolean),
    ]);
  } catch {
    return [['', json]];
  }
}

function Version(props: { title: string; json: string | null; empty: string }) {
  const columns = columnsOf(props.json);
  return (
    <Stack gap={4}>
      <Text fw={500} size="sm">
        {props.title}
      </Text>
      {columns.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      ) : (
        <Table withRowBorders={false} fz="xs">
          <Table.Tbody>
            {columns.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Td c="dimmed">{k}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function EntryCard(props: { entry: Entry }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const e = props.entry;
  const [resolution, setResolution] = useState('');
  const decide = useCommandMutation('sync.resolveConflict');
  // Only a row that was placed here can be opened: a duplicate or an orphan was kept out.
  const page = e.kind === 'deleted-parent' ? ROW_PAGES[e.table] : undefined;
  return (
    <Card withBorder data-testid="sync-conflict">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Badge color="orange">{t(`sync.kinds.${e.kind}`)}</Badge>
          <Text size="sm">{t('sync.entryFrom', { table: e.table, office: e.fromOffice })}</Text>
        </Group>
        <Text size="xs" c="dimmed">
          {formatInstant(e.createdAt, me.settings.office.timeZone, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" mb="xs">
        {e.detail}
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t(`sync.kindHelp.${e.kind}`)}
      </Text>
      <Grid>
        <Grid.Col span={6}>
          <Version title={t('sync.remote', { office: e.fromOffice })} json={e.remote} empty="—" />
        </Grid.Col>
        <Grid.Col span={6}>
          <Version title={t('sync.local')} json={e.local} empty={t('sync.noLocal')} />
        </Grid.Col>
      </Grid>
      {page && (
        <Button component={Link} to={`${page}${e.rowId}`} variant="subtle" px={0} mt="xs">
          {t('sync.openRow')}
        </Button>
      )}
      {e.resolvedAt ? (
        <Text size="sm" mt="sm">
          {t('sync.decided', {
            at: formatInstant(e.resolvedAt, me.settings.office.timeZone, i18n.language),
            resolution: e.resolution ?? '',
          })}
        </Text>
      ) : (
        <Stack gap="xs" mt="sm">
          <Textarea
            label={t('sync.resolution')}
            description={t('sync.resolutionHelp')}
            value={resolution}
            onChange={(ev) => setResolution(ev.currentTarget.value)}
            autosize
            minRows={2}
          />
          <ErrorAlert error={decide.error} />
          <Group>
            <Button
              disabled={resolution.trim() === ''}
              loading={decide.isPending}
              onClick={() => decide.mutate({ id: e.id, resolution })}
            >
              {t('sync.recordDecision')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

export function ReviewTab() {
  const { t } = useTranslation();
  const [show, setShow] = useState<'open' | 'decided'>('open');
  const list = useCommandQuery('sync.conflicts', { resolved: show === 'decided' });
  return (
    <Stack maw={1100}>
      <Text size="sm" c="dimmed">
        {t('sync.reviewIntro')}
      </Text>
      <SegmentedControl
        w={300}
        value={show}
        onChange={(v) => setShow(v === 'decided' ? 'decided' : 'open')}
        data={[
          { value: 'open', label: t('sync.reviewOpen') },
          { value: 'decided', label: t('sync.reviewDecided') },
        ]}
      />
      {list.error && <ErrorAlert error={list.error} />}
      {!list.data ? (
        !list.error && <LoadingBlock />
      ) : list.data.rows.length === 0 ? (
        <Text c="dimmed">
          {show === 'open' ? t('sync.reviewEmpty') : t('sync.reviewNoneDecided')}
        </Text>
      ) : (
        list.data.rows.map((e) => <EntryCard key={e.id} entry={e} />)
      )}
    </Stack>
  );
}
