// Meter readings from a CSV file (a data logger, a gateway's export, a clerk's spreadsheet): the
// core checks the whole file first (dry run), says which column it took for what and every problem
// by line, then imports all rows or none.
import {
  Alert,
  Button,
  Card,
  Group,
  Input,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';

type Result = OutputOf<'readings.import'>;
type Mapping = Result['mapping'];
const FIELDS = ['readAt', 'meter', 'kwh'] as const;

export function ImportReadingsTab() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const inputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [done, setDone] = useState<Result | null>(null);
  // The last check stays shown while a new mapping is checked again.
  const [preview, setPreview] = useState<Result | null>(null);
  const n = new Intl.NumberFormat(i18n.language);

  const check = useMutation<Result, ApiError, InputOf<'readings.import'>>({
    mutationFn: (input) => call('readings.import', { ...input, dryRun: true }),
    onSuccess: setPreview,
    onError: () => setPreview(null),
  });
  const run = useMutation<Result, ApiError, InputOf<'readings.import'>>({
    mutationFn: (input) => call('readings.import', { ...input, dryRun: false }),
    onSuccess: (result) => {
      setDone(result);
      setFile(null);
      setPreview(null);
      check.reset();
      void queryClient.invalidateQueries();
    },
  });

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const target = event.currentTarget;
    const chosen = target.files?.[0];
    target.value = '';
    if (!chosen) return;
    setReadError(null);
    setDone(null);
    setPreview(null);
    run.reset();
    try {
      const csv = await chosen.text();
      setFile({ name: chosen.name, csv });
      check.mutate({ csv });
    } catch {
      setReadError(t('meters.imp.unreadable', { name: chosen.name }));
    }
  };

  const remap = (field: (typeof FIELDS)[number], header: string | null) => {
    if (!file || !preview) return;
    const mapping: Mapping = { ...preview.mapping, [field]: header };
    check.mutate({ csv: file.csv, mapping });
  };
  const ready = preview ? Math.max(0, preview.rows - preview.duplicates) : 0;
  const canImport = file && preview && preview.problems.length === 0 && ready > 0;

  return (
    <Stack>
      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="imp-file">
        <Title order={2} size="h4" id="imp-file">
          {t('meters.imp.fileTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('meters.imp.fileHelp')}
        </Text>
        <Input.Wrapper label={t('meters.imp.file')} labelProps={{ htmlFor: inputId }}>
          <Group gap="sm" mt={4}>
            <Button variant="default" onClick={() => fileInput.current?.click()}>
              {t('meters.imp.choose')}
            </Button>
            <Text size="sm" c={file ? undefined : 'dimmed'} fw={file ? 500 : undefined}>
              {file ? file.name : t('meters.imp.noFile')}
            </Text>
          </Group>
          <input
            id={inputId}
            ref={fileInput}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            tabIndex={-1}
            data-testid="readings-file"
            onChange={(event) => void pick(event)}
            style={{
              position: 'absolute',
              width: 1,
              height: 1,
              opacity: 0,
              overflow: 'hidden',
              clipPath: 'inset(50%)',
            }}
          />
        </Input.Wrapper>
        {readError && (
          <Alert color="red" variant="light" mt="sm" role="alert">
            {readError}
          </Alert>
        )}
        <Stack mt="sm" gap="sm">
          <ErrorAlert error={check.error} />
        </Stack>
      </Card>

      {file && preview && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="imp-check">
          <Title order={2} size="h4" id="imp-check">
            {t('meters.imp.checkTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('meters.imp.mappingHelp')}
          </Text>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              {FIELDS.map((field) => (
                <Select
                  key={field}
                  label={t(`meters.imp.fields.${field}`)}
                  placeholder={t('meters.imp.notMapped')}
                  data={preview.headers}
                  value={preview.mapping[field]}
                  onChange={(value) => remap(field, value)}
                  disabled={check.isPending}
                />
              ))}
            </SimpleGrid>
            {preview.problems.length > 0 ? (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title={t('meters.imp.problemsTitle', {
                  count: preview.problems.length,
                  formatted: n.format(preview.problems.length),
                })}
              >
                <Text size="sm" mb="xs">
                  {t('meters.imp.problemsHelp')}
                </Text>
                <ScrollArea.Autosize mah={320} type="auto">
                  <Table
                    verticalSpacing={4}
                    withTableBorder
                    bg="var(--mantine-color-body)"
                    aria-label={t('meters.imp.problemsTable')}
                  >
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={70} ta="right">
                          {t('meters.imp.colLine')}
                        </Table.Th>
                        <Table.Th w={180}>{t('meters.imp.colColumn')}</Table.Th>
                        <Table.Th>{t('meters.imp.colProblem')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.problems.map((p, index) => (
                        <Table.Tr key={`${p.line}-${p.column}-${index}`}>
                          <Table.Td ta="right">{p.line}</Table.Td>
                          <Table.Td>{p.column || '—'}</Table.Td>
                          <Table.Td>{p.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </Alert>
            ) : (
              <Alert color="teal" variant="light" data-testid="import-ready">
                {t('meters.imp.ready', {
                  count: ready,
                  formatted: n.format(ready),
                  duplicates: n.format(preview.duplicates),
                })}
              </Alert>
            )}
            <ErrorAlert error={run.error} />
            <Group justify="flex-end">
              <Button
                disabled={!canImport || check.isPending}
                loading={run.isPending}
                onClick={() => file && run.mutate({ csv: file.csv, mapping: preview.mapping })}
              >
                {t('meters.imp.run', { count: ready, formatted: n.format(ready) })}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {done && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="imp-done">
          <Title order={2} size="h4" id="imp-done" c="teal.8">
            {t('meters.imp.doneTitle')}
          </Title>
          <Group gap="xl" mt="xs" data-testid="import-done">
            <Text fw={700} fz={20}>
              {t('meters.imp.imported', {
                count: done.imported,
                formatted: n.format(done.imported),
              })}
            </Text>
            <Text fw={600} c={done.duplicates ? 'yellow.8' : 'dimmed'}>
              {t('meters.imp.duplicates', {
                count: done.duplicates,
                formatted: n.format(done.duplicates),
              })}
            </Text>
            <Text fw={600} c={done.flagged ? 'orange.8' : 'dimmed'}>
              {t('meters.imp.flagged', {
                count: done.flagged,
                formatted: n.format(done.flagged),
              })}
            </Text>
          </Group>
          {done.flagged > 0 && (
            <Text size="sm" c="dimmed" mt="xs">
              {t('meters.imp.flaggedHelp')}
            </Text>
          )}
        </Card>
      )}
    </Stack>
  );
}
