// One invoice as the customer gets it: the readings (previous and present, actual or estimated),
// the lines, arrears and what is due, the payment link and the notes. On a final invoice a
// manager adds a credit or debit note; the invoice itself never changes.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../../contract';
import { formatKwh } from '../../../domain/energy';
import { formatPricePerKwh, parseMajorToMinor } from '../../../domain/money-text';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { coreMessage } from '../../lib/core-message';
import { formatInstant } from '../../lib/format';
import { serverFieldErrors } from '../../lib/form-errors';
import { mayUse } from '../shell/areas';
import { formatPeriod, useDateText, useMoney, usePdfPrint, usePeriodDays } from './billing-parts';

export function InvoiceModal(props: { invoiceId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useCommandQuery('invoices.get', { id: props.invoiceId });
  const invoice = query.data;
  return (
    <Modal
      opened
      onClose={props.onClose}
      closeButtonProps={{ 'aria-label': t('billing.close') }}
      size="xl"
      title={
        invoice
          ? invoice.number
            ? t('billing.invoiceTitle', { number: invoice.number })
            : t('billing.draftInvoiceTitle', { meter: invoice.meterSerial })
          : t('billing.invoice')
      }
    >
      <ErrorAlert error={query.error} />
      {query.isPending && !query.error && <LoadingBlock />}
      {invoice && <InvoiceView invoice={invoice} />}
    </Modal>
  );
}

function Row(props: { label: string; value: string; strong?: boolean; testId?: string }) {
  return (
    <Group justify="space-between" gap="xl" wrap="nowrap">
      <Text size="sm" fw={props.strong ? 700 : undefined}>
        {props.label}
      </Text>
      <Text
        size="sm"
        fw={props.strong ? 700 : undefined}
        style={{ whiteSpace: 'nowrap' }}
        data-testid={props.testId}
      >
        {props.value}
      </Text>
    </Group>
  );
}

function Labelled(props: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" component="div">
        {props.children}
      </Text>
    </div>
  );
}

