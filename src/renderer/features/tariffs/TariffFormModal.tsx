import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../contract';
import { energyLines, vatOn } from '../../../domain/tariff';
import { isApiError } from '../../api/client';
import { useCommandMutation } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issueText } from '../../lib/form-errors';
import { formatMoney } from '../../../domain/money-text';
import {
  buildDefinition,
  emptyValues,
  formPath,
  todayIn,
  valuesFrom,
  type Tariff,
  type VersionValues,
} from './tariff-form';
import { maxLengthOf } from '../../lib/limits';
import { commands } from '../../../contract';

const EXAMPLE_KWH = 120;

function Unit(props: { children: string }) {
  return (
    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
      {props.children}
    </Text>
  );
}

/** "120 kWh would cost ...": the energy and levy lines of the form's prices, VAT on top. */
function Example(props: { values: VersionValues }) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const { decimals, code } = settings.currency;
  const { definition } = buildDefinition(t, props.values, decimals);
  const money = (minor: number) => formatMoney(minor, decimals, code, i18n.language);
  let text: string;
  try {
    if (!definition) throw new Error('incomplete');
    const lines = energyLines(definition, EXAMPLE_KWH * 1000);
    const net = lines.reduce((sum, line) => sum + line.amountMinor, 0);
    const vat = vatOn(net, definition);
    text = t('tariffs.form.example', {
      kwh: EXAMPLE_KWH,
      total: money(net + vat),
      net: money(net),
      vat: money(vat),
    });
  } catch {
    text = t('tariffs.form.exampleIncomplete', { kwh: EXAMPLE_KWH });
  }
  return (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)" aria-live="polite">
      <Text size="sm" fw={500}>
        {text}
      </Text>
      {definition?.accessCharge && (
        <Text size="xs" c="dimmed">
          {t('tariffs.form.exampleAccess')}
        </Text>
      )}
    </Paper>
  );
}

