// The import wizard: what kind of list, which file, which column is which, every problem by line
// and column, then all rows at once or none. The clerk fixes the file in a spreadsheet and picks
// it again as often as needed; nothing is written until every row is right.
import {
  Alert,
  Button,
  Card,
  Group,
  Input,
  List,
  Progress,
  Radio,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportPreview } from '../../../contract';
import { MAX_IMPORT_BYTES } from '../../../contract/commands/imports';
import type { ApiError } from '../../api/client';
import { newOperationId, onProgress, type Progress as ProgressInfo } from '../../api/events';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { bytesToBase64 } from '../../lib/base64';
import { formatCount } from '../../lib/format';
import { problemsOfError } from './import-problems';
import { MappingCard, type Defaults, type Mapping } from './MappingCard';
import { ProblemsTable } from './ProblemsTable';
import { SampleTable } from './SampleTable';

type Kind = (typeof IMPORT_KINDS)[number];

interface PickedFile {
  name: string;
  size: number;
  base64: string;
  /** Changes each time a file is picked, even the same one again (after fixing it). */
  version: number;
}

interface RunResult {
  created: number;
  duplicates: { line: number; message: string }[];
  fileName: string;
}

function Step(props: { id: string; title: string; help?: string; children: React.ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={props.id}>
      <Title order={2} size="h4" id={props.id}>
        {props.title}
      </Title>
      {props.help && (
        <Text size="sm" c="dimmed" mb="sm">
          {props.help}
        </Text>
      )}
      {props.children}
    </Card>
  );
}

