// First start: company, office, first administrator, review. One form shaped like the setup
// command's input, checked step by step with the contract's own schema; the core checks again and
// its field errors land on the same inputs (and the wizard goes back to that step).
import { Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { commands } from '../../../contract';
import { useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicFrame } from '../../components/PublicFrame';
import { schemaIssues, serverFieldErrors, toFormErrors } from '../../lib/form-errors';
import { AdminStep } from './AdminStep';
import { CompanyStep } from './CompanyStep';
import { OfficeStep } from './OfficeStep';
import { ReviewStep } from './ReviewStep';
import { JoinCompany } from './JoinCompany';
import { RestoreFromBackup } from './RestoreFromBackup';
import {
  firstStepWithError,
  initialSetupValues,
  REVIEW_STEP,
  stepOfField,
  toSetupInput,
  type SetupValues,
} from './setup-form';

function focusFirstError(): void {
  requestAnimationFrame(() => {
    const input = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    input?.focus();
  });
}

export function SetupWizard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { call, signedIn } = useSession();
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<SetupValues>({ initialValues: initialSetupValues() });
  const [restoring, setRestoring] = useState(false);
  const [joining, setJoining] = useState(false);

  const allErrors = (values: SetupValues) =>
    toFormErrors(t, schemaIssues(commands['setup.initialise'].input, toSetupInput(values)));

  const next = () => {
    const errors = allErrors(form.getValues());
    const here = Object.fromEntries(
      Object.entries(errors).filter(([field]) => stepOfField(field) === active),
    );
    form.setErrors(here);
    if (Object.keys(here).length > 0) {
      focusFirstError();
      return;
    }
    setActive((step) => Math.min(step + 1, REVIEW_STEP));
  };

  const create = async (values: SetupValues) => {
    setError(null);
    const errors = allErrors(values);
    const step = firstStepWithError(errors);
    if (step !== null) {
      form.setErrors(errors);
      setActive(step);
      focusFirstError();
      return;
    }
    try {
      const result = await call('setup.initialise', toSetupInput(values));
      await signedIn(result.session);
      if (result.demo) {
        notifications.show({
          color: 'teal',
          title: t('setup.demoLoadedTitle'),
          message: t('setup.demoLoaded', {
            customers: result.demo.customers,
            miniGrids: result.demo.miniGrids,
          }),
        });
      }
      void navigate('/dashboard');
    } catch (caught) {
      const fieldErrors = serverFieldErrors(t, caught);
      const back = firstStepWithError(fieldErrors);
      if (back !== null) {
        form.setErrors(fieldErrors);
        setActive(back);
        focusFirstError();
      }
      setError(caught);
    }
  };

  const submit = form.onSubmit(async (values) => {
    if (active < REVIEW_STEP) next();
    else await create(values);
  });

  const goTo = (step: number) => {
    if (step < active) setActive(step);
  };

  if (restoring) return <RestoreFromBackup onCancel={() => setRestoring(false)} />;
  if (joining) return <JoinCompany onCancel={() => setJoining(false)} />;

  return (
    <PublicFrame size={880}>
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="lg">
            <div>
              <Title order={1} size="h2">
                {t('setup.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('setup.intro')}
              </Text>
              <Stack gap={0} align="flex-start">
                <Button variant="subtle" px={0} onClick={() => setRestoring(true)}>
                  {t('setup.restoreInstead')}
                </Button>
                <Button variant="subtle" px={0} onClick={() => setJoining(true)}>
                  {t('setup.joinInstead')}
                </Button>
              </Stack>
            </div>
            <Stepper active={active} onStepClick={goTo} allowNextStepsSelect={false} size="sm">
              <Stepper.Step label={t('setup.stepCompany')} description={t('setup.stepCompanyHelp')}>
                <CompanyStep form={form} />
              </Stepper.Step>
              <Stepper.Step label={t('setup.stepOffice')} description={t('setup.stepOfficeHelp')}>
                <OfficeStep form={form} />
              </Stepper.Step>
              <Stepper.Step label={t('setup.stepAdmin')} description={t('setup.stepAdminHelp')}>
                <AdminStep form={form} />
              </Stepper.Step>
              <Stepper.Step label={t('setup.stepReview')} description={t('setup.stepReviewHelp')}>
                <ReviewStep form={form} />
              </Stepper.Step>
            </Stepper>
            <ErrorAlert error={error} />
            {form.submitting && active === REVIEW_STEP && (
              <Text size="sm" c="dimmed" role="status">
                {form.values.loadDemo ? t('setup.creatingWithDemo') : t('setup.creating')}
              </Text>
            )}
            <Group justify="space-between">
              <Button
                variant="default"
                onClick={() => setActive((step) => Math.max(step - 1, 0))}
                disabled={active === 0 || form.submitting}
              >
                {t('common.back')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {active < REVIEW_STEP ? t('common.next') : t('setup.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </PublicFrame>
  );
}