/** A new tariff (with its first version) or a new version of `tariff`. */
export function TariffFormModal(props: { tariff?: Tariff; onClose: () => void }) {
  const { t } = useTranslation();
  const { settings } = useMe();
  const { decimals, code } = settings.currency;
  const today = todayIn(settings.office.timeZone);
  const latest = props.tariff?.versions.at(-1);
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const [placed, setPlaced] = useState(0);
  const form = useForm<VersionValues>({
    validateInputOnChange: true,
    initialValues: latest ? valuesFrom(latest, decimals, today) : emptyValues(today),
    validate: (values) => {
      const errors = buildDefinition(t, values, decimals).errors;
      if (!props.tariff && !values.name.trim()) errors.name = t('issues.required');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.effectiveFrom))
        errors.effectiveFrom = t('issues.date');
      // A new version starting before today needs the manager's reason (the core asks too).
      if (props.tariff && values.effectiveFrom < today && !values.reason.trim())
        errors.reason = t('tariffs.form.reasonRequired');
      return errors;
    },
  });
  const perKwh = `${code}/kWh`;

  const options = {
    onSuccess: (saved: Tariff) => {
      notifications.show({
        color: 'teal',
        message: props.tariff
          ? t('tariffs.versionSaved', { name: saved.name })
          : t('tariffs.created', { name: saved.name }),
      });
      props.onClose();
    },
    onError: (error: unknown) => {
      if (!isApiError(error)) return;
      const errors: Record<string, string> = {};
      const rest: FieldIssue[] = [];
      for (const issue of error.issues) {
        const path = formPath(issue.field);
        if (path && !(path in errors)) errors[path] = issueText(t, issue.message);
        else if (!path) rest.push(issue);
      }
      form.setErrors(errors);
      setUnplaced(rest);
      setPlaced(Object.keys(errors).length);
    },
  };
  const create = useCommandMutation('tariffs.create', options);
  const addVersion = useCommandMutation('tariffs.addVersion', options);
  const mutation = props.tariff ? addVersion : create;

  const submit = (values: VersionValues) => {
    const { definition } = buildDefinition(t, values, decimals);
    if (!definition) return;
    setUnplaced([]);
    setPlaced(0);
    const version = {
      effectiveFrom: values.effectiveFrom,
      approvalRef: values.approvalRef.trim(),
      definition,
    };
    const past = values.effectiveFrom < today;
    if (props.tariff)
      addVersion.mutate({
        tariffId: props.tariff.id,
        ...version,
        ...(past ? { reason: values.reason.trim() } : {}),
      });
    else create.mutate({ name: values.name.trim(), ...version });
  };

  const bands = form.values.bands;
  const lastBand = bands.length - 1;

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="xl"
      title={
        props.tariff
          ? t('tariffs.newVersionOf', { name: props.tariff.name })
          : t('tariffs.newTariff')
      }
    >
      <form noValidate onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          {!props.tariff && (
            <TextInput
              label={t('tariffs.form.name')}
              withAsterisk
              data-autofocus
              maxLength={maxLengthOf(commands['tariffs.create'].input, 'name')}
              {...form.getInputProps('name')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="date"
              label={t('tariffs.form.effectiveFrom')}
              description={
                latest
                  ? t('tariffs.form.effectiveFromLatest', { date: latest.effectiveFrom })
                  : undefined
              }
              withAsterisk
              {...form.getInputProps('effectiveFrom')}
            />
            <TextInput
              label={t('tariffs.form.approvalRef')}
              description={t('tariffs.form.approvalRefHelp')}
              maxLength={maxLengthOf(commands['tariffs.create'].input, 'approvalRef')}
              {...form.getInputProps('approvalRef')}
            />
          </SimpleGrid>
          {props.tariff && form.values.effectiveFrom < today && (
            <Textarea
              label={t('tariffs.form.reason')}
              description={t('tariffs.form.reasonHelp')}
              withAsterisk
              autosize
              minRows={2}
              maxLength={maxLengthOf(commands['tariffs.addVersion'].input, 'reason')}
              {...form.getInputProps('reason')}
            />
          )}

          <Divider label={t('tariffs.form.bands')} labelPosition="left" />
          <Text size="xs" c="dimmed">
            {t('tariffs.form.bandsHelp')}
          </Text>
          {bands.map((band, i) => (
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('tariffs.form.uptoKwh', { n: i + 1 })}
                placeholder={i === lastBand ? t('tariffs.form.noLimit') : undefined}
                inputMode="numeric"
                autoComplete="off"
                rightSection={<Unit>kWh</Unit>}
                rightSectionWidth={44}
                {...form.getInputProps(`bands.${i}.upto`)}
              />
              <TextInput
                style={{ flex: 1 }}
                label={t('tariffs.form.pricePerKwh')}
                withAsterisk
                inputMode="decimal"
                autoComplete="off"
                rightSection={<Unit>{perKwh}</Unit>}
                rightSectionWidth={80}
                {...form.getInputProps(`bands.${i}.price`)}
              />
              <ActionIcon
                mt={26}
                size="lg"
                variant="subtle"
                color="red"
                disabled={bands.length === 1}
                onClick={() => form.removeListItem('bands', i)}
                aria-label={t('tariffs.form.removeBand', { n: i + 1 })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="compact-sm"
              variant="light"
              disabled={bands.length >= 10}
              onClick={() => form.insertListItem('bands', { upto: '', price: '' })}
            >
              {t('tariffs.form.addBand')}
            </Button>
          </Group>

          <Divider label={t('tariffs.form.lifeline')} labelPosition="left" />
          <Switch
            label={t('tariffs.form.lifelineOn')}
            description={t('tariffs.form.lifelineHelp')}
            {...form.getInputProps('lifelineOn', { type: 'checkbox' })}
          />
          {form.values.lifelineOn && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('tariffs.form.lifelineKwh')}
                withAsterisk
                inputMode="numeric"
                rightSection={<Unit>kWh</Unit>}
                rightSectionWidth={44}
                {...form.getInputProps('lifelineKwh')}
              />
              <TextInput
                label={t('tariffs.form.pricePerKwh')}
                withAsterisk
                inputMode="decimal"
                rightSection={<Unit>{perKwh}</Unit>}
                rightSectionWidth={80}
                {...form.getInputProps('lifelinePrice')}
              />
            </SimpleGrid>
          )}

          <Divider label={t('tariffs.form.levies')} labelPosition="left" />
          {form.values.levies.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('tariffs.form.noLevies')}
            </Text>
          )}
          {form.values.levies.map((_, i) => (
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('tariffs.form.levyName')}
                withAsterisk
                {...form.getInputProps(`levies.${i}.name`)}
              />
              <TextInput
                style={{ flex: 1 }}
                label={t('tariffs.form.pricePerKwh')}
                withAsterisk
                inputMode="decimal"
                autoComplete="off"
                rightSection={<Unit>{perKwh}</Unit>}
                rightSectionWidth={80}
                {...form.getInputProps(`levies.${i}.price`)}
              />
              <ActionIcon
                mt={26}
                size="lg"
                variant="subtle"
                color="red"
                onClick={() => form.removeListItem('levies', i)}
                aria-label={t('tariffs.form.removeLevy', { n: i + 1 })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="compact-sm"
              variant="light"
              disabled={form.values.levies.length >= 10}
              onClick={() => form.insertListItem('levies', { name: '', price: '' })}
            >
              {t('tariffs.form.addLevy')}
            </Button>
          </Group>

          <Divider label={t('tariffs.form.charges')} labelPosition="left" />
          <Switch
            label={t('tariffs.form.accessOn')}
            {...form.getInputProps('accessOn', { type: 'checkbox' })}
          />
          {form.values.accessOn && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('tariffs.form.accessAmount')}
                withAsterisk
                inputMode="decimal"
                rightSection={<Unit>{code}</Unit>}
                rightSectionWidth={48}
                {...form.getInputProps('accessAmount')}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('tariffs.form.accessPeriod')}
                </Text>
                <SegmentedControl
                  data={[
                    { value: 'daily', label: t('tariffs.period.daily') },
                    { value: 'monthly', label: t('tariffs.period.monthly') },
                  ]}
                  {...form.getInputProps('accessPeriod')}
                />
              </Stack>
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('tariffs.form.minimumPurchase')}
              inputMode="decimal"
              rightSection={<Unit>{code}</Unit>}
              rightSectionWidth={48}
              {...form.getInputProps('minimumPurchase')}
            />
            <TextInput
              label={t('tariffs.form.vat')}
              withAsterisk
              inputMode="decimal"
              rightSection={<Unit>%</Unit>}
              rightSectionWidth={36}
              {...form.getInputProps('vat')}
            />
          </SimpleGrid>

          <Title order={3} size="h6" mt="xs">
            {t('tariffs.form.exampleTitle')}
          </Title>
          <Example values={form.values} />

          {unplaced.length > 0 && (
            <Alert color="red" variant="light" role="alert" title={t('tariffs.form.problems')}>
              <Stack gap={2}>
                {unplaced.map((issue, i) => (
                  <Text key={i} size="sm">
                    {issue.field ? `${issue.field}: ` : ''}
                    {issueText(t, issue.message)}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
          {unplaced.length === 0 && placed > 0 && (
            <Alert color="red" variant="light" role="alert">
              {t('tariffs.form.fixMarked', { count: placed })}
            </Alert>
          )}
          {unplaced.length === 0 && placed === 0 && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {props.tariff ? t('tariffs.saveVersion') : t('tariffs.createTariff')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
