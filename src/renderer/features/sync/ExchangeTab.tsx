// Bundles by hand: download a bundle for another office (or head office) to carry on a USB stick,
// and import one brought from another office, with a progress bar and what the import did.
import { Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { bytesToBase64 } from '../../lib/base64';
import { downloadBase64 } from '../../lib/download';
import { formatCount } from '../../lib/format';
import { OperationProgress, useOperation } from '../meters/meter-parts';
import { useQueryClient } from '@tanstack/react-query';

type Outcome = OutputOf<'sync.importUpload'>;

export function ExchangeTab() {
  return (
    <Stack maw={900}>
      <ExportCard />
      <ImportCard />
    </Stack>
  );
}

function ExportCard() {
  const { t, i18n } = useTranslation();
  const status = useCommandQuery('sync.status', {});
  const [to, setTo] = useState<string | null>(null);
  const exported = useCommandMutation('sync.exportDownload', {
    onSuccess: (out) => downloadBase64(out.fileName, out.contentBase64, 'application/octet-stream'),
  });
  const offices = (status.data?.peers ?? []).map((p) => ({
    value: p.code,
    label: `${p.code} · ${p.name}`,
  }));
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('sync.exportTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('sync.exportIntro')}
      </Text>
      <Group align="flex-end">
        <Select
          label={t('sync.exportTo')}
          data={offices}
          value={to}
          onChange={setTo}
          w={320}
          data-testid="sync-export-to"
        />
        <Button
          disabled={!to}
          loading={exported.isPending}
          onClick={() => to && exported.mutate({ to })}
        >
          {t('sync.exportButton')}
        </Button>
      </Group>
      <ErrorAlert error={exported.error} />
      {exported.data && (
        <Text size="sm" mt="sm" data-testid="sync-exported">
          {t('sync.exported', {
            file: exported.data.fileName,
            changes: formatCount(exported.data.changes, i18n.language),
          })}
        </Text>
      )}
    </Card>
  );
}

function ImportCard() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const operation = useOperation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const n = (v: number) => formatCount(v, i18n.language);

  const importFile = async (file: File) => {
    setError(null);
    setOutcome(null);
    setBusy(true);
    try {
      const contentBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
      const result = await operation.run((operationId) =>
        call('sync.importUpload', { fileName: file.name, contentBase64, operationId }),
      );
      setOutcome(result);
      void queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('sync.importTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('sync.importIntro')}
      </Text>
      <input
        ref={input}
        type="file"
        accept=".gdsync"
        hidden
        data-testid="sync-import-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void importFile(file);
        }}
      />
      <Group>
        <Button loading={busy} onClick={() => input.current?.click()}>
          {t('sync.importButton')}
        </Button>
      </Group>
      {busy && <OperationProgress label={t('sync.importing')} progress={operation.progress} />}
      <ErrorAlert error={error} />
      {outcome && (
        <Stack gap={4} mt="sm" data-testid="sync-import-result">
          <Text fw={500}>{t('sync.imported', { office: outcome.from.code })}</Text>
          <Table w={420}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t('sync.applied')}</Table.Td>
                <Table.Td>{n(outcome.applied)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('sync.skipped')}</Table.Td>
                <Table.Td>{n(outcome.skipped)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('sync.waiting')}</Table.Td>
                <Table.Td>{n(outcome.waiting)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('sync.conflicts')}</Table.Td>
                <Table.Td>{n(outcome.conflicts)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {outcome.backup && (
            <Text size="xs" c="dimmed">
              {t('sync.backupTaken', { file: outcome.backup })}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}
