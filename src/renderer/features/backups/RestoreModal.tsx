// Restore, step by step: the passphrase, then the core's preview (office, date, counts, what would
// be lost), then typing the office code. The core refuses anything that must not happen (another
// office's backup, a newer version, a wrong code); this screen only shows its answers. After the
// restore the core has reopened and everyone signs in again.
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/hooks';
import { useMe, useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { RestoreReport } from '../../../contract';
import type { Progress as ProgressInfo } from '../../api/events';
import { formatInstant } from '../../lib/format';
import { useOperation } from '../meters/meter-parts';
import { BackupFileFields, BackupProgress } from './BackupFileFields';

export function RestoreModal(props: { file: string; passphraseSet: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useSession();
  const timeZone = useMe().settings.office.timeZone;
  const [passphrase, setPassphrase] = useState('');
  const preview = useCommandMutation('backups.previewRestore');
  const restore = useCommandMutation('backups.restore', {
    onSuccess: (report) =>
      signOut(
        signedOutNotice(t, t('backups.restoredNotice', { when: report.backupTakenAt }), report),
      ),
  });
  const operation = useOperation();
  const run = <T,>(work: (operationId: string) => Promise<T>) =>
    void operation.run(work).catch(() => undefined);
  const withPassphrase = passphrase ? { passphrase } : {};
  const p = preview.data;
  return (
    <Modal opened onClose={props.onClose} title={t('backups.restoreTitle')} size="lg">
      <Stack gap="sm">
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {props.file}
        </Text>
        {!p && (
          <>
            <BackupFileFields
              passphrase={passphrase}
              onPassphrase={setPassphrase}
              passphraseOptional={props.passphraseSet}
            />
            <ErrorAlert error={preview.error} />
            {preview.isPending && <BackupProgress progress={operation.progress} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={preview.isPending}
                onClick={() =>
                  run((operationId) =>
                    preview.mutateAsync({ file: props.file, operationId, ...withPassphrase }),
                  )
                }
              >
                {t('backups.preview')}
              </Button>
            </Group>
          </>
        )}
        {p && (
          <>
            <Text>
              {t('backups.previewWhat', {
                office: `${p.manifest.office.code} (${p.manifest.office.name})`,
                company: p.manifest.companyName,
                when: formatInstant(p.manifest.createdAt, timeZone, i18n.language),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('backups.previewCounts', {
                customers: p.manifest.counts.customers ?? 0,
                payments: p.manifest.counts.payments ?? 0,
                tokens: p.manifest.counts.tokens ?? 0,
                invoices: p.manifest.counts.invoices ?? 0,
              })}
            </Text>
            {p.refusal ? (
              <Alert color="red" role="alert">
                {p.refusal}
              </Alert>
            ) : (
              <>
                <Alert color="orange" title={t('backups.wouldLoseTitle')}>
                  <List size="sm">
                    <List.Item>
                      {t('backups.losePayments', { count: p.wouldLose.payments })}
                    </List.Item>
                    <List.Item>{t('backups.loseTokens', { count: p.wouldLose.tokens })}</List.Item>
                    <List.Item>
                      {t('backups.loseInvoices', { count: p.wouldLose.invoices })}
                    </List.Item>
                  </List>
                  <Text size="sm" mt="xs">
                    {t('backups.undoKept')}
                  </Text>
                </Alert>
                <ConfirmByCode
                  code={p.confirmCode}
                  error={restore.error}
                  progress={restore.isPending ? operation.progress : undefined}
                  confirmLabel={t('backups.restoreNow')}
                  onCancel={props.onClose}
                  onConfirm={(typed) =>
                    run((operationId) =>
                      restore.mutateAsync({
                        file: props.file,
                        confirmCode: typed,
                        operationId,
                        ...withPassphrase,
                      }),
                    )
                  }
                />
              </>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** What the sign-out screen says after a restore or its undo, with the counts that moved. */
function signedOutNotice(
  t: ReturnType<typeof useTranslation>['t'],
  done: string,
  report: RestoreReport,
): string {
  const raised = report.raised.map((r) => `${r.serial}: ${r.from} → ${r.to}`).join(', ');
  return raised ? `${done} ${t('backups.raisedNotice', { devices: raised })}` : done;
}

/**
 * Undo the last restore: the data it replaced comes back; the data in use now is kept as a new
 * undo point. Confirmed by typing the office code, as a restore is.
 */
export function UndoRestoreModal(props: { report: RestoreReport; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useSession();
  const me = useMe();
  const officeCode = me.settings.office.code;
  const operation = useOperation();
  const undo = useCommandMutation('backups.undoRestore', {
    onSuccess: (report) => signOut(signedOutNotice(t, t('backups.undoneNotice'), report)),
  });
  return (
    <Modal opened onClose={props.onClose} title={t('backups.undoTitle')} size="lg">
      <Stack gap="sm">
        <Text>
          {t('backups.undoWhat', {
            when: formatInstant(props.report.at, me.settings.office.timeZone, i18n.language),
            file: props.report.undoOf ?? props.report.file,
          })}
        </Text>
        <Alert color="orange">{t('backups.undoLoses')}</Alert>
        <ConfirmByCode
          code={officeCode}
          error={undo.error}
          progress={undo.isPending ? operation.progress : undefined}
          confirmLabel={t('backups.undoNow')}
          onCancel={props.onClose}
          onConfirm={(typed) =>
            void operation
              .run((operationId) => undo.mutateAsync({ confirmCode: typed, operationId }))
              .catch(() => undefined)
          }
        />
      </Stack>
    </Modal>
  );
}

/**
 * The last step of a restore or its undo: type the office code, then confirm. While it runs, the
 * core's progress; the confirm button stays disabled until the code is right.
 */
function ConfirmByCode(props: {
  code: string;
  error: unknown;
  /** Undefined while nothing runs; null while running before the first progress event. */
  progress: ProgressInfo | null | undefined;
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: (typed: string) => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const running = props.progress !== undefined;
  return (
    <>
      <TextInput
        label={t('backups.typeCode', { code: props.code })}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
      />
      <ErrorAlert error={props.error} />
      {running && <BackupProgress progress={props.progress ?? null} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onCancel}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          loading={running}
          disabled={typed.trim().toUpperCase() !== props.code}
          onClick={() => props.onConfirm(typed)}
        >
          {props.confirmLabel}
        </Button>
      </Group>
    </>
  );
}
