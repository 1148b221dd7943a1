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
import { PasswordField } from '../../components/PasswordField';
import { formatInstant } from '../../lib/format';

export function RestoreModal(props: { file: string; passphraseSet: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useSession();
  const timeZone = useMe().settings.office.timeZone;
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const preview = useCommandMutation('backups.previewRestore');
  const restore = useCommandMutation('backups.restore', {
    onSuccess: async (report) => {
      const raised = report.raised.map((r) => `${r.serial}: ${r.from} → ${r.to}`).join(', ');
      await signOut(
        [
          t('backups.restoredNotice', { when: report.backupTakenAt }),
          raised ? t('backups.raisedNotice', { devices: raised }) : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
    },
  });
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
            <PasswordField
              label={t('backups.passphrase')}
              description={props.passphraseSet ? t('backups.passphraseOptional') : undefined}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
            />
            <ErrorAlert error={preview.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={preview.isPending}
                onClick={() => preview.mutate({ file: props.file, ...withPassphrase })}
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
                <TextInput
                  label={t('backups.typeCode', { code: p.confirmCode })}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <ErrorAlert error={restore.error} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={props.onClose}>
                    {t('common.cancel')}
                  </Button>
                  <Button
                    color="red"
                    loading={restore.isPending}
                    disabled={code.trim().toUpperCase() !== p.confirmCode}
                    onClick={() =>
                      restore.mutate({ file: props.file, confirmCode: code, ...withPassphrase })
                    }
                  >
                    {t('backups.restoreNow')}
                  </Button>
                </Group>
              </>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
