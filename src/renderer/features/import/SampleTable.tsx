import { ScrollArea, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useSiteTree } from '../../components/SitePickers';
import { fieldLabel, sampleKeyToField } from './import-problems';

/** Ids the clerk cannot read; the village and model are shown by name instead. */
const HIDDEN = new Set(['line', 'manufacturerId', 'customerId']);
const ENUMS: Record<string, string> = {
  status: 'deviceStatus',
  billingMode: 'billingMode',
  gender: 'gender',
};

/** The first rows as GridDesk understood them: what will be written, with names, not ids. */
export function SampleTable(props: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const { preview } = props;
  const { clusters } = useSiteTree();
  const models = useCommandQuery('models.list', {}, { enabled: preview.kind !== 'customers' });
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const cluster of clusters)
      for (const grid of cluster.miniGrids)
        for (const village of grid.villages) map.set(village.id, village.name);
    for (const model of models.data?.models ?? [])
      map.set(model.id, `${model.manufacturer} ${model.name}`);
    return map;
  }, [clusters, models.data]);

  const first = preview.sample[0];
  if (!first) return null;
  const keys = Object.keys(first).filter((key) => !HIDDEN.has(key));
  const labels = new Map(preview.fields.map((f) => [f.field, f.label]));

  const show = (key: string, value: string | null): string => {
    if (value === null) return '';
    if (key === 'keyHex') return '••••••••';
    if (key === 'villageId' || key === 'modelId') return names.get(value) ?? value;
    if (key === 'kind') {
      return preview.kind === 'customers'
        ? t(`enums.customerKind.${value}`, { defaultValue: value })
        : t(`enums.deviceKind.${value}`, { defaultValue: value });
    }
    if (key === 'status' && preview.kind === 'customers') {
      return t(`enums.customerStatus.${value}`, { defaultValue: value });
    }
    if (key === 'restrictedDigits') return value === 'true' ? t('common.yes') : t('common.no');
    const enumName = ENUMS[key];
    return enumName ? t(`enums.${enumName}.${value}`, { defaultValue: value }) : value;
  };

  return (
    <ScrollArea type="auto">
      <Table
        verticalSpacing={4}
        withTableBorder
        striped
        aria-label={t('import.sampleTitle')}
        style={{ whiteSpace: 'nowrap' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">{t('import.colLine')}</Table.Th>
            {keys.map((key) => {
              const field = sampleKeyToField(key);
              return (
                <Table.Th key={key}>
                  {key === 'kind' && preview.kind !== 'customers'
                    ? t('devices.colKind')
                    : fieldLabel(t, field, labels.get(field) ?? key)}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.sample.map((row, index) => (
            <Table.Tr key={row.line ?? index}>
              <Table.Td ta="right">
                <Text size="sm" c="dimmed">
                  {row.line}
                </Text>
              </Table.Td>
              {keys.map((key) => (
                <Table.Td key={key}>{show(key, row[key] ?? null)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
