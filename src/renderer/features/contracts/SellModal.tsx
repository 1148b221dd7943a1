// Sell an appliance on credit to this customer (docs/appliances.md, "The sale"): the catalog item,
// its device from stock when it locks, the price (another one needs a reason), the down payment
// taken now, and the plan. The core checks everything and answers with the contract and the down
// payment's receipt; refusals name the field, shown under it.
import {
  Autocomplete,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Customer } from '../../../contract';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../domain/payment-methods';
import { minorToMajorInput, parseMajorToMinor } from '../../../domain/money-text';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';

const LOCKABLE = new Set(['shs', 'ebike']);

export function SellModal(props: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { settings } = useMe();
  const decimals = settings.currency.decimals;
  // One key per sale form: a double click or a retry finds the first sale (docs/appliances.md).
  const [submissionKey] = useState(() => crypto.randomUUID());
  const [applianceId, setApplianceId] = useState<string | null>(null);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [price, setPrice] = useState('');
  const [priceReason, setPriceReason] = useState('');
  const [down, setDown] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reference, setReference] = useState('');
  const [kind, setKind] = useState<'instalments' | 'per_day'>('instalments');
  const [count, setCount] = useState<number | string>(12);
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('weekly');
  const [firstDueDate, setFirstDueDate] = useState('');
  const [daily, setDaily] = useState('');
  const [minimum, setMinimum] = useState('');
  const [unlock, setUnlock] = useState('');
  const [grace, setGrace] = useState<number | string>(0);
  const [local, setLocal] = useState<Record<string, string>>({});

  const catalog = useCommandQuery('appliances.list', {});
  const appliances = (catalog.data?.appliances ?? []).filter((a) => a.paygEnabled);
  const appliance = appliances.find((a) => a.id === applianceId);
  const lockable = appliance ? LOCKABLE.has(appliance.type) : false;
  const stock = useCommandQuery(
    'devices.list',
    {
      page: 1,
      pageSize: 200,
      sort: 'serial',
      filters: {
        kind: appliance?.type === 'ebike' ? 'ebike' : 'shs',
        status: 'in_stock',
        assigned: false,
      },
    },
    { enabled: lockable },
  );

  const [agent, setAgent] = useState('');
  const agents = useCommandQuery('contracts.agents', {});
  const sell = useCommandMutation('contracts.sell', {
    onSuccess: (sold) => {
      notifications.show({
        color: 'teal',
        message: t('contracts.sold', {
          number: sold.contract.number,
          receipt: sold.payment?.receiptNumber ?? '—',
        }),
      });
      props.onClose();
      void navigate(`/contracts/${sold.contract.id}`);
    },
  });
  const errors = { ...serverFieldErrors(t, sell.error), ...local };

  const money = (field: string, text: string, optional = false): number | null | undefined => {
    if (optional && text.trim() === '') return null;
    const parsed = parseMajorToMinor(text, decimals);
    if (parsed.ok) return parsed.minor;
    setLocal((l) => ({ ...l, [field]: t('contracts.badAmount') }));
    return undefined;
  };

  const submit = () => {
    setLocal({});
    if (!appliance) {
      setLocal({ applianceId: t('contracts.pickAppliance') });
      return;
    }
    const priceMinor = price.trim() === '' ? appliance.priceMinor : money('priceMinor', price);
    const downMinor = money('downPaymentMinor', down.trim() === '' ? '0' : down);
    if (priceMinor === undefined || priceMinor === null || downMinor === undefined) return;
    if (downMinor === null) return;
    let plan;
    if (kind === 'instalments') {
      plan = {
        kind,
        instalmentCount: Number(count),
        frequency,
        firstDueDate,
      } as const;
    } else {
      const dailyMinor = money('plan.dailyPriceMinor', daily);
      const minimumMinor = money('plan.minimumPaymentMinor', minimum.trim() === '' ? '0' : minimum);
      const unlockMinor = money('plan.unlockTotalMinor', unlock, true);
      if (dailyMinor == null || minimumMinor == null || unlockMinor === undefined) return;
      plan = {
        kind,
        dailyPriceMinor: dailyMinor,
        minimumPaymentMinor: minimumMinor,
        unlockTotalMinor: unlockMinor,
      } as const;
    }
    sell.mutate({
      submissionKey,
      customerId: props.customer.id,
      applianceId: appliance.id,
      deviceId: lockable ? deviceId : null,
      priceMinor,
      priceReason: priceReason.trim() || null,
      downPaymentMinor: downMinor,
      method,
      reference: reference.trim() || null,
      plan,
      graceDays: Number(grace),
      agent: agent.trim() || null,
    });
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={t('contracts.sellTitle', {
        name: props.customer.displayName,
        account: props.customer.accountNumber,
      })}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <ErrorAlert error={sell.error} />
          <Select
            label={t('contracts.appliance')}
            data={appliances.map((a) => ({ value: a.id, label: a.name }))}
            value={applianceId}
            onChange={(value) => {
              setApplianceId(value);
              setDeviceId(null);
              const picked = appliances.find((a) => a.id === value);
              setPrice(picked ? minorToMajorInput(picked.priceMinor, decimals) : '');
            }}
            error={errors.applianceId}
            searchable
            data-autofocus
          />
          {lockable && (
            <Select
              label={t('contracts.device')}
              data={(stock.data?.rows ?? []).map((d) => ({
                value: d.id,
                label: `${d.serial} · ${d.manufacturer} ${d.model}`,
              }))}
              value={deviceId}
              onChange={setDeviceId}
              error={errors.deviceId}
              searchable
            />
          )}
          <SimpleGrid cols={2}>
            <TextInput
              label={t('contracts.price')}
              value={price}
              onChange={(e) => setPrice(e.currentTarget.value)}
              error={errors.priceMinor}
            />
            <TextInput
              label={t('contracts.priceReason')}
              value={priceReason}
              onChange={(e) => setPriceReason(e.currentTarget.value)}
              error={errors.priceReason}
            />
            <TextInput
              label={t('contracts.downPayment')}
              value={down}
              onChange={(e) => setDown(e.currentTarget.value)}
              error={errors.downPaymentMinor}
            />
            <Select
              label={t('contracts.method')}
              data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`counter.methods.${m}`) }))}
              value={method}
              onChange={(value) => value && setMethod(value)}
              allowDeselect={false}
            />
          </SimpleGrid>
          {method !== 'cash' && (
            <TextInput
              label={t('contracts.reference')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors.reference}
            />
          )}
          <SegmentedControl
            aria-label={t('contracts.planKind')}
            value={kind}
            onChange={(value) => setKind(value)}
            data={[
              { value: 'instalments', label: t('contracts.planInstalments') },
              { value: 'per_day', label: t('contracts.planPerDay') },
            ]}
          />
          {kind === 'instalments' ? (
            <SimpleGrid cols={3}>
              <NumberInput
                label={t('contracts.instalmentCount')}
                value={count}
                onChange={setCount}
                min={1}
                error={errors['plan.instalmentCount']}
              />
              <Select
                label={t('contracts.frequencyLabel')}
                data={(['weekly', 'monthly'] as const).map((f) => ({
                  value: f,
                  label: t(`contracts.frequency.${f}`),
                }))}
                value={frequency}
                onChange={(value) => value && setFrequency(value)}
                allowDeselect={false}
              />
              <TextInput
                type="date"
                label={t('contracts.firstDueDate')}
                value={firstDueDate}
                onChange={(e) => setFirstDueDate(e.currentTarget.value)}
                error={errors['plan.firstDueDate']}
              />
            </SimpleGrid>
          ) : (
            <SimpleGrid cols={3}>
              <TextInput
                label={t('contracts.dailyPrice')}
                value={daily}
                onChange={(e) => setDaily(e.currentTarget.value)}
                error={errors['plan.dailyPriceMinor']}
              />
              <TextInput
                label={t('contracts.minimumPayment')}
                value={minimum}
                onChange={(e) => setMinimum(e.currentTarget.value)}
                error={errors['plan.minimumPaymentMinor']}
              />
              <TextInput
                label={t('contracts.unlockTotal')}
                value={unlock}
                onChange={(e) => setUnlock(e.currentTarget.value)}
                error={errors['plan.unlockTotalMinor']}
              />
            </SimpleGrid>
          )}
          <Group align="flex-start" grow>
            <NumberInput
              label={t('contracts.graceDays')}
              value={grace}
              onChange={setGrace}
              min={0}
              max={90}
              error={errors.graceDays}
            />
            <Autocomplete
              label={t('contracts.agent')}
              description={t('contracts.agentHelp')}
              placeholder={t('contracts.agentPlaceholder')}
              value={agent}
              onChange={setAgent}
              data={(agents.data?.rows ?? []).map((a) => a.agent)}
              error={errors.agent}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={sell.isPending}>
              {t('contracts.sell')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