function formatBytes(bytes: number, locale: string): string {
  const [value, unit] =
    bytes < 1024
      ? [bytes, 'byte']
      : bytes < 1024 * 1024
        ? [bytes / 1024, 'kilobyte']
        : [bytes / (1024 * 1024), 'megabyte'];
  try {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  } catch {
    return `${Math.round(value)} ${unit}`;
  }
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const picks = useRef(0);
  const [kind, setKind] = useState<Kind>('customers');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping | undefined>(undefined);
  const [savedName, setSavedName] = useState<string | null>(null);
  const [defaults, setDefaults] = useState<Defaults>({});
  const [progress, setProgress] = useState<ProgressInfo | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);

  const input = file
    ? {
        kind,
        fileName: file.name,
        contentBase64: file.base64,
        ...(mapping ? { mapping } : {}),
        defaults,
      }
    : null;

  const preview = useQuery<ImportPreview, ApiError>({
    // The file's bytes stay out of the key: its version says when they changed.
    queryKey: ['imports.preview', kind, file?.version ?? 0, mapping ?? null, defaults],
    queryFn: () => {
      if (!input) throw new Error('no file');
      return call('imports.preview', input);
    },
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });

  // A mapping kept from the last file may name columns the new file does not have: drop them
  // (adjusting state while rendering, so the next preview asks with the pruned mapping).
  const headers = preview.data?.headers;
  if (headers && mapping && !preview.isPlaceholderData) {
    const kept = Object.entries(mapping).filter(
      ([, header]) => !header || headers.includes(header),
    );
    if (kept.length < Object.keys(mapping).length) {
      setMapping(Object.fromEntries(kept));
      setSavedName(null);
    }
  }

  const run = useMutation<Omit<RunResult, 'fileName'>, ApiError, NonNullable<typeof input>>({
    mutationFn: async (value) => {
      const operationId = newOperationId();
      setProgress(null);
      const stop = onProgress(operationId, setProgress);
      try {
        return await call('imports.run', { ...value, operationId });
      } finally {
        stop();
      }
    },
    onSuccess: (value, variables) => {
      setResult({ ...value, fileName: variables.fileName ?? '' });
      setFile(null);
      // Everything else may show the new records; the preview of this file is finished with.
      void queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== 'imports.preview',
      });
    },
  });

  const reset = (nextKind: Kind = kind) => {
    setKind(nextKind);
    setFile(null);
    setMapping(undefined);
    setSavedName(null);
    setDefaults({});
    setResult(null);
    setReadError(null);
    run.reset();
    if (fileInput.current) fileInput.current.value = '';
  };

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const target = event.currentTarget;
    const chosen = target.files?.[0];
    // Cleared so that picking the same (fixed) file again is a change too.
    target.value = '';
    if (!chosen) return;
    setResult(null);
    run.reset();
    setReadError(null);
    if (chosen.size > MAX_IMPORT_BYTES) {
      setReadError(t('import.tooLarge', { name: chosen.name }));
      return;
    }
    setReading(true);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      picks.current += 1;
      setFile({
        name: chosen.name,
        size: chosen.size,
        base64: bytesToBase64(bytes),
        version: picks.current,
      });
    } catch {
      setReadError(t('import.unreadable', { name: chosen.name }));
    } finally {
      setReading(false);
    }
  };

  const data = preview.data;
  const previewProblems = data
    ? { problems: data.problems, problemCount: data.problemCount }
    : problemsOfError(preview.error);
  const runProblems = problemsOfError(run.error);
  const ready = data && data.problemCount === 0 ? data.ready : 0;
  const n = (value: number) => formatCount(value, i18n.language);

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('import.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('import.intro')}
        </Text>
      </div>

      <Step id="import-kind" title={t('import.step1')}>
        <Radio.Group
          value={kind}
          onChange={(value) => reset(IMPORT_KINDS.find((k) => k === value) ?? 'customers')}
          aria-labelledby="import-kind"
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="xs">
            {IMPORT_KINDS.map((value) => (
              <Radio.Card key={value} value={value} radius="md" p="sm" withBorder>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600} size="sm">
                      {t(`import.kinds.${value}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`import.kindsHelp.${value}`)}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>
      </Step>

      <Step id="import-file" title={t('import.step2')} help={t('import.step2Help')}>
        <Input.Wrapper label={t('import.file')} labelProps={{ htmlFor: fileInputId }}>
          <Group gap="sm" mt={4}>
            <Button variant="default" onClick={() => fileInput.current?.click()} loading={reading}>
              {t('import.chooseFile')}
            </Button>
            <Text size="sm" c={file ? undefined : 'dimmed'} fw={file ? 500 : undefined}>
              {file ? file.name : t('import.noFile')}
            </Text>
            {file && (
              <Text size="sm" c="dimmed">
                {formatBytes(file.size, i18n.language)}
                {data &&
                  ` · ${t('import.encoding', { encoding: data.encoding })} · ${t('import.rows', {
                    count: data.rows,
                    formatted: n(data.rows),
                  })}`}
              </Text>
            )}
            <Button
              variant="subtle"
              ml="auto"
              onClick={() => void preview.refetch()}
              disabled={!file}
              loading={preview.isFetching}
            >
              {t('import.preview')}
            </Button>
          </Group>
          {/* The real file input, out of sight: the button above opens it. */}
          <input
            id={fileInputId}
            ref={fileInput}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            tabIndex={-1}
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
        {preview.isFetching && !data && (
          <Progress value={100} animated striped mt="sm" aria-label={t('import.checking')} />
        )}
        {!previewProblems && <ErrorAlert error={preview.error} />}
        {!data && previewProblems && (
          <Stack mt="sm">
            <ProblemsTable list={previewProblems} />
          </Stack>
        )}
      </Step>

      {file && data && (
        <>
          <MappingCard
            preview={data}
            savedName={savedName}
            onMapping={(next, name) => {
              setMapping(next);
              setSavedName(name);
            }}
            defaults={defaults}
            onDefaults={setDefaults}
          />

          <Step id="import-check" title={t('import.step4')}>
            <Stack gap="sm" mt="xs">
              {preview.isFetching && (
                <Progress value={100} animated striped aria-label={t('import.checking')} />
              )}
              {previewProblems && previewProblems.problemCount > 0 ? (
                <ProblemsTable list={previewProblems} />
              ) : (
                <Alert color="teal" variant="light" title={t('import.allGood')}>
                  {ready > 0
                    ? t('import.readyRows', { count: ready, formatted: n(ready) })
                    : t('import.nothingNew')}
                </Alert>
              )}
              {data.duplicates.length > 0 && (
                <Alert
                  color="yellow"
                  variant="light"
                  title={t('import.duplicatesTitle', {
                    count: data.duplicates.length,
                    formatted: n(data.duplicates.length),
                  })}
                >
                  <Text size="sm" mb="xs">
                    {t('import.duplicatesHelp')}
                  </Text>
                  <ScrollArea.Autosize mah={160} type="auto">
                    <List size="sm" spacing={2}>
                      {data.duplicates.map((d) => (
                        <List.Item key={d.line}>
                          {t('import.lineMessage', { line: d.line, message: d.message })}
                        </List.Item>
                      ))}
                    </List>
                  </ScrollArea.Autosize>
                </Alert>
              )}
              {data.sample.length > 0 && (
                <div>
                  <Title order={3} size="h5" mb={4}>
                    {t('import.sampleTitle')}
                  </Title>
                  <Text size="xs" c="dimmed" mb="xs">
                    {t('import.sampleHelp', { count: data.sample.length })}
                  </Text>
                  <SampleTable preview={data} />
                </div>
              )}
              {run.isPending && (
                <Stack gap={4}>
                  <Text size="sm">
                    {t(`import.phases.${progress?.phase ?? 'writing'}`, {
                      defaultValue: progress?.phase ?? '',
                    })}
                  </Text>
                  {progress && progress.total > 0 ? (
                    <Progress
                      value={(100 * progress.done) / progress.total}
                      aria-label={t('import.running')}
                      transitionDuration={200}
                    />
                  ) : (
                    <Progress value={100} animated striped aria-label={t('import.running')} />
                  )}
                </Stack>
              )}
              {runProblems && <ProblemsTable list={runProblems} title={t('import.refused')} />}
              {!runProblems && <ErrorAlert error={run.error} />}
              <Group justify="flex-end">
                <Button
                  size="md"
                  disabled={ready === 0 || preview.isFetching || !input}
                  loading={run.isPending}
                  onClick={() => input && run.mutate(input)}
                >
                  {ready > 0
                    ? t('import.run', { count: ready, formatted: n(ready) })
                    : t('import.runNone')}
                </Button>
              </Group>
            </Stack>
          </Step>
        </>
      )}

      {result && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="import-done">
          <Title order={2} size="h4" id="import-done" c="teal.8">
            {t('import.doneTitle')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {result.fileName}
          </Text>
          <Group gap="xl" align="baseline">
            <Text fz={26} fw={700} style={{ whiteSpace: 'nowrap' }}>
              {t('import.createdCount', { count: result.created, formatted: n(result.created) })}
            </Text>
            <Text
              fz={18}
              fw={600}
              c={result.duplicates.length ? 'yellow.8' : 'dimmed'}
              style={{ whiteSpace: 'nowrap' }}
            >
              {t('import.skippedCount', {
                count: result.duplicates.length,
                formatted: n(result.duplicates.length),
              })}
            </Text>
          </Group>
          <Group mt="md">
            <Button variant="light" onClick={() => reset()}>
              {t('import.another')}
            </Button>
          </Group>
        </Card>
      )}
    </Stack>
  );
}
