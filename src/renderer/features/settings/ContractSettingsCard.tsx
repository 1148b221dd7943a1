// The terms printed on appliance contracts and how long after a sale one may be cancelled
// (docs/appliances.md). The core checks and keeps them; this card only edits them.
import { Button, Card, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../contract';
import { useCommandMutation } from '../../api/hooks';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';

export function ContractSettingsCard(props: { settings: Settings; canEdit: boolean }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const { contracts } = props.settings;
  const [terms, setTerms] = useState(contracts.terms);
  const [days, setDays] = useState<number | string>(contracts.cancelWithinDays);
  const save = useCommandMutation('settings.update', {
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('settings.saved') });
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The core refuses a bad number by name; an empty box is sent as such and refused there too.
    save.mutate({
      contracts: { terms, cancelWithinDays: typeof days === 'number' ? days : Number(days) },
    });
  };
  const readOnly = !props.canEdit;
  const fieldErrors = serverFieldErrors(t, save.error);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="contract-settings"
    >
      <Title order={2} size="h4" mb="sm" id="contract-settings">
        {t('settings.contractsTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('settings.contractsHelp')}
          </Text>
          <Textarea
            label={t('settings.contractTerms')}
            value={terms}
            readOnly={readOnly}
            autosize
            minRows={4}
            maxRows={14}
            error={fieldErrors['contracts.terms']}
            onChange={(e) => setTerms(e.currentTarget.value)}
          />
          <NumberInput
            label={t('settings.cancelWithinDays')}
            value={days}
            readOnly={readOnly}
            min={0}
            max={90}
            allowDecimal={false}
            error={fieldErrors['contracts.cancelWithinDays']}
            onChange={setDays}
          />
          <ErrorAlert error={save.error} />
          {!readOnly && (
            <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('settings.saveContracts')}
            </Button>
          )}
        </Stack>
      </form>
    </Card>
  );
}
