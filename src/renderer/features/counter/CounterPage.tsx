// The counter: find the customer or device, type the amount, see what it buys, take the money
// and read the token out. Keyboard only is enough: the search has the focus on arrival, arrows
// and Enter choose, Enter in the amount confirms once the preview is ready, Escape starts over.
import {
  Alert,
  Badge,
  Button,
  Card,
  Combobox,
  Group,
  Loader,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf, SearchHit } from '../../../contract';
import type { ApiError } from '../../api/client';
import { commandKey, useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe, useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchIcon } from '../../components/icons';
import { formatMoney, parseMajorToMinor } from '../../../domain/money-text';
import { formatInstant } from '../../lib/format';
import {
  PAYMENT_METHODS,
  paymentNeedsReference,
  type PaymentMethod,
} from '../../../domain/payment-methods';
import { coreMessage } from '../../lib/core-message';
import { counterMessage, counterWarning } from '../../lib/counter-messages';
import { fetchReceipt, openPdfForPrint, receiptsAvailable } from './receipts';
import {
  allocationsText,
  daysOf,
  InvoiceSettlement,
  MeterPreviewFacts,
  MeterResultFacts,
  MeterResultToken,
} from './MeterSale';
import { RecentPayments } from './RecentPayments';
import { CustomerDevices } from '../search/CustomerDevices';
import { SearchHitOption } from '../search/SearchHitOption';
import { StatementModal } from '../billing/Statement';
import { ContractResult } from '../contracts/ContractResult';

type Method = PaymentMethod;
const METHODS = PAYMENT_METHODS;

type Sale = OutputOf<'payments.preview'>['sale'];
type RecordResult = OutputOf<'payments.record'> & {
  /** What the preview said the sale was, kept with the result (days, energy, or invoices). */
  sale: Sale;
};

interface Picked {
  id: string;
  serial: string;
  detail: string;
}

const optionValue = (hit: SearchHit) => `${hit.kind}:${hit.id}`;

export { coreMessage };

export { daysOf };

