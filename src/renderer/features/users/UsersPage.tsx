import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserPublic } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { EditUserModal } from './EditUserModal';
import { NewUserModal } from './NewUserModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserStatusBadge } from './UserStatusBadge';

type Dialog = { kind: 'edit' | 'reset'; user: UserPublic } | null;

/** The office's users: who may sign in, with which role; create, edit, disable, reset. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useCommandQuery('users.list', {});
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const setDisabled = useCommandMutation('users.setDisabled', {
    onSuccess: (user) =>
      notifications.show({
        color: 'teal',
        message: user.disabled
          ? t('users.disabledDone', { name: user.displayName })
          : t('users.enabledDone', { name: user.displayName }),
      }),
    onError: (error) =>
      notifications.show({ color: 'red', title: t('common.notDone'), message: error.message }),
  });

  const askDisable = (user: UserPublic) =>
    modals.openConfirmModal({
      title: t('users.disableTitle', { username: user.username }),
      children: <Text size="sm">{t('users.disableBody', { name: user.displayName })}</Text>,
      labels: { confirm: t('users.disable'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => setDisabled.mutate({ id: user.id, disabled: true }),
    });

  const when = (iso: string | null) =>
    iso ? formatInstant(iso, me.settings.office.timeZone, i18n.language) : t('users.never');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('users.title')}
        </Title>
        <Button onClick={() => setCreating(true)}>{t('users.new')}</Button>
      </Group>
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.username')}</Table.Th>
                <Table.Th>{t('fields.displayName')}</Table.Th>
                <Table.Th>{t('fields.role')}</Table.Th>
                <Table.Th>{t('users.colStatus')}</Table.Th>
                <Table.Th>{t('users.colLastSignIn')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('users.colActions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.users.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {user.username}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {user.displayName}
                    {user.id === me.user.id && (
                      <Badge ml="xs" size="xs" variant="outline">
                        {t('users.you')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`roles.${user.role}`)}</Table.Td>
                  <Table.Td>
                    <UserStatusBadge user={user} />
                  </Table.Td>
                  <Table.Td>{when(user.lastLoginAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => setDialog({ kind: 'edit', user })}
                      >
                        {t('users.edit')}
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => setDialog({ kind: 'reset', user })}
                      >
                        {t('users.resetPassword')}
                      </Button>
                      {user.disabled ? (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => setDisabled.mutate({ id: user.id, disabled: false })}
                        >
                          {t('users.enable')}
                        </Button>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          onClick={() => askDisable(user)}
                        >
                          {t('users.disable')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <NewUserModal opened={creating} onClose={() => setCreating(false)} />
      {dialog?.kind === 'edit' && (
        <EditUserModal key={dialog.user.id} user={dialog.user} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal
          key={dialog.user.id}
          user={dialog.user}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
