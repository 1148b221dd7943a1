import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { commandNames } from '../../../contract';
import { NO_FILTERS, type AuditFilterValues } from './audit-filters';

/** Filters apply when the user presses Enter or "Apply filters", not on every key. */
export function AuditFilters(props: { onApply: (filters: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const form = useForm<AuditFilterValues>({
    initialValues: NO_FILTERS,
    validate: {
      to: (value, values) =>
        value && values.from && value < values.from ? t('audit.toBeforeFrom') : null,
    },
  });
  const commandOptions = useMemo(() => [...commandNames].sort(), []);

  return (
    <form onSubmit={form.onSubmit(props.onApply)} noValidate role="search">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <TextInput type="date" label={t('audit.from')} {...form.getInputProps('from')} />
        <TextInput type="date" label={t('audit.to')} {...form.getInputProps('to')} />
        <TextInput
          label={t('audit.user')}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          {...form.getInputProps('actor')}
        />
        <Select
          label={t('audit.command')}
          data={commandOptions}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          {...form.getInputProps('command')}
          value={form.values.command || null}
          onChange={(value: string | null) => form.setFieldValue('command', value ?? '')}
        />
        <TextInput label={t('audit.text')} maxLength={200} {...form.getInputProps('text')} />
        <Select
          label={t('audit.outcome')}
          placeholder={t('list.any')}
          data={[
            { value: 'ok', label: t('audit.outcomeOk') },
            { value: 'refused', label: t('audit.outcomeRefused') },
          ]}
          clearable
          value={form.values.outcome || null}
          onChange={(value: string | null) => form.setFieldValue('outcome', value ?? '')}
        />
        <Select
          label={t('audit.signIns')}
          placeholder={t('audit.signInsShow')}
          data={[
            { value: 'hide', label: t('audit.signInsHide') },
            { value: 'only', label: t('audit.signInsOnly') },
          ]}
          clearable
          value={form.values.signIns || null}
          onChange={(value: string | null) => form.setFieldValue('signIns', value ?? '')}
        />
      </SimpleGrid>
      <Group mt="sm" gap="xs">
        <Button type="submit" variant="light">
          {t('audit.apply')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => {
            form.reset();
            props.onApply(NO_FILTERS);
          }}
        >
          {t('audit.clear')}
        </Button>
      </Group>
    </form>
  );
}
