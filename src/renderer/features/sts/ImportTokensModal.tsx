// The vendor's token file: checked first (nothing written), every problem by line and column, or
// how many tokens are ready; then imported all at once or not at all. The core matches each line
// to its pending purchase and reports tokens it already had.
import { Alert, Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/hooks';
import { coreMessage } from '../../lib/core-message';

export function ImportTokensModal(props: { fileName: string; csv: string; onClose: () => void }) {
  const { t } = useTranslation();
  const check = useCommandMutation('sts.importTokens');
  const run = useCommandMutation('sts.importTokens');
  const { mutate: checkFile } = check;

  useEffect(() => {
    checkFile({ csv: props.csv, dryRun: true });
  }, [checkFile, props.csv]);

  const checked = check.data;
  const done = run.data;
  const ready = checked ? checked.matches.length : 0;
  const canImport = checked !== undefined && checked.problems.length === 0 && ready > 0;
  const busy = check.isPending || run.isPending;

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={t('sts.importTitle', { name: props.fileName })}
      closeOnClickOutside={!busy}
    >
      <Stack gap="sm">
        {check.isPending && <Text size="sm">{t('sts.checking')}</Text>}
        {check.error && (
          <Alert color="red" variant="light" role="alert" title={t('sts.importFailed')}>
            {coreMessage(t, check.error)}
          </Alert>
        )}
        {done ? (
          <Alert color="teal" variant="light" role="status" title={t('sts.importDone')}>
            <Text size="sm" data-testid="import-result">
              {t('sts.importCounts', {
                recorded: done.recorded,
                already: done.alreadyRecorded,
              })}
            </Text>
          </Alert>
        ) : (
          checked && (
            <>
              {checked.problems.length > 0 ? (
                <Alert
                  color="red"
                  variant="light"
                  role="alert"
                  title={t('sts.problems', { count: checked.problems.length })}
                >
                  <Stack gap="xs">
                    <Text size="sm">{t('sts.problemsHelp')}</Text>
                    <ScrollArea.Autosize mah={320} type="auto">
                      <Table
                        verticalSpacing={4}
                        withTableBorder
                        bg="var(--mantine-color-body)"
                        stickyHeader
                        aria-label={t('sts.problemsTable')}
                      >
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th w={70} ta="right">
                              {t('sts.col.line')}
                            </Table.Th>
                            <Table.Th w={160}>{t('sts.col.column')}</Table.Th>
                            <Table.Th>{t('sts.col.problem')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {checked.problems.map((problem, index) => (
                            <Table.Tr key={`${problem.line}-${problem.column}-${index}`}>
                              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                                {problem.line}
                              </Table.Td>
                              <Table.Td>{problem.column || '—'}</Table.Td>
                              <Table.Td>{problem.message}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </ScrollArea.Autosize>
                  </Stack>
                </Alert>
              ) : (
                <Alert
                  color={ready > 0 ? 'blue' : 'gray'}
                  variant="light"
                  title={t('sts.ready', { count: ready })}
                  data-testid="import-ready"
                >
                  {checked.alreadyRecorded > 0 && (
                    <Text size="sm">
                      {t('sts.alreadyRecorded', { count: checked.alreadyRecorded })}
                    </Text>
                  )}
                  {ready === 0 && <Text size="sm">{t('sts.nothingToImport')}</Text>}
                  {checked.matches.length > 0 && (
                    <ScrollArea.Autosize mah={200} type="auto">
                      {checked.matches.map((m) => (
                        <Text key={m.line} size="sm" ff="monospace">
                          {`${m.receiptNumber} · ${m.meterSerial}`}
                        </Text>
                      ))}
                    </ScrollArea.Autosize>
                  )}
                </Alert>
              )}
            </>
          )
        )}
        {run.error && (
          <Alert color="red" variant="light" role="alert" title={t('sts.importFailed')}>
            {coreMessage(t, run.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" disabled={run.isPending} onClick={props.onClose}>
            {done ? t('sts.close') : t('common.cancel')}
          </Button>
          {!done && (
            <Button
              disabled={!canImport}
              loading={run.isPending}
              onClick={() => run.mutate({ csv: props.csv, dryRun: false })}
            >
              {canImport ? t('sts.import', { count: ready }) : t('sts.importPlain')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