export function CounterPage() {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const { call } = useSession();
  const decimals = settings.currency.decimals;
  const money = (minor: number) =>
    formatMoney(minor, decimals, settings.currency.code, i18n.language);

  const searchRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const afterSaleRef = useRef<HTMLButtonElement>(null);
  const submissionKey = useRef<string | null>(null);
  const saleOfPreview = useRef<Sale>('days');
  const deviceButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const queryClient = useQueryClient();

  const [query, setQuery] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [device, setDevice] = useState<Picked | null>(null);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<Method>('cash');
  const [reference, setReference] = useState('');
  const [referenceError, setReferenceError] = useState<string | null>(null);
  const [result, setResult] = useState<RecordResult | null>(null);
  const [printedOnce, setPrintedOnce] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [statementOf, setStatementOf] = useState<string | null>(null);
  // Enter in the amount asks first and takes the payment on the second Enter: a sale is never
  // made by one key press. The sale the cashier armed is remembered by what it would record, so
  // changing the device, amount, method or reference asks again.
  const [armed, setArmed] = useState('');

  useEffect(() => searchRef.current?.focus(), []);

  // --- Search -------------------------------------------------------------------------------
  const [debouncedQuery] = useDebouncedValue(query.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const search = useCommandQuery(
    'search.quick',
    { q: debouncedQuery, limit: 12 },
    { enabled: debouncedQuery.length > 0, placeholderData: keepPreviousData, staleTime: 5_000 },
  );
  const hits = debouncedQuery ? (search.data?.hits ?? []) : [];
  // The first hit is ready for Enter, also when the same search comes back from the cache.
  useEffect(() => {
    if (hits.length > 0) combobox.selectFirstOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search.data, debouncedQuery]);

  const chooseDevice = (picked: Picked) => {
    setDevice(picked);
    submissionKey.current = null;
  };
  // Once a device is chosen (and the amount field enabled for it), the amount takes the keys.
  useEffect(() => {
    if (device) amountRef.current?.focus();
  }, [device]);

  const onHit = (key: string) => {
    const hit = hits.find((h) => optionValue(h) === key);
    if (!hit) return;
    combobox.closeDropdown();
    setQuery('');
    if (hit.kind === 'device') {
      setCustomerId(hit.customerId);
      chooseDevice({ id: hit.id, serial: hit.title, detail: hit.subtitle });
    } else {
      setCustomerId(hit.id);
      setDevice(null);
      submissionKey.current = null;
      // One device: it is the one. Several: the first is ready for the arrows and Enter.
      const input = { id: hit.id };
      void queryClient
        .fetchQuery({
          queryKey: commandKey('customers.get', input),
          queryFn: () => call('customers.get', input),
        })
        .then((data) => {
          const only = data.devices.length === 1 ? data.devices[0] : undefined;
          if (only) {
            chooseDevice({
              id: only.id,
              serial: only.serial,
              detail: `${only.manufacturer} ${only.model}`,
            });
          } else {
            window.setTimeout(() => deviceButtons.current[0]?.focus(), 0);
          }
        })
        .catch(() => undefined);
    }
  };

  // --- Customer's devices -------------------------------------------------------------------
  const customer = useCommandQuery(
    'customers.get',
    { id: customerId ?? '' },
    { enabled: customerId !== null },
  );
  const devices = customer.data?.devices ?? [];

  // --- Amount and preview -------------------------------------------------------------------
  const parsed = parseMajorToMinor(amount, decimals);
  // Above the counter's ceiling is said as the cashier types, in money, before any preview.
  const tooLarge = parsed.ok
    ? parsed.minor > settings.counter.maxPaymentMinor
    : parsed.reason === 'range';
  const amountMinor = parsed.ok && parsed.minor > 0 && !tooLarge ? parsed.minor : null;
  const amountError =
    amount.trim() === ''
      ? null
      : tooLarge
        ? t('counter.amountTooLarge', { amount: money(settings.counter.maxPaymentMinor) })
        : parsed.ok
          ? parsed.minor === 0
            ? t('counter.amountZero')
            : null
          : parsed.reason === 'decimals'
            ? t('counter.amountDecimals', { decimals })
            : t('counter.amountFormat');
  const previewKey = device && amountMinor !== null ? `${device.id}|${amountMinor}` : '';
  const [debouncedKey] = useDebouncedValue(previewKey, 300);
  const [previewDevice = '', previewAmount = '0'] = debouncedKey.split('|');
  const preview = useCommandQuery(
    'payments.preview',
    { deviceId: previewDevice, amountMinor: Number(previewAmount) },
    { enabled: debouncedKey !== '' && result === null, retry: false, staleTime: 0 },
  );
  const previewCurrent = debouncedKey !== '' && debouncedKey === previewKey;
  const ready = previewCurrent && preview.isSuccess && !preview.isFetching;
  const saleKey = previewKey === '' ? '' : `${previewKey}|${method}|${reference.trim()}`;
  const askedToConfirm = saleKey !== '' && armed === saleKey;

  // --- Record -------------------------------------------------------------------------------
  const record = useCommandMutation('payments.record', {
    onSuccess: (data) => {
      submissionKey.current = null;
      setResult({ ...data, sale: saleOfPreview.current });
      setPrintedOnce(false);
      setConfirmed(false);
      window.setTimeout(() => afterSaleRef.current?.focus(), 0);
    },
  });

  /** Enter in the amount or reference: the first asks, the second (same sale) takes it. */
  const enter = () => {
    if (!device || amountMinor === null || record.isPending) return;
    if (askedToConfirm) submit();
    else setArmed(saleKey);
  };

  const submit = () => {
    if (!device || amountMinor === null || !ready || record.isPending) return;
    if (paymentNeedsReference(method) && reference.trim() === '') {
      setReferenceError(t('counter.referenceRequired'));
      referenceRef.current?.focus();
      return;
    }
    // One key per attempt, kept for retries, so the same sale is recorded once.
    submissionKey.current ??= crypto.randomUUID();
    saleOfPreview.current = preview.data?.sale ?? 'days';
    record.mutate({
      submissionKey: submissionKey.current,
      deviceId: device.id,
      amountMinor,
      method,
      reference: reference.trim() === '' ? null : reference.trim(),
    });
  };

  // --- After the sale -----------------------------------------------------------------------
  const printing = useMutation<void, ApiError, { paymentId: string; reprint: boolean }>({
    mutationFn: async (input) => {
      const pdf = await fetchReceipt(call, input);
      await openPdfForPrint(pdf);
    },
    onError: (error) =>
      notifications.show({
        color: 'red',
        title: t('counter.printFailed'),
        message: counterMessage(t, error),
      }),
  });
  const print = (paymentId: string, reprint: boolean) => {
    printing.mutate({ paymentId, reprint });
    if (!reprint) setPrintedOnce(true);
  };

  const confirmEntered = useCommandMutation('tokens.confirmEntered', {
    onSuccess: () => setConfirmed(true),
  });

  const next = () => {
    setArmed('');
    setResult(null);
    setQuery('');
    setCustomerId(null);
    setDevice(null);
    setAmount('');
    setMethod('cash');
    setReference('');
    setReferenceError(null);
    submissionKey.current = null;
    record.reset();
    confirmEntered.reset();
    window.setTimeout(() => searchRef.current?.focus(), 0);
  };

  // Esc starts over for the next customer, from anywhere on the counter (the inputs pass it on
  // below, since hotkeys are ignored while typing); an open dropdown or dialog takes it first.
  useHotkeys([['Escape', () => statementOf === null && next()]]);
  const escapeFromInput = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape' || combobox.dropdownOpened) return;
    event.preventDefault();
    next();
  };

  const canPrint = receiptsAvailable();
  // Every token of the payment, in count order (the first one is also `token`).
  const tokens = result ? result.tokens : [];
  // What the sale bought, as the core planned it (null for a repeated submission).
  const plan = result?.plan ?? null;
  const tokenIds = result ? result.tokens.map((tk) => tk.id) : [];
  const postpaid =
    (device !== null && devices.find((d) => d.id === device.id)?.billingMode === 'postpaid') ||
    (previewCurrent && preview.data?.sale === 'invoices');
  const statementCustomer = customerId ?? (previewCurrent ? preview.data?.customer.id : null);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('counter.title')}
      </Title>
      <Stack gap="md" maw={900}>
        <div>
          {result ? (
            <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="sale">
              <Stack gap="md">
                <Group justify="space-between">
                  <Title order={2} size="h3" id="sale">
                    {t('counter.paid')}
                  </Title>
                  {result.duplicate && <Badge color="yellow">{t('counter.duplicate')}</Badge>}
                </Group>
                {result.sale === 'invoices' ? (
                  <InvoiceSettlement
                    customerId={result.payment.customer.id}
                    allocations={result.allocations}
                    money={money}
                    preview={false}
                  />
                ) : result.sale === 'energy' && tokens.length === 0 ? (
                  <MeterResultToken
                    vendorToken={result.vendorToken}
                    wh={plan?.kind === 'energy' ? plan.wh : 0}
                  />
                ) : (
                  <Stack gap={4} aria-label={t('counter.tokens')}>
                    <Text size="sm" c="dimmed">
                      {tokens.length > 1 ? t('counter.tokens') : t('counter.token')}
                    </Text>
                    {tokens.length === 0 && <Text>{t('counter.noToken')}</Text>}
                    {tokens.map((tk, index) => (
                      <Text
                        key={tk.id || index}
                        ff="monospace"
                        fz={48}
                        fw={700}
                        lh={1.15}
                        data-testid="token"
                        style={{ letterSpacing: '0.04em' }}
                      >
                        {tk.grouped}
                      </Text>
                    ))}
                  </Stack>
                )}
                <Group gap="xl" align="flex-start">
                  {plan?.kind === 'energy' ? (
                    <MeterResultFacts wh={plan.wh} allocations={result.allocations} money={money} />
                  ) : plan?.kind === 'days' ||
                    // A payment that pays a contract off buys no days: its token is the unlock.
                    (plan?.kind === 'contract' && !(plan.paidOff && plan.days === 0)) ? (
                    <Fact label={t('counter.daysBought')} value={String(plan.days)} />
                  ) : null}
                  <Fact label={t('counter.receipt')} value={result.payment.receiptNumber} />
                  <Fact label={t('counter.amountPaid')} value={money(result.payment.amountMinor)} />
                  <Fact label={t('counter.customer')} value={result.payment.customer.name} />
                </Group>
                {result.allocations.length > 1 && result.sale !== 'invoices' && (
                  <Text size="sm" c="dimmed" data-testid="sale-parts">
                    {allocationsText(t, result.allocations, money)}
                  </Text>
                )}
                {plan?.kind === 'days' && (
                  <Text fw={600} data-testid="paid-until">
                    {plan.unlocks
                      ? t('counter.daysUnlocked', { count: plan.days })
                      : plan.paidUntil
                        ? t('counter.daysUntil', {
                            count: plan.days,
                            until: formatInstant(
                              plan.paidUntil,
                              settings.office.timeZone,
                              i18n.language,
                            ),
                          })
                        : null}
                  </Text>
                )}
                {plan?.kind === 'contract' && <ContractResult contractId={plan.contractId} />}
                {result.warnings.map((warning) => (
                  <Alert key={warning} color="yellow" variant="light">
                    {counterWarning(t, warning)}
                  </Alert>
                ))}
                <ErrorAlert error={confirmEntered.error} />
                <Group>
                  {canPrint && (
                    <Button
                      ref={afterSaleRef}
                      size="md"
                      loading={printing.isPending}
                      onClick={() => print(result.payment.id, printedOnce)}
                    >
                      {t('counter.print')}
                    </Button>
                  )}
                  {canPrint && (
                    <Button
                      size="md"
                      variant="default"
                      disabled={printing.isPending}
                      onClick={() => print(result.payment.id, true)}
                    >
                      {t('counter.reprint')}
                    </Button>
                  )}
                  {tokenIds.length > 0 && (
                    <Button
                      size="md"
                      variant="light"
                      color={confirmed ? 'teal' : undefined}
                      loading={confirmEntered.isPending}
                      disabled={confirmed}
                      onClick={() => confirmEntered.mutate({ tokenIds })}
                    >
                      {confirmed ? t('counter.enteredDone') : t('counter.confirmEntered')}
                    </Button>
                  )}
                  <Button
                    ref={canPrint ? undefined : afterSaleRef}
                    size="md"
                    variant="outline"
                    onClick={next}
                  >
                    {t('counter.next')}
                  </Button>
                  <Text size="xs" c="dimmed">
                    {t('counter.escHint')}
                  </Text>
                </Group>
              </Stack>
            </Card>
          ) : (
            <Card withBorder radius="md" padding="lg">
              <Stack gap="md">
                <Combobox
                  store={combobox}
                  onOptionSubmit={onHit}
                  width="target"
                  position="bottom-start"
                >
                  <Combobox.Target>
                    <TextInput
                      ref={searchRef}
                      size="md"
                      label={t('counter.search')}
                      placeholder={t('counter.searchPlaceholder')}
                      value={query}
                      autoComplete="off"
                      spellCheck={false}
                      leftSection={<SearchIcon />}
                      rightSection={
                        search.isFetching && debouncedQuery ? <Loader size={14} /> : null
                      }
                      onChange={(event) => {
                        setQuery(event.currentTarget.value);
                        combobox.openDropdown();
                        combobox.updateSelectedOptionIndex();
                      }}
                      maxLength={100}
                      onFocus={() => query.trim() && combobox.openDropdown()}
                      onBlur={() => combobox.closeDropdown()}
                      onKeyDown={escapeFromInput}
                    />
                  </Combobox.Target>
                  <Combobox.Dropdown hidden={!debouncedQuery}>
                    <Combobox.Options aria-label={t('search.results')}>
                      {hits.map((hit) => (
                        <SearchHitOption
                          hit={hit}
                          value={optionValue(hit)}
                          key={optionValue(hit)}
                        />
                      ))}
                      {search.data && !search.isPlaceholderData && hits.length === 0 && (
                        <Combobox.Empty>
                          {t('search.nothing', { text: debouncedQuery })}
                        </Combobox.Empty>
                      )}
                    </Combobox.Options>
                  </Combobox.Dropdown>
                </Combobox>

                {customerId && !device && (
                  <CustomerDevices
                    label={t('counter.chooseDevice')}
                    heading={
                      customer.data
                        ? t('counter.devicesOf', { name: customer.data.customer.displayName })
                        : t('common.loading')
                    }
                    emptyText={t('counter.noDevices')}
                    loaded={customer.data !== undefined}
                    devices={devices}
                    error={customer.error}
                    buttonsRef={deviceButtons}
                    onChoose={chooseDevice}
                    onEscape={() => {
                      setCustomerId(null);
                      searchRef.current?.focus();
                    }}
                  />
                )}

                {device && (
                  <Card withBorder radius="sm" padding="sm" bg="var(--mantine-color-default-hover)">
                    <Group justify="space-between" wrap="nowrap">
                      <div style={{ minWidth: 0 }}>
                        <Text size="xs" c="dimmed">
                          {t('counter.device')}
                        </Text>
                        <Text ff="monospace" fw={700} size="lg">
                          {device.serial}
                        </Text>
                        <Text size="sm" truncate="end">
                          {preview.data && previewCurrent
                            ? `${preview.data.customer.name} · ${preview.data.customer.accountNumber}`
                            : device.detail}
                        </Text>
                      </div>
                      <Group gap="xs" wrap="nowrap">
                        {postpaid && statementCustomer && (
                          <Button
                            variant="light"
                            size="xs"
                            onClick={() => setStatementOf(statementCustomer)}
                          >
                            {t('statement.button')}
                          </Button>
                        )}
                        <Button
                          variant="subtle"
                          size="xs"
                          onClick={() => {
                            setDevice(null);
                            setCustomerId(null);
                            submissionKey.current = null;
                            searchRef.current?.focus();
                          }}
                        >
                          {t('counter.change')}
                        </Button>
                      </Group>
                    </Group>
                  </Card>
                )}

                <Group grow align="flex-start">
                  <TextInput
                    ref={amountRef}
                    size="md"
                    label={t('counter.amount')}
                    description={settings.currency.code}
                    inputMode="decimal"
                    autoComplete="off"
                    value={amount}
                    error={amountError}
                    disabled={record.isPending || device === null}
                    maxLength={20}
                    onChange={(event) => setAmount(event.currentTarget.value)}
                    onKeyDown={(event) => {
                      escapeFromInput(event);
                      if (event.key === 'Enter') {
                        event.preventDefault();
                        enter();
                      }
                    }}
                  />
                  <Select
                    size="md"
                    label={t('counter.method')}
                    data={METHODS.map((m) => ({ value: m, label: t(`counter.methods.${m}`) }))}
                    value={method}
                    allowDeselect={false}
                    disabled={record.isPending}
                    onChange={(value) => {
                      if (value) setMethod(value);
                      setReferenceError(null);
                    }}
                  />
                </Group>
                {paymentNeedsReference(method) && (
                  <TextInput
                    ref={referenceRef}
                    size="md"
                    label={t('counter.reference')}
                    withAsterisk
                    autoComplete="off"
                    value={reference}
                    error={referenceError}
                    disabled={record.isPending}
                    maxLength={120}
                    onChange={(event) => {
                      setReference(event.currentTarget.value);
                      setReferenceError(null);
                    }}
                    onKeyDown={(event) => {
                      escapeFromInput(event);
                      if (event.key === 'Enter') {
                        event.preventDefault();
                        enter();
                      }
                    }}
                  />
                )}

                <PreviewPanel
                  active={previewKey !== ''}
                  loading={!previewCurrent || preview.isFetching}
                  data={previewCurrent ? preview.data : undefined}
                  error={previewCurrent ? preview.error : null}
                  money={money}
                />

                {askedToConfirm && amountMinor !== null && !record.isPending && (
                  <Alert color="blue" variant="light" role="status" data-testid="confirm-prompt">
                    {ready
                      ? t('counter.pressEnterAgain', { amount: money(amountMinor) })
                      : t('counter.previewing')}
                  </Alert>
                )}

                {record.error && (
                  <Alert color="red" variant="light" role="alert" title={t('counter.notRecorded')}>
                    {counterMessage(t, record.error)}
                  </Alert>
                )}

                <Button size="lg" onClick={submit} disabled={!ready} loading={record.isPending}>
                  {t('counter.confirm')}
                </Button>
              </Stack>
            </Card>
          )}
        </div>
        <div>
          {device && (
            <RecentPayments
              deviceId={device.id}
              canPrint={canPrint}
              onReprint={(paymentId) => print(paymentId, true)}
              printing={printing.isPending}
            />
          )}
          {statementOf && (
            <StatementModal customerId={statementOf} onClose={() => setStatementOf(null)} />
          )}
        </div>
      </Stack>
    </Stack>
  );
}

