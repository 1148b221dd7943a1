// Billing settings of one mini-grid: when the cycle closes, how near the period end a reading
// must be, when invoices fall due, how far back an estimate looks, and the payment link (a
// provider's page, or a custom template). Managers and admins edit; everyone reads.
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BillingSettings } from '../../../contract';
import { PAYMENT_PROVIDERS } from '../../../domain/vocabulary';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { useSiteTree } from '../../components/SitePickers';
import { coreMessage } from '../../lib/core-message';
import { serverFieldErrors } from '../../lib/form-errors';
import { miniGridOptions } from '../../lib/sites';
import { mayUse } from '../shell/areas';

export function SettingsTab() {
  const { t } = useTranslation();
  const { clusters, isPending } = useSiteTree();
  const options = useMemo(() => miniGridOptions(clusters), [clusters]);
  const [picked, setPicked] = useState<string | null>(null);
  const miniGridId = picked ?? options[0]?.items[0]?.value ?? null;

  return (
    <Stack maw={720}>
      <Select
        label={t('billing.miniGrid')}
        data={options}
        value={miniGridId}
        onChange={setPicked}
        searchable
        allowDeselect={false}
        nothingFoundMessage={isPending ? t('common.loading') : t('common.nothingFound')}
        w={360}
      />
      {miniGridId && <SettingsForm key={miniGridId} miniGridId={miniGridId} />}
    </Stack>
  );
}

function SettingsForm(props: { miniGridId: string }) {
  const query = useCommandQuery('billing.getSettings', { miniGridId: props.miniGridId });
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!query.data) return <LoadingBlock />;
  return <SettingsFields initial={query.data} key={JSON.stringify(query.data)} />;
}

const numberOrNull = (value: string | number) =>
  value === '' || value === null ? null : Number(value);

function SettingsFields(props: { initial: BillingSettings }) {
  const { t } = useTranslation();
  const { user } = useMe();
  const editable = mayUse('billing.saveSettings', user.role);
  const [values, setValues] = useState<BillingSettings>(props.initial);
  const save = useCommandMutation('billing.saveSettings', {
    onSuccess: () => notifications.show({ color: 'teal', message: t('billing.settingsSaved') }),
  });
  const errors = serverFieldErrors(t, save.error);
  const set = <K extends keyof BillingSettings>(key: K, value: BillingSettings[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const provider = values.provider;
  const presets = provider !== 'none' && provider !== 'custom';

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-label={t('billing.tabs.settings')}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({
            ...values,
            providerPage: presets ? values.providerPage?.trim() || null : null,
            linkTemplate: provider === 'custom' ? values.linkTemplate?.trim() || null : null,
          });
        }}
      >
        <Stack>
          <Group grow align="flex-start">
            <NumberInput
              label={t('billing.settings.closeDay')}
              description={t('billing.settings.closeDayHelp')}
              min={1}
              max={28}
              allowDecimal={false}
              value={values.closeDay ?? ''}
              onChange={(value) => set('closeDay', numberOrNull(value))}
              error={errors.closeDay}
              disabled={!editable}
            />
            <NumberInput
              label={t('billing.settings.windowDays')}
              description={t('billing.settings.windowDaysHelp')}
              min={0}
              max={15}
              allowDecimal={false}
              value={values.windowDays}
              onChange={(value) => set('windowDays', Number(value || 0))}
              error={errors.windowDays}
              disabled={!editable}
            />
          </Group>
          <Group grow align="flex-start">
            <NumberInput
              label={t('billing.settings.dueDays')}
              description={t('billing.settings.dueDaysHelp')}
              min={0}
              max={90}
              allowDecimal={false}
              value={values.dueDays}
              onChange={(value) => set('dueDays', Number(value || 0))}
              error={errors.dueDays}
              disabled={!editable}
            />
            <NumberInput
              label={t('billing.settings.lookback')}
              description={t('billing.settings.lookbackHelp')}
              min={7}
              max={365}
              allowDecimal={false}
              value={values.estimateLookbackDays}
              onChange={(value) => set('estimateLookbackDays', Number(value || 0))}
              error={errors.estimateLookbackDays}
              disabled={!editable}
            />
          </Group>
          <Select
            label={t('billing.settings.provider')}
            data={PAYMENT_PROVIDERS.map((p) => ({ value: p, label: t(`billing.provider.${p}`) }))}
            value={provider}
            allowDeselect={false}
            onChange={(value) => value && set('provider', value)}
            error={errors.provider}
            disabled={!editable}
            w={320}
          />
          {presets && (
            <TextInput
              label={t('billing.settings.providerPage')}
              description={t('billing.settings.providerPageHelp')}
              placeholder="https://"
              value={values.providerPage ?? ''}
              onChange={(event) => set('providerPage', event.currentTarget.value)}
              error={errors.providerPage}
              disabled={!editable}
            />
          )}
          {provider === 'custom' && (
            <TextInput
              label={t('billing.settings.template')}
              description={t('billing.settings.templateHelp', {
                fields: '{invoice}, {amount}, {account}, {currency}',
              })}
              placeholder="https://pay.example.com/?ref={invoice}&amount={amount}"
              value={values.linkTemplate ?? ''}
              onChange={(event) => set('linkTemplate', event.currentTarget.value)}
              error={errors.linkTemplate}
              disabled={!editable}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
          )}
          {save.error && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert">
              {coreMessage(t, save.error)}
            </Alert>
          )}
          {editable ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('billing.settings.readOnly')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
