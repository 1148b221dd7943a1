// Vendor tokens of STS meters: the purchases waiting for the vendor's 20-digit token (oldest
// first) and the ones recorded. A clerk types a token per purchase or imports the vendor's file.
import { Badge, Button, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { OutputOf } from '../../../contract';
import { formatMoney } from '../../../domain/money-text';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListFooter } from '../../components/ListFooter';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { DEFAULT_PAGE_SIZE } from '../../lib/list-params';
import { kwhText } from '../counter/MeterSale';
import { receiptsAvailable } from '../counter/receipts';
import { ImportTokensModal } from './ImportTokensModal';
import { RecordTokenModal } from './RecordTokenModal';
import { useReprint } from './use-reprint';

export type VendorTokenRow = OutputOf<'sts.list'>['rows'][number];
type Status = 'pending' | 'recorded';
const TABS: Status[] = ['pending', 'recorded'];

export function VendorTokensPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status: Status = TABS.find((x) => x === params.get('tab')) ?? 'pending';
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [recording, setRecording] = useState<VendorTokenRow | null>(null);
  const [file, setFile] = useState<{ name: string; csv: string; version: number } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const list = useCommandQuery('sts.list', { status, page, pageSize });
  const reprint = useReprint();
  const canPrint = receiptsAvailable();

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0];
    // Cleared so that picking the same (fixed) file again is a change too.
    event.currentTarget.value = '';
    if (!chosen) return;
    setReadError(null);
    chosen
      .text()
      .then((csv) => setFile({ name: chosen.name, csv, version: Date.now() }))
      .catch(() => setReadError(t('sts.readFailed', { name: chosen.name })));
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('sts.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sts.intro')}
          </Text>
        </div>
        <Button variant="default" onClick={() => fileInput.current?.click()}>
          {t('sts.importFile')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,text/csv,text/plain"
          hidden
          data-testid="vendor-file"
          onChange={onFile}
        />
      </Group>
      <ErrorAlert error={readError} />
      <Tabs
        value={status}
        onChange={(value) => {
          if (!value) return;
          setPage(1);
          setParams({ tab: value }, { replace: true });
        }}
      >
        <Tabs.List>
          {TABS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`sts.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <ErrorAlert error={list.error} />
      {list.isPending && !list.error && <LoadingBlock />}
      {list.data && list.data.rows.length === 0 && (
        <Text c="dimmed" py="md">
          {status === 'pending' ? t('sts.nonePending') : t('sts.noneRecorded')}
        </Text>
      )}
      {list.data && list.data.rows.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={960}>
            <Table
              striped
              highlightOnHover
              verticalSpacing="xs"
              horizontalSpacing="xs"
              aria-label={t(`sts.tabs.${status}`)}
              data-testid="vendor-tokens"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sts.col.receipt')}</Table.Th>
                  <Table.Th>{t('sts.col.date')}</Table.Th>
                  <Table.Th>{t('sts.col.customerAccount')}</Table.Th>
                  <Table.Th>{t('sts.col.meter')}</Table.Th>
                  <Table.Th ta="right">{t('sts.col.kwh')}</Table.Th>
                  <Table.Th ta="right">{t('sts.col.amount')}</Table.Th>
                  <Table.Th>{t('sts.col.status')}</Table.Th>
                  <Table.Th>{status === 'recorded' ? t('sts.col.token') : ''}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.rows.map((row) => (
                  <Row
                    key={row.requestId}
                    row={row}
                    onRecord={() => setRecording(row)}
                    canPrint={canPrint}
                    printing={reprint.isPending}
                    onReprint={() => reprint.mutate(row.paymentId)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListFooter
            page={page}
            pageSize={pageSize}
            total={list.data.total}
            onPage={setPage}
            onPageSize={(size) => {
              setPageSize(size);
              setPage(1);
            }}
          />
        </>
      )}
      {recording && <RecordTokenModal row={recording} onClose={() => setRecording(null)} />}
      {file && (
        <ImportTokensModal
          key={file.version}
          fileName={file.name}
          csv={file.csv}
          onClose={() => setFile(null)}
        />
      )}
    </Stack>
  );
}

function Row(props: {
  row: VendorTokenRow;
  onRecord: () => void;
  canPrint: boolean;
  printing: boolean;
  onReprint: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const r = props.row;
  return (
    <Table.Tr data-testid={`vendor-token-${r.receiptNumber}`}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.receiptNumber}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {formatInstant(r.requestedAt, settings.office.timeZone, i18n.language)}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{r.customer.name}</Text>
        <Text size="xs" c="dimmed">
          {r.customer.accountNumber}
        </Text>
      </Table.Td>
      <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {r.meterSerial}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {kwhText(r.wh)}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatMoney(
          r.amountMinor,
          settings.currency.decimals,
          settings.currency.code,
          i18n.language,
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Badge
            size="sm"
            variant="light"
            color={r.status === 'pending' ? 'yellow' : 'teal'}
            style={{ flexShrink: 0, minWidth: 'max-content' }}
          >
            {t(`sts.status.${r.status}`)}
          </Badge>
          {r.reversed && (
            <Badge
              size="sm"
              variant="light"
              color="red"
              style={{ flexShrink: 0, minWidth: 'max-content' }}
            >
              {t('sts.reversed')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {r.status === 'pending' ? (
          <Button
            size="compact-sm"
            variant="light"
            aria-label={t('sts.recordNamed', { receipt: r.receiptNumber })}
            onClick={props.onRecord}
          >
            {t('sts.record')}
          </Button>
        ) : (
          <Group gap="xs" wrap="nowrap">
            <Text ff="monospace" size="sm" data-testid="recorded-token">
              {r.grouped}
            </Text>
            {props.canPrint && (
              <Button
                size="compact-xs"
                variant="subtle"
                disabled={props.printing}
                aria-label={t('counter.reprintNamed', { receipt: r.receiptNumber })}
                onClick={props.onReprint}
              >
                {t('counter.reprint')}
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
