import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function LoadingBlock(props: { label?: string; fullPage?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center mih={props.fullPage ? '100vh' : 160} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text c="dimmed" size="sm">
          {props.label ?? t('common.loading')}
        </Text>
      </Stack>
    </Center>
  );
}
