// Bulk read: every configured meter on one port or in one mini-grid, one request at a time per
// bus, with progress and Cancel, then one line per meter saying what happened.
import {
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InputOf, OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useSiteTree } from '../../components/SitePickers';
import { groupAwareFilter, miniGridOptions } from '../../lib/sites';
import { FlagBadge, OperationProgress, OutcomeBadge, formatKwh, useOperation } from './meter-parts';
import { PortPicker } from './PortFields';

type Target = 'port' | 'miniGrid';
type BulkInput = Omit<InputOf<'meters.bulkRead'>, 'operationId'>;

export function BulkReadTab() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { clusters } = useSiteTree();
  const gridData = useMemo(() => miniGridOptions(clusters), [clusters]);
  const [target, setTarget] = useState<Target>('port');
  const [port, setPort] = useState('');
  const [miniGridId, setMiniGridId] = useState<string | null>(null);
  const operation = useOperation();

  const read = useMutation<OutputOf<'meters.bulkRead'>, ApiError, BulkInput>({
    mutationFn: (input) =>
      operation.run((operationId) => call('meters.bulkRead', { ...input, operationId })),
    onSuccess: () => void queryClient.invalidateQueries(),
  });

  const input: BulkInput | null =
    target === 'port'
      ? port.trim()
        ? { port: port.trim() }
        : null
      : miniGridId
        ? { miniGridId }
        : null;
  const result = read.data;
  const n = new Intl.NumberFormat(i18n.language);

  return (
    <Stack>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="bulk-what">
        <Title order={2} size="h4" id="bulk-what">
          {t('meters.bulk.what')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('meters.bulk.help')}
        </Text>
        <Stack gap="sm">
          <SegmentedControl
            value={target}
            onChange={(value) => setTarget(value === 'miniGrid' ? 'miniGrid' : 'port')}
            data={[
              { value: 'port', label: t('meters.bulk.byPort') },
              { value: 'miniGrid', label: t('meters.bulk.byMiniGrid') },
            ]}
            aria-label={t('meters.bulk.what')}
            w="fit-content"
            disabled={read.isPending}
          />
          {target === 'port' ? (
            <PortPicker value={port} onChange={setPort} />
          ) : (
            <Select
              label={t('meters.bulk.miniGrid')}
              placeholder={t('meters.bulk.chooseMiniGrid')}
              data={gridData}
              value={miniGridId}
              onChange={setMiniGridId}
              searchable
              filter={groupAwareFilter}
              nothingFoundMessage={t('common.nothingFound')}
              maw={420}
            />
          )}
          <Group>
            <Button
              onClick={() => input && read.mutate(input)}
              disabled={!input}
              loading={read.isPending}
            >
              {t('meters.bulk.start')}
            </Button>
          </Group>
          {read.isPending && (
            <OperationProgress
              label={t('meters.bulk.reading')}
              progress={operation.progress}
              onCancel={operation.cancel}
              cancelling={operation.cancelling}
            />
          )}
          <ErrorAlert error={read.error} />
        </Stack>
      </Card>

      {result && (
        <Card
          withBorder
          radius="md"
          padding="md"
          component="section"
          aria-labelledby="bulk-results"
        >
          <Title order={2} size="h4" id="bulk-results">
            {t('meters.bulk.results')}
          </Title>
          <Text size="sm" mb="sm" data-testid="bulk-summary">
            {t('meters.bulk.summary', {
              total: n.format(result.summary.total),
              ok: n.format(result.summary.ok),
              failed: n.format(result.summary.failed),
              flagged: n.format(result.summary.flagged),
            })}
            {result.summary.cancelled && ` ${t('meters.bulk.wasCancelled')}`}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing={6} aria-labelledby="bulk-results">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('meters.colSerial')}</Table.Th>
                  <Table.Th>{t('meters.port')}</Table.Th>
                  <Table.Th>{t('meters.colOutcome')}</Table.Th>
                  <Table.Th>{t('meters.colMessage')}</Table.Th>
                  <Table.Th ta="right">{t('meters.colKwh')}</Table.Th>
                  <Table.Th>{t('meters.colFlag')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.results.map((r) => (
                  <Table.Tr key={r.deviceId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/devices/${r.deviceId}`} ff="monospace">
                        {r.serial}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ff="monospace">{r.port ?? '—'}</Table.Td>
                    <Table.Td>
                      <OutcomeBadge outcome={r.outcome} />
                    </Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatKwh(r.wh, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <FlagBadge flag={r.flag} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
