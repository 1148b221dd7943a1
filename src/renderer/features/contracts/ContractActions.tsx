// A contract's life on its page (docs/appliances.md, "Contract life"): reschedule, write off,
// repossess, transfer and cancel, each a small form with its reason, calling the contract's own
// command. Who may do what and every refusal are the core's; this only asks and shows the answer.
import {
  Autocomplete,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractView } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';
import { mayUse } from '../shell/areas';

type Action = 'reschedule' | 'writeOff' | 'repossess' | 'transfer' | 'cancel' | 'setAgent';

/** Which actions the contract's status allows (the core refuses the rest by name anyway). */
function allowed(c: ContractView): Action[] {
  if (c.status === 'active') {
    return [
      ...(c.plan === 'instalments' ? (['reschedule'] as const) : []),
      'transfer',
      'writeOff',
      'repossess',
      'cancel',
      'setAgent',
    ];
  }
  // The agent can be corrected on any contract: the figures by agent count closed ones too.
  return c.status === 'written_off' ? ['repossess', 'setAgent'] : ['setAgent'];
}

export function ContractActions(props: { contract: ContractView }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const [open, setOpen] = useState<Action | null>(null);
  const actions = allowed(props.contract).filter((a) => mayUse(`contracts.${a}`, user.role));
  if (actions.length === 0) return null;
  const close = () => setOpen(null);
  return (
    <>
      {actions.map((a) => (
        <Button
          key={a}
          variant={a === 'cancel' || a === 'writeOff' ? 'subtle' : 'default'}
          color={a === 'cancel' || a === 'writeOff' ? 'red' : undefined}
          onClick={() => setOpen(a)}
        >
          {a === 'setAgent' ? t('contracts.changeAgent') : t(`contracts.actions.${a}`)}
        </Button>
      ))}
      {open === 'reschedule' && <RescheduleModal contract={props.contract} onClose={close} />}
      {open === 'transfer' && <TransferModal contract={props.contract} onClose={close} />}
      {open === 'setAgent' && <AgentModal contract={props.contract} onClose={close} />}
      {(open === 'writeOff' || open === 'repossess' || open === 'cancel') && (
        <ReasonModal action={open} contract={props.contract} onClose={close} />
      )}
    </>
  );
}

function ActionModal(props: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {props.children}
          <ErrorAlert error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.pending} color={props.danger ? 'red' : undefined}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ReasonField(props: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('contracts.actions.reason')}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      error={props.error}
      required
      autosize
      minRows={2}
      data-autofocus
    />
  );
}

/** Write-off, repossession and cancellation: the contract and a reason. */
function ReasonModal(props: {
  action: 'writeOff' | 'repossess' | 'cancel';
  contract: ContractView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const done = (message: string) => {
    notifications.show({
      color: 'teal',
      message,
      autoClose: props.action === 'cancel' ? false : 6000,
    });
    props.onClose();
  };
  const writeOff = useCommandMutation('contracts.writeOff', {
    onSuccess: () => done(t('contracts.actions.writtenOff', { number: props.contract.number })),
  });
  const repossess = useCommandMutation('contracts.repossess', {
    onSuccess: () => done(t('contracts.actions.repossessed', { number: props.contract.number })),
  });
  const cancel = useCommandMutation('contracts.cancel', {
    onSuccess: (result) => done(result.message),
  });
  const mutation =
    props.action === 'writeOff' ? writeOff : props.action === 'repossess' ? repossess : cancel;
  const errors = serverFieldErrors(t, mutation.error);
  return (
    <ActionModal
      title={t(`contracts.actions.${props.action}Title`, { number: props.contract.number })}
      onClose={props.onClose}
      onSubmit={() => mutation.mutate({ contractId: props.contract.id, reason })}
      pending={mutation.isPending}
      error={mutation.error}
      submitLabel={t(`contracts.actions.${props.action}`)}
      danger={props.action !== 'repossess'}
    >
      <Text size="sm">{t(`contracts.actions.${props.action}Help`)}</Text>
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </ActionModal>
  );
}

function RescheduleModal(props: { contract: ContractView; onClose: () => void }) {
  const { t } = useTranslation();
  const [count, setCount] = useState<number | string>(4);
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>(
    props.contract.frequency ?? 'weekly',
  );
  const [firstDueDate, setFirstDueDate] = useState('');
  const [reason, setReason] = useState('');
  const reschedule = useCommandMutation('contracts.reschedule', {
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        message: t('contracts.actions.rescheduled', { number: props.contract.number }),
      });
      props.onClose();
    },
  });
  const errors = serverFieldErrors(t, reschedule.error);
  return (
    <ActionModal
      title={t('contracts.actions.rescheduleTitle', { number: props.contract.number })}
      onClose={props.onClose}
      onSubmit={() =>
        reschedule.mutate({
          contractId: props.contract.id,
          instalmentCount: Number(count),
          frequency,
          firstDueDate,
          reason,
        })
      }
      pending={reschedule.isPending}
      error={reschedule.error}
      submitLabel={t('contracts.actions.reschedule')}
    >
      <Text size="sm">{t('contracts.actions.rescheduleHelp')}</Text>
      <SimpleGrid cols={3}>
        <NumberInput
          label={t('contracts.instalmentCount')}
          value={count}
          onChange={setCount}
          min={1}
          allowDecimal={false}
          error={errors.instalmentCount}
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
          error={errors.firstDueDate}
        />
      </SimpleGrid>
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </ActionModal>
  );
}

