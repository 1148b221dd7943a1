// OpenEMS Edges on the site network: which meters each one serves, a warning when its password is
// a well-known default, adding or changing an Edge (managers and admins), and pulling readings now.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OpenemsEdge, OutputOf } from '../../../contract';
import type { ApiError } from '../../api/client';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe, useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { serverFieldErrors } from '../../lib/form-errors';
import { mayUse } from '../shell/areas';
import { FlagBadge, OperationProgress, OutcomeBadge, formatKwh, useOperation } from './meter-parts';

function EdgeModal(props: { edge: OpenemsEdge | null; onClose: () => void }) {
  const { t } = useTranslation();
  const editing = props.edge !== null;
  const form = useForm({
    validateInputOnChange: true,
    initialValues: {
      name: props.edge?.name ?? '',
      url: props.edge?.url ?? '',
      username: props.edge?.username ?? '',
      password: '',
    },
  });
  const save = useCommandMutation('openems.saveEdge', {
    onSuccess: (edge) => {
      notifications.show({ color: 'teal', message: t('meters.ems.saved', { name: edge.name }) });
      props.onClose();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={editing ? t('meters.ems.editTitle', { name: props.edge?.name }) : t('meters.ems.add')}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          save.mutate({
            ...(props.edge ? { id: props.edge.id } : {}),
            name: values.name.trim(),
            url: values.url.trim(),
            username: values.username.trim(),
            ...(values.password ? { password: values.password } : {}),
          }),
        )}
      >
        <Stack gap="sm">
          <TextInput
            label={t('meters.ems.name')}
            withAsterisk
            data-autofocus
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('meters.ems.url')}
            placeholder="http://192.168.1.20:8084"
            description={t('meters.ems.urlHelp')}
            withAsterisk
            spellCheck={false}
            {...form.getInputProps('url')}
          />
          <TextInput
            label={t('meters.ems.user')}
            withAsterisk
            autoComplete="off"
            {...form.getInputProps('username')}
          />
          <PasswordInput
            label={t('meters.ems.password')}
            withAsterisk={!editing}
            description={editing ? t('meters.ems.passwordKeep') : undefined}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <ErrorAlert error={Object.keys(form.errors).length > 0 ? null : save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function OpenemsTab() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const { user } = useMe();
  const queryClient = useQueryClient();
  const list = useCommandQuery('openems.list', {});
  const [editing, setEditing] = useState<OpenemsEdge | 'new' | null>(null);
  const mayEdit = mayUse('openems.saveEdge', user.role);
  const mayPull = mayUse('openems.pull', user.role);
  const operation = useOperation();
  const pull = useMutation<OutputOf<'openems.pull'>, ApiError, { edgeId?: string }>({
    mutationFn: (input) =>
      operation.run((operationId) => call('openems.pull', { ...input, operationId })),
    onSuccess: () => void queryClient.invalidateQueries(),
  });
  const edges = list.data?.edges ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={720}>
          {t('meters.ems.help')}
        </Text>
        <Group gap="xs">
          {mayPull && edges.length > 0 && (
            <Button variant="light" onClick={() => pull.mutate({})} loading={pull.isPending}>
              {t('meters.ems.pullAll')}
            </Button>
          )}
          {mayEdit && <Button onClick={() => setEditing('new')}>{t('meters.ems.add')}</Button>}
        </Group>
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && <LoadingBlock />}
      {list.data && edges.length === 0 && (
        <Text size="sm" c="dimmed">
          {mayEdit ? t('meters.ems.noneYet') : t('meters.ems.noneAskManager')}
        </Text>
      )}
      {pull.isPending && (
        <OperationProgress label={t('meters.ems.pulling')} progress={operation.progress} />
      )}
      <ErrorAlert error={pull.error} />
      {pull.data && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="ems-pulled">
          <Title order={2} size="h4" id="ems-pulled">
            {t('meters.ems.pulled', { count: pull.data.stored })}
          </Title>
          {pull.data.results.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('meters.ems.nothingMapped')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table striped verticalSpacing={6} aria-labelledby="ems-pulled">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('meters.colSerial')}</Table.Th>
                    <Table.Th>{t('meters.ems.edge')}</Table.Th>
                    <Table.Th>{t('meters.colOutcome')}</Table.Th>
                    <Table.Th>{t('meters.colMessage')}</Table.Th>
                    <Table.Th ta="right">{t('meters.colKwh')}</Table.Th>
                    <Table.Th>{t('meters.colFlag')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {pull.data.results.map((r) => (
                    <Table.Tr key={r.deviceId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/devices/${r.deviceId}`} ff="monospace">
                          {r.serial}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{r.edge}</Table.Td>
                      <Table.Td>
                        <OutcomeBadge outcome={r.outcome} />
                      </Table.Td>
                      <Table.Td>{r.message}</Table.Td>
                      <Table.Td ta="right">{formatKwh(r.wh, i18n.language)}</Table.Td>
                      <Table.Td>
                        <FlagBadge flag={r.flag} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}
      {edges.map((edge) => (
        <Card
          key={edge.id}
          withBorder
          radius="md"
          padding="md"
          component="section"
          aria-labelledby={`edge-${edge.id}`}
        >
          <Group justify="space-between" align="flex-start" mb="xs">
            <div>
              <Title order={2} size="h4" id={`edge-${edge.id}`}>
                {edge.name}
              </Title>
              <Text size="sm" c="dimmed">
                <Text span ff="monospace" size="sm">
                  {edge.url}
                </Text>
                {' · '}
                {t('meters.ems.userIs', { user: edge.username })}
              </Text>
            </div>
            <Group gap="xs">
              {mayPull && (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => pull.mutate({ edgeId: edge.id })}
                  disabled={pull.isPending}
                >
                  {t('meters.ems.pull')}
                </Button>
              )}
              {mayEdit && (
                <Button size="xs" variant="default" onClick={() => setEditing(edge)}>
                  {t('common.edit')}
                </Button>
              )}
            </Group>
          </Group>
          {edge.warning && (
            <Alert color="yellow" variant="light" mb="xs" title={t('meters.ems.defaultPassword')}>
              {edge.warning}
            </Alert>
          )}
          {edge.meters.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('meters.ems.noMeters')}
            </Text>
          ) : (
            <Table
              verticalSpacing={4}
              maw={520}
              aria-label={t('meters.ems.metersOf', { name: edge.name })}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('meters.colSerial')}</Table.Th>
                  <Table.Th>{t('meters.ems.component')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {edge.meters.map((m) => (
                  <Table.Tr key={m.deviceId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/devices/${m.deviceId}`} ff="monospace">
                        {m.serial}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ff="monospace">{m.component}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ))}
      {editing && (
        <EdgeModal edge={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
