// One quick-search result as a combobox option: kind icon, title and subtitle. Shared by the
// header search and the counter's customer-or-device field.
import { Combobox, Group, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../contract';
import { DeviceIcon, PersonIcon } from '../../components/icons';

export function SearchHitOption({ hit, value }: { hit: SearchHit; value: string }) {
  const { t } = useTranslation();
  return (
    <Combobox.Option value={value}>
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon
          variant="light"
          color={hit.kind === 'customer' ? 'teal' : 'indigo'}
          size="md"
          radius="xl"
          aria-label={t(`search.kind.${hit.kind}`)}
        >
          {hit.kind === 'customer' ? <PersonIcon /> : <DeviceIcon />}
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={500} truncate="end">
            {hit.title}
          </Text>
          <Text size="xs" truncate="end" opacity={0.75}>
            {hit.subtitle}
          </Text>
        </div>
      </Group>
    </Combobox.Option>
  );
}
