// Pieces the meter screens share: outcome and status badges, kWh in the user's language, the
// yellow note about meter-profile files that could not be used, and long operations (bulk read,
// address scan, OpenEMS pull) with their progress bar and Cancel button.
import { Alert, Badge, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { newOperationId, onProgress, type Progress as ProgressInfo } from '../../api/events';
import { useSession } from '../../api/session';

export type ReadOutcome = OutputOf<'meters.bulkRead'>['results'][number]['outcome'];
export type PullOutcome = OutputOf<'openems.pull'>['results'][number]['outcome'];
export type ReadingStatus = OutputOf<'readings.list'>['rows'][number]['status'];
export type Profile = OutputOf<'meters.profiles'>['profiles'][number];

const OUTCOME_COLORS: Record<ReadOutcome | PullOutcome, string> = {
  ok: 'teal',
  'no-answer': 'orange',
  timeout: 'orange',
  crc: 'red',
  mismatch: 'red',
  exception: 'red',
  implausible: 'yellow',
  port: 'red',
  'not-configured': 'gray',
  cancelled: 'gray',
  other: 'gray',
  auth: 'red',
  unreachable: 'orange',
  'unknown-channel': 'yellow',
  'bad-value': 'yellow',
};

export function OutcomeBadge(props: { outcome: ReadOutcome | PullOutcome }) {
  const { t } = useTranslation();
  return (
    <Badge color={OUTCOME_COLORS[props.outcome]} variant="light">
      {t(`meters.outcome.${props.outcome}`)}
    </Badge>
  );
}

const STATUS_COLORS: Record<ReadingStatus, string> = {
  ok: 'teal',
  flagged: 'orange',
  accepted: 'blue',
  rejected: 'gray',
};

export function ReadingStatusBadge(props: { status: ReadingStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[props.status]} variant="light">
      {t(`meters.status.${props.status}`)}
    </Badge>
  );
}

export function FlagBadge(props: { flag: 'reset' | 'jump' | null }) {
  const { t } = useTranslation();
  if (!props.flag) return null;
  return (
    <Badge color="orange" variant="outline">
      {t(`meters.flag.${props.flag}`)}
    </Badge>
  );
}

/** Wh as kWh with up to 3 decimals, in the user's language. */
export function formatKwh(wh: number | null | undefined, locale: string): string {
  if (wh === null || wh === undefined) return '';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(wh / 1000);
}

/** Meter-profile files the core could not use: shown wherever a profile is chosen. */
export function ProfileProblems(props: { problems: { file: string; message: string }[] }) {
  const { t } = useTranslation();
  if (props.problems.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title={t('meters.profileProblems')}>
      <List size="sm" spacing={2}>
        {props.problems.map((p) => (
          <List.Item key={p.file}>
            <Text span ff="monospace" size="sm">
              {p.file}
            </Text>
            {`: ${p.message}`}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** "Eastron SDM120-Modbus": the maker's name once, even when the profile's name has it. */
export function profileLabel(profile: Profile): string {
  return profile.name.toLowerCase().startsWith(profile.manufacturer.toLowerCase())
    ? profile.name
    : `${profile.manufacturer} ${profile.name}`;
}

/**
 * One long operation at a time: a fresh operation id, its progress events while it runs, and a
 * Cancel that asks the core to stop before its next step (what was done is kept).
 */
export function useOperation() {
  const { t } = useTranslation();
  const { call } = useSession();
  const [progress, setProgress] = useState<ProgressInfo | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const current = useRef<string | null>(null);

  const run = async <T,>(work: (operationId: string) => Promise<T>): Promise<T> => {
    const operationId = newOperationId();
    current.current = operationId;
    setProgress(null);
    setCancelling(false);
    const stop = onProgress(operationId, setProgress);
    try {
      return await work(operationId);
    } finally {
      stop();
      current.current = null;
      setCancelling(false);
    }
  };

  const cancel = () => {
    const operationId = current.current;
    if (!operationId) return;
    setCancelling(true);
    call('operations.cancel', { operationId }).catch((error: unknown) => {
      setCancelling(false);
      notifications.show({
        color: 'red',
        title: t('common.notDone'),
        message: error instanceof Error ? error.message : String(error),
      });
    });
  };

  return { run, progress, cancel, cancelling };
}

/** "12 of 40" with a bar (striped while the total is not known yet) and a Cancel button. */
export function OperationProgress(props: {
  label: string;
  progress: ProgressInfo | null;
  onCancel?: () => void;
  cancelling?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { progress } = props;
  const n = new Intl.NumberFormat(i18n.language);
  const known = progress !== null && progress.total > 0;
  return (
    <Stack gap={4} data-testid="operation-progress">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" aria-live="polite">
          {known
            ? t('meters.progress', {
                label: props.label,
                done: n.format(progress.done),
                total: n.format(progress.total),
              })
            : props.label}
        </Text>
        {props.onCancel && (
          <Button
            variant="default"
            color="red"
            size="xs"
            onClick={props.onCancel}
            loading={props.cancelling}
          >
            {t('meters.cancel')}
          </Button>
        )}
      </Group>
      {known ? (
        <Progress
          value={(100 * progress.done) / progress.total}
          aria-label={props.label}
          transitionDuration={200}
        />
      ) : (
        <Progress value={100} animated striped aria-label={props.label} />
      )}
    </Stack>
  );
}
