// For an administrator: the company's sync key (made on first use; shown as text and as a QR code
// to print and keep), and a join file for a new office: its code and name give a file to carry to
// the new PC and a printable sheet with the key's QR code, which the new office's wizard takes
// typed or read by a barcode scanner.
import { Button, Card, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QrCode } from '../../components/QrCode';
import { downloadBase64 } from '../../lib/download';
import { serverFieldErrors } from '../../lib/form-errors';

export function OfficesTab() {
  const { t } = useTranslation();
  const me = useMe();
  const key = useCommandMutation('sync.key');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const joinFile = useCommandMutation('sync.joinFileDownload', {
    onSuccess: (out) => {
      downloadBase64(out.fileName, out.contentBase64, 'application/octet-stream');
      if (!key.data) key.mutate({});
    },
  });
  const errors = serverFieldErrors(t, joinFile.error);
  const sheet = joinFile.data;
  return (
    <Stack maw={900}>
      <Card withBorder data-no-print>
        <Title order={2} size="h4" mb="xs">
          {t('sync.keyTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('sync.keyIntro')}
        </Text>
        {key.data ? (
          <Group align="flex-start">
            <QrCode text={key.data.key} label={t('sync.keyQr')} />
            <Stack gap="xs">
              <Code block data-testid="sync-key">
                {key.data.key}
              </Code>
              {key.data.made && <Text size="sm">{t('sync.keyMade')}</Text>}
            </Stack>
          </Group>
        ) : (
          <Button variant="default" loading={key.isPending} onClick={() => key.mutate({})}>
            {t('sync.keyShow')}
          </Button>
        )}
        <ErrorAlert error={key.error} />
      </Card>
      <Card withBorder data-no-print>
        <Title order={2} size="h4" mb="xs">
          {t('sync.joinTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('sync.joinIntro')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            joinFile.mutate({ officeCode: code, officeName: name });
          }}
        >
          <Group align="flex-start">
            <TextInput
              label={t('sync.newOfficeCode')}
              description={t('sync.newOfficeCodeHelp')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={errors.officeCode}
              w={200}
            />
            <TextInput
              label={t('sync.newOfficeName')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.officeName}
              w={320}
            />
          </Group>
          <Button type="submit" mt="sm" loading={joinFile.isPending}>
            {t('sync.joinButton')}
          </Button>
        </form>
        {joinFile.error && Object.keys(errors).length === 0 && (
          <ErrorAlert error={joinFile.error} />
        )}
      </Card>
      {sheet && key.data && (
        <Paper withBorder p="lg" data-testid="sync-join-sheet">
          <Stack>
            <Title order={2} size="h3">
              {t('sync.sheetTitle', { code: sheet.officeCode, name: sheet.officeName })}
            </Title>
            <Text>{t('sync.sheetCompany', { company: me.settings.company.name })}</Text>
            <Text>{t('sync.sheetFile', { file: sheet.fileName })}</Text>
            <Group align="flex-start">
              <QrCode text={key.data.key} size={220} label={t('sync.keyQr')} />
              <Stack gap="xs">
                <Text fw={500}>{t('sync.sheetKey')}</Text>
                <Code block>{key.data.key}</Code>
              </Stack>
            </Group>
            <Text size="sm">{t('sync.sheetSteps')}</Text>
            <Text size="sm" c="dimmed">
              {t('sync.sheetWarning')}
            </Text>
            <Group data-no-print>
              <Button onClick={() => window.print()}>{t('sync.sheetPrint')}</Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
