import { Badge, Box, Burger, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/session';
import { ColorSchemeToggle } from '../../components/ColorSchemeToggle';
import { LanguagePicker } from '../../components/LanguagePicker';
import { QuickSearch } from '../search/QuickSearch';

interface Props {
  me: Me;
  navOpened: boolean;
  onToggleNav: () => void;
  onLock: () => void;
  onSignOut: () => void;
  onHelp: () => void;
  locking: boolean;
}

/** Company and office, quick search, who is signed in, help, language, colours, Lock and Sign out. */
export function HeaderBar(props: Props) {
  const { t } = useTranslation();
  const { user, settings } = props.me;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: '0 1 auto' }}>
        <Burger
          opened={props.navOpened}
          onClick={props.onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={t('header.menu')}
        />
        <Text fw={700} c="teal" visibleFrom="xs">
          GridDesk
        </Text>
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate="end">
            {settings.company.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {t('header.office', { name: settings.office.name, code: settings.office.code })}
          </Text>
        </div>
      </Group>
      <Box style={{ flex: '1 1 320px', maxWidth: 460, minWidth: 140 }}>
        <QuickSearch />
      </Box>
      <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
        <Group gap={6} wrap="nowrap" visibleFrom="lg" aria-label={t('header.signedInAs')}>
          <Text size="sm" fw={500}>
            {user.displayName}
          </Text>
          <Badge variant="light" size="sm">
            {t(`roles.${user.role}`)}
          </Badge>
        </Group>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={props.onHelp}
          title={t('help.buttonHint')}
        >
          {t('help.button')}
        </Button>
        <LanguagePicker />
        <ColorSchemeToggle />
        <Button
          variant="light"
          size="compact-sm"
          onClick={props.onLock}
          loading={props.locking}
          title={t('header.lockHint')}
        >
          {t('header.lock')}
        </Button>
        <Button variant="default" size="compact-sm" onClick={props.onSignOut}>
          {t('header.signOut')}
        </Button>
      </Group>
    </Group>
  );
}