export function InvoiceView(props: { invoice: Invoice }) {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const money = useMoney();
  const dateText = useDateText();
  const periodDays = usePeriodDays();
  const print = usePdfPrint('invoices.pdf');
  const inv = props.invoice;
  const price = (milli: number | null) =>
    milli === null
      ? ''
      : formatPricePerKwh(milli, settings.currency.decimals, settings.currency.code);
  const readingAt = (at: string) => formatInstant(at, settings.office.timeZone, i18n.language);

  return (
    <Stack gap="md" data-testid="invoice-view">
      <Group justify="space-between" align="flex-start">
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" verticalSpacing="xs" style={{ flex: 1 }}>
          <Labelled label={t('billing.col.number')}>
            {inv.number ? (
              <Text ff="monospace" fw={700} size="sm">
                {inv.number}
              </Text>
            ) : (
              <Badge color="yellow" variant="light">
                {t('billing.status.draft')}
              </Badge>
            )}
          </Labelled>
          <Labelled label={t('billing.col.customer')}>
            {`${inv.customer.name} · ${inv.customer.accountNumber}`}
          </Labelled>
          <Labelled label={t('billing.col.meter')}>
            <Text ff="monospace" size="sm">
              {inv.meterSerial}
            </Text>
          </Labelled>
          <Labelled label={t('billing.col.village')}>{`${inv.village} · ${inv.miniGrid}`}</Labelled>
          <Labelled label={t('billing.col.period')}>
            {`${formatPeriod(inv.period, i18n.language)} (${periodDays(inv.periodStart, inv.periodEnd)})`}
          </Labelled>
          <Labelled label={t('billing.tariff')}>
            {inv.tariff.name}
            {inv.tariff.versions.length > 1 &&
              ` (${inv.tariff.versions
                .map((v) => t('billing.tariffVersion', { version: v.version, days: v.days }))
                .join(', ')})`}
          </Labelled>
        </SimpleGrid>
        <Button
          variant="light"
          onClick={() => print.mutate({ invoiceId: inv.id })}
          loading={print.isPending}
        >
          {t('billing.printInvoice')}
        </Button>
      </Group>

      <Table withTableBorder verticalSpacing={4} aria-label={t('billing.readings')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.readings')}</Table.Th>
            <Table.Th>{t('billing.readingDate')}</Table.Th>
            <Table.Th ta="right">{t('billing.col.kwh')}</Table.Th>
            <Table.Th>{t('billing.readingKind')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(
            [
              ['previous', inv.opening],
              ['present', inv.closing],
            ] as const
          ).map(([which, reading]) => (
            <Table.Tr key={which} data-testid={`reading-${which}`}>
              <Table.Td>{t(`billing.reading.${which}`)}</Table.Td>
              <Table.Td>{readingAt(reading.at)}</Table.Td>
              <Table.Td ta="right">{formatKwh(reading.wh)}</Table.Td>
              <Table.Td>
                {reading.estimated ? (
                  <Badge size="sm" color="orange" variant="light">
                    {t('billing.estimated')}
                  </Badge>
                ) : (
                  <Badge size="sm" color="teal" variant="light">
                    {t('billing.actual')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td colSpan={2} fw={600}>
              {t('billing.billedKwh')}
            </Table.Td>
            <Table.Td ta="right" fw={600}>
              {formatKwh(inv.billedWh)}
            </Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tbody>
      </Table>

      <Table verticalSpacing={4} aria-label={t('billing.lines')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.lines')}</Table.Th>
            <Table.Th ta="right">{t('billing.col.kwh')}</Table.Th>
            <Table.Th ta="right">{t('billing.price')}</Table.Th>
            <Table.Th ta="right">{t('billing.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inv.lines.map((line, index) => (
            <Table.Tr key={`${line.kind}-${index}`}>
              <Table.Td>{line.label}</Table.Td>
              <Table.Td ta="right">{line.wh === null ? '' : formatKwh(line.wh)}</Table.Td>
              <Table.Td ta="right">{price(line.priceMilliMinorPerKwh)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {money(line.amountMinor)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        <Stack gap={6}>
          <Labelled label={t('billing.dueDate')}>
            <Text fw={700} size="sm" data-testid="invoice-due-date">
              {dateText(inv.dueDate)}
            </Text>
          </Labelled>
          <Labelled label={t('billing.paymentLink')}>
            {inv.paymentLink ? (
              <Anchor
                href={inv.paymentLink}
                target="_blank"
                rel="noreferrer"
                size="sm"
                style={{ wordBreak: 'break-all' }}
              >
                {inv.paymentLink}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {inv.status === 'draft' ? t('billing.linkAtFinalise') : t('billing.noLink')}
              </Text>
            )}
          </Labelled>
        </Stack>
        <Stack gap={4} aria-label={t('billing.summary')} role="group">
          <Row label={t('billing.net')} value={money(inv.netMinor)} />
          <Row label={t('billing.vat')} value={money(inv.vatMinor)} />
          <Row label={t('billing.charges')} value={money(inv.chargesMinor)} strong />
          <Row label={t('billing.arrears')} value={money(inv.arrearsMinor)} />
          <Row label={t('billing.paymentsInPeriod')} value={money(-inv.paymentsInPeriodMinor)} />
          <Divider />
          <Row
            label={t('billing.totalDue')}
            value={money(inv.totalDueMinor)}
            strong
            testId="invoice-total-due"
          />
          {inv.openMinor !== null && (
            <Row
              label={t('billing.stillOpen')}
              value={money(inv.openMinor)}
              testId="invoice-open"
            />
          )}
        </Stack>
      </SimpleGrid>

      {inv.notes.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('billing.notes')}
          </Title>
          <Table verticalSpacing={4} aria-label={t('billing.notes')}>
            <Table.Tbody>
              {inv.notes.map((note) => (
                <Table.Tr key={note.number}>
                  <Table.Td ff="monospace">{note.number}</Table.Td>
                  <Table.Td>{t(`billing.noteKind.${note.kind}`)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(note.kind === 'credit' ? -note.amountMinor : note.amountMinor)}
                  </Table.Td>
                  <Table.Td>{note.reason}</Table.Td>
                  <Table.Td>{dateText(note.at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}

      {inv.status === 'final' && mayUse('invoices.note', user.role) && (
        <NoteForm invoiceId={inv.id} />
      )}
    </Stack>
  );
}

function NoteForm(props: { invoiceId: string }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const decimals = settings.currency.decimals;
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const note = useCommandMutation('invoices.note', {
    onSuccess: (invoice) => {
      notifications.show({
        color: 'teal',
        message: t('billing.noteAdded', { number: invoice.notes.at(-1)?.number ?? '' }),
      });
      setOpen(false);
      setAmount('');
      setReason('');
    },
  });
  const errors = serverFieldErrors(t, note.error);

  if (!open) {
    return (
      <Group>
        <Button variant="default" size="xs" onClick={() => setOpen(true)}>
          {t('billing.addNote')}
        </Button>
      </Group>
    );
  }

  const submit = () => {
    const parsed = parseMajorToMinor(amount, decimals);
    if (!parsed.ok) {
      setAmountError(
        parsed.reason === 'decimals'
          ? t('counter.amountDecimals', { decimals })
          : t('counter.amountFormat'),
      );
      return;
    }
    setAmountError(null);
    note.mutate({ invoiceId: props.invoiceId, kind, amountMinor: parsed.minor, reason });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-default-border)' }}>
        <Title order={3} size="h5">
          {t('billing.addNote')}
        </Title>
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value === 'debit' ? 'debit' : 'credit')}
          data={[
            { value: 'credit', label: t('billing.noteKind.credit') },
            { value: 'debit', label: t('billing.noteKind.debit') },
          ]}
          w={320}
        />
        <Text size="xs" c="dimmed">
          {kind === 'credit' ? t('billing.creditHelp') : t('billing.debitHelp')}
        </Text>
        <Group grow align="flex-start">
          <TextInput
            label={t('billing.amount')}
            description={settings.currency.code}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.currentTarget.value)}
            error={amountError ?? errors.amountMinor}
            data-autofocus
          />
          <TextInput
            label={t('billing.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
          />
        </Group>
        {note.error && Object.keys(errors).length === 0 && (
          <Alert color="red" variant="light" role="alert">
            {coreMessage(t, note.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={note.isPending}>
            {t('billing.saveNote')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
