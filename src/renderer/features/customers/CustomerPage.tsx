import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { commands, roleMayCall, type Customer } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { CustomerStatusBadge, DeviceStatusBadge } from '../../components/StatusBadges';
import { formatInstantDay } from '../../lib/format';
import { formatPhone } from '../../lib/phone';
import { StatementCard } from '../billing/Statement';
import { ContractsCard } from '../contracts/ContractsCard';
import { AccountSection } from './AccountSection';
import { AssignDeviceModal } from './AssignDeviceModal';
import { CustomerFormModal } from './CustomerFormModal';

// Payments and tokens are in the account section, contracts in their own; these come later.
const LATER = ['invoices', 'tickets'] as const;

function Item(props: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{props.label}</DataList.ItemLabel>
      <DataList.ItemValue>{props.children || '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Identity(props: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const c = props.customer;
  const phone = (value: string | null) => formatPhone(value, settings.company.country);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="identity">
      <Title order={2} size="h4" id="identity" mb="sm">
        {t('customers.identity')}
      </Title>
      <DataList labelWidth={150} gap="xs" size="sm">
        <Item label={t('customers.colKind')}>{t(`enums.customerKind.${c.kind}`)}</Item>
        {c.businessName && <Item label={t('fields.businessName')}>{c.businessName}</Item>}
        <Item label={t('fields.phone')}>{phone(c.phone)}</Item>
        <Item label={t('fields.phone2')}>{phone(c.phone2)}</Item>
        <Item label={t('fields.nationalId')}>{c.nationalId}</Item>
        <Item label={t('fields.gender')}>{c.gender ? t(`enums.gender.${c.gender}`) : ''}</Item>
        <Item label={t('customers.site')}>
          {`${c.site.cluster} › ${c.site.miniGrid} › ${c.site.village}`}
        </Item>
        <Item label={t('fields.address')}>{c.address}</Item>
        <Item label={t('customers.registered')}>
          {formatInstantDay(c.createdAt, settings.office.timeZone, i18n.language)}
        </Item>
        <Item label={t('fields.notes')}>
          {c.notes && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {c.notes}
            </Text>
          )}
        </Item>
      </DataList>
    </Card>
  );
}

/** One customer: who they are, where they live, their devices, their account (balances and
 * payments with where the money went); contracts and tickets later. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useMe();
  const navigate = useNavigate();
  const query = useCommandQuery('customers.get', { id });
  const [dialog, setDialog] = useState<'edit' | 'assign' | null>(null);
  const remove = useCommandMutation('customers.delete', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('customers.deleted') });
      void navigate('/customers');
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('common.notDone'), message: error.message }),
  });

  const mayEdit = roleMayCall(commands['customers.update'].access, user.role);
  const mayAssign = roleMayCall(commands['devices.assign'].access, user.role);
  const mayDelete = roleMayCall(commands['customers.delete'].access, user.role);

  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/customers" size="sm">
        {t('nav.customers')}
      </Anchor>
      <Text size="sm">{query.data?.customer.displayName ?? '…'}</Text>
    </Breadcrumbs>
  );

  if (query.isPending) {
    return (
      <Stack>
        {crumbs}
        <LoadingBlock />
      </Stack>
    );
  }
  if (query.error) {
    return (
      <Stack>
        {crumbs}
        <ErrorAlert error={query.error} />
      </Stack>
    );
  }
  const { customer, devices } = query.data;
  // A postpaid customer's statement takes the place of the invoices card.
  const postpaid = devices.some((device) => device.billingMode === 'postpaid');
  const later = LATER.filter((section) => !(postpaid && section === 'invoices'));

  const askDelete = () =>
    modals.openConfirmModal({
      title: t('customers.deleteTitle', { account: customer.accountNumber }),
      children: <Text size="sm">{t('customers.deleteBody', { name: customer.displayName })}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ id: customer.id }),
    });

  return (
    <Stack>
      {crumbs}
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('customers.accountNumber')}
          </Text>
          <Text ff="monospace" fz={32} fw={700} lh={1.1}>
            {customer.accountNumber}
          </Text>
          <Group gap="sm" mt={4}>
            <Title order={1} size="h3">
              {customer.displayName}
            </Title>
            <CustomerStatusBadge status={customer.status} />
          </Group>
        </div>
        <Group gap="xs">
          {mayEdit && (
            <Button variant="default" onClick={() => setDialog('edit')}>
              {t('common.edit')}
            </Button>
          )}
          {mayDelete && (
            <Button variant="light" color="red" onClick={askDelete} loading={remove.isPending}>
              {t('common.delete')}
            </Button>
          )}
        </Group>
      </Group>
      <Grid gap="md" align="stretch">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Identity customer={customer} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card
            withBorder
            radius="md"
            padding="md"
            component="section"
            aria-labelledby="devices"
            h="100%"
          >
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4" id="devices">
                {t('customers.devices')}
              </Title>
              {mayAssign && customer.status === 'active' && (
                <Button size="xs" variant="light" onClick={() => setDialog('assign')}>
                  {t('customers.assignDevice')}
                </Button>
              )}
            </Group>
            {devices.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('customers.noDevices')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={480}>
                <Table verticalSpacing="xs" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('devices.colSerial')}</Table.Th>
                      <Table.Th>{t('devices.colKind')}</Table.Th>
                      <Table.Th>{t('devices.colModel')}</Table.Th>
                      <Table.Th>{t('devices.colStatus')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {devices.map((device) => (
                      <Table.Tr key={device.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/devices/${device.id}`}
                            ff="monospace"
                            size="sm"
                          >
                            {device.serial}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          {t(`enums.deviceKind.${device.kind}`)}
                          {device.billingMode && (
                            <Badge ml={6} size="xs" variant="outline" color="gray">
                              {t(`enums.billingMode.${device.billingMode}`)}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{`${device.manufacturer} ${device.model}`}</Table.Td>
                        <Table.Td>
                          <DeviceStatusBadge status={device.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {postpaid && <StatementCard customerId={customer.id} />}
      <AccountSection customerId={customer.id} devices={devices} />
      <ContractsCard customer={customer} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: later.length }} spacing="md">
        {later.map((section) => (
          <Card
            key={section}
            withBorder
            radius="md"
            padding="md"
            component="section"
            aria-labelledby={`later-${section}`}
            mih={120}
            style={{ borderStyle: 'dashed' }}
          >
            <Title order={2} size="h5" id={`later-${section}`}>
              {t(`customers.later.${section}`)}
            </Title>
            <Text size="sm" c="dimmed" mt="xs">
              {t('customers.laterBody')}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {dialog === 'edit' && (
        <CustomerFormModal
          key={customer.id}
          opened
          customer={customer}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'assign' && (
        <AssignDeviceModal customer={customer} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