function Fact(props: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="lg" fw={600}>
        {props.value}
      </Text>
    </div>
  );
}

function PreviewPanel(props: {
  active: boolean;
  loading: boolean;
  data: OutputOf<'payments.preview'> | undefined;
  error: ApiError | null;
  money: (minor: number) => string;
}) {
  const { t } = useTranslation();
  if (!props.active) return null;
  if (props.error) {
    return (
      <Alert color="red" variant="light" role="alert" title={t('counter.refused')}>
        {counterMessage(t, props.error)}
      </Alert>
    );
  }
  if (!props.data) {
    return (
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm">{t('counter.previewing')}</Text>
      </Group>
    );
  }
  const p = props.data;
  const credit = p.allocations
    .filter((a) => a.kind === 'credit')
    .reduce((sum, a) => sum + a.amountMinor, 0);
  return (
    <Card
      withBorder
      radius="sm"
      padding="sm"
      aria-label={t('counter.preview')}
      role="region"
      style={{ opacity: props.loading ? 0.6 : 1 }}
    >
      <Stack gap="xs">
        {p.sale === 'invoices' ? (
          <InvoiceSettlement
            customerId={p.customer.id}
            allocations={p.allocations}
            money={props.money}
            preview
          />
        ) : p.sale === 'energy' ? (
          <MeterPreviewFacts data={p} money={props.money} />
        ) : (
          <Group gap="xl">
            <Fact label={t('counter.daysBought')} value={String(p.days)} />
            <Fact
              label={t('counter.dailyPrice')}
              value={p.dailyPriceMinor === null ? '—' : props.money(p.dailyPriceMinor)}
            />
            <Fact label={t('counter.creditLeft')} value={props.money(credit)} />
            <Fact label={t('counter.tokenCount')} value={String(p.tokenCount)} />
          </Group>
        )}
        {p.unlocks && <Badge color="teal">{t('counter.unlocks')}</Badge>}
        {p.allocations.length > 1 && p.sale !== 'invoices' && (
          <Text size="sm" c="dimmed" data-testid="preview-parts">
            {allocationsText(t, p.allocations, props.money)}
          </Text>
        )}
        {p.outstandingTokens > 0 && (
          <Alert color="yellow" variant="light">
            {t('counter.outstanding', { n: p.outstandingTokens })}
          </Alert>
        )}
        {p.warnings.map((warning) => (
          <Alert key={warning} color="yellow" variant="light">
            {counterWarning(t, warning)}
          </Alert>
        ))}
      </Stack>
    </Card>
  );
}
