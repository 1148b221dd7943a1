// The tokens GridDesk issued for a device (sales and supervisor tokens, tokens.list), newest count
// first, with "Confirm entered" for the ones ticked.
import { Alert, Badge, Button, Card, Checkbox, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../lib/format';

/** The newest tokens shown; older ones were entered long ago or cancelled by a SET token. */
const SHOWN = 50;

export function DeviceTokens(props: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const list = useCommandQuery('tokens.list', {
    deviceId: props.deviceId,
    page: 1,
    pageSize: SHOWN,
  });
  const rows = (list.data?.rows ?? []).map((token) => ({
    token,
    receiptNumber: token.receiptNumber,
  }));
  const open = rows.filter((r) => r.token.enteredAt === null);
  const chosen = open.filter((r) => selected.has(r.token.id)).map((r) => r.token.id);

  const confirm = useCommandMutation('tokens.confirmEntered', {
    onSuccess: (result) => {
      setSelected(new Set());
      notifications.show({
        color: 'teal',
        message: t('tokens.confirmedMessage', { count: result.confirmed }),
      });
    },
  });

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allChosen = open.length > 0 && chosen.length === open.length;

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="device-tokens">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5" id="device-tokens">
          {t('tokens.issuedTitle')}
        </Title>
        <Button
          size="xs"
          disabled={chosen.length === 0}
          loading={confirm.isPending}
          onClick={() => confirm.mutate({ tokenIds: chosen })}
        >
          {t('tokens.confirmSelected', { count: chosen.length })}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('tokens.issuedHelp', { count: list.data?.outstanding ?? 0 })}
      </Text>
      <ErrorAlert error={list.error ?? confirm.error} />
      {list.data && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('tokens.issuedNone')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('tokens.selectAll')}
                    checked={allChosen}
                    indeterminate={chosen.length > 0 && !allChosen}
                    disabled={open.length === 0}
                    onChange={() =>
                      setSelected(allChosen ? new Set() : new Set(open.map((r) => r.token.id)))
                    }
                  />
                </Table.Th>
                <Table.Th>{t('tokens.token')}</Table.Th>
                <Table.Th>{t('tokens.type')}</Table.Th>
                <Table.Th ta="right">{t('tokens.count')}</Table.Th>
                <Table.Th ta="right">{t('tokens.days')}</Table.Th>
                <Table.Th>{t('tokens.receipt')}</Table.Th>
                <Table.Th>{t('tokens.issuedAt')}</Table.Th>
                <Table.Th>{t('tokens.entered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ token: tk, receiptNumber }) => (
                <Table.Tr key={tk.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('tokens.selectToken', { token: tk.grouped })}
                      checked={tk.enteredAt === null && selected.has(tk.id)}
                      disabled={tk.enteredAt !== null}
                      onChange={() => toggle(tk.id)}
                    />
                  </Table.Td>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {tk.grouped}
                  </Table.Td>
                  <Table.Td>{t(`tokens.types.${tk.type}`)}</Table.Td>
                  <Table.Td ta="right">{tk.count}</Table.Td>
                  <Table.Td ta="right">{tk.days ?? ''}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {receiptNumber ?? t('tokens.supervisorIssued')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatInstant(tk.issuedAt, settings.office.timeZone, i18n.language)}
                  </Table.Td>
                  <Table.Td>
                    {tk.enteredAt ? (
                      <Badge color="teal" variant="light">
                        {t('tokens.enteredYes')}
                      </Badge>
                    ) : (
                      <Badge color="yellow" variant="light">
                        {t('tokens.enteredNo')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {confirm.data && confirm.data.alreadyConfirmed > 0 && (
        <Alert color="yellow" variant="light" mt="xs">
          {t('tokens.alreadyConfirmed', { count: confirm.data.alreadyConfirmed })}
        </Alert>
      )}
    </Card>
  );
}