function TransferModal(props: { contract: ContractView; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const found = useCommandQuery(
    'customers.list',
    { page: 1, pageSize: 20, filters: { status: 'active', text: text.trim() || undefined } },
    { enabled: text.trim().length >= 2 },
  );
  const options = (found.data?.rows ?? [])
    .filter((c) => c.id !== props.contract.customer.id)
    .map((c) => ({ value: c.id, label: `${c.accountNumber} ${c.displayName} · ${c.village}` }));
  const transfer = useCommandMutation('contracts.transfer', {
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        message: t('contracts.actions.transferred', { number: props.contract.number }),
      });
      props.onClose();
    },
  });
  const errors = serverFieldErrors(t, transfer.error);
  return (
    <ActionModal
      title={t('contracts.actions.transferTitle', { number: props.contract.number })}
      onClose={props.onClose}
      onSubmit={() =>
        transfer.mutate({ contractId: props.contract.id, customerId: customerId ?? '', reason })
      }
      pending={transfer.isPending}
      error={transfer.error}
      submitLabel={t('contracts.actions.transfer')}
    >
      <Text size="sm">{t('contracts.actions.transferHelp')}</Text>
      <Select
        label={t('contracts.actions.newCustomer')}
        placeholder={t('contracts.actions.findCustomer')}
        searchable
        searchValue={text}
        onSearchChange={setText}
        data={options}
        value={customerId}
        onChange={setCustomerId}
        filter={({ options: all }) => all}
        nothingFoundMessage={
          text.trim().length >= 2 ? t('contracts.actions.noCustomer') : undefined
        }
        error={errors.customerId}
      />
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </ActionModal>
  );
}

/** Correct the sales agent (or clear it: sold at the office), with a reason. */
function AgentModal(props: { contract: ContractView; onClose: () => void }) {
  const { t } = useTranslation();
  const [agent, setAgent] = useState(props.contract.agent ?? '');
  const [reason, setReason] = useState('');
  const agents = useCommandQuery('contracts.agents', {});
  const change = useCommandMutation('contracts.setAgent', {
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        message: t('contracts.agentChanged', { number: props.contract.number }),
      });
      props.onClose();
    },
  });
  const errors = serverFieldErrors(t, change.error);
  return (
    <ActionModal
      title={t('contracts.agentTitle', { number: props.contract.number })}
      onClose={props.onClose}
      onSubmit={() =>
        change.mutate({ contractId: props.contract.id, agent: agent.trim() || null, reason })
      }
      pending={change.isPending}
      error={change.error}
      submitLabel={t('contracts.changeAgent')}
    >
      <Autocomplete
        label={t('contracts.agent')}
        description={t('contracts.agentHelp')}
        placeholder={t('contracts.agentPlaceholder')}
        value={agent}
        onChange={setAgent}
        data={(agents.data?.rows ?? []).map((a) => a.agent)}
        error={errors.agent}
      />
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </ActionModal>
  );
}
