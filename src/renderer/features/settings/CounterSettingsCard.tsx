// How counter payments are split (docs/domain.md §5: each debt step on or off) and the largest
// payment a cashier may take. The core applies these; this card only edits them.
import { Button, Card, Checkbox, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../contract';
import { minorToMajorInput, parseMajorToMinor } from '../../../domain/money-text';
import { useCommandMutation } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';

export function CounterSettingsCard(props: { settings: Settings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const { counter, currency } = props.settings;
  const [instalments, setInstalments] = useState(counter.payInstalmentsFirst);
  const [accessDebt, setAccessDebt] = useState(counter.payAccessDebtFirst);
  const [ceiling, setCeiling] = useState(
    minorToMajorInput(counter.maxPaymentMinor, currency.decimals),
  );
  const [ceilingError, setCeilingError] = useState<string | null>(null);
  const save = useCommandMutation('settings.update', {
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('settings.saved') });
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseMajorToMinor(ceiling, currency.decimals);
    if (!parsed.ok) {
      setCeilingError(
        parsed.reason === 'decimals'
          ? t('issues.moneyDecimals', { count: currency.decimals })
          : parsed.reason === 'empty'
            ? t('issues.required')
            : t('issues.money'),
      );
      return;
    }
    setCeilingError(null);
    save.mutate({
      counter: {
        payInstalmentsFirst: instalments,
        payAccessDebtFirst: accessDebt,
        maxPaymentMinor: parsed.minor,
      },
    });
  };
  const readOnly = !props.canEdit;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="counter-settings"
    >
      <Title order={2} size="h4" mb="sm" id="counter-settings">
        {t('settings.counterTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('settings.counterHelp')}
          </Text>
          <Checkbox
            label={t('settings.payInstalmentsFirst')}
            checked={instalments}
            disabled={readOnly}
            onChange={(e) => setInstalments(e.currentTarget.checked)}
          />
          <Checkbox
            label={t('settings.payAccessDebtFirst')}
            checked={accessDebt}
            disabled={readOnly}
            onChange={(e) => setAccessDebt(e.currentTarget.checked)}
          />
          <TextInput
            label={t('settings.maxPayment', { currency: currency.code })}
            value={ceiling}
            readOnly={readOnly}
            error={ceilingError}
            onChange={(e) => setCeiling(e.currentTarget.value)}
          />
          <ErrorAlert error={save.error} />
          {!readOnly && (
            <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('settings.saveCounter')}
            </Button>
          )}
        </Stack>
      </form>
    </Card>
  );
}
