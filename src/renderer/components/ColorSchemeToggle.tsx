import { Button, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Light/dark switch; Mantine keeps the choice on this PC. */
export function ColorSchemeToggle() {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Button variant="subtle" size="compact-sm" onClick={() => setColorScheme(next)}>
      {next === 'dark' ? t('header.darkMode') : t('header.lightMode')}
    </Button>
  );
}
