// "How do I…" for the screen in front of the user (Help in the header, or F1), with a link to
// the printable one-page guide of their role.
import { Anchor, Drawer, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../api/session';
import { areaOf, helpKey, helpLines } from './help-content';

export function HelpDrawer(props: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const area = areaOf(pathname);
  const { user } = useMe();
  const lines = area ? helpLines(t, helpKey(area), user.role, (k) => i18n.exists(k)) : [];
  return (
    <Drawer
      opened={props.opened}
      onClose={props.onClose}
      position="right"
      size="md"
      title={t('help.title', { screen: area ? t(area.labelKey) : 'GridDesk' })}
    >
      <Stack gap="md">
        {lines.length === 0 ? (
          <Text c="dimmed">{t('help.none')}</Text>
        ) : (
          <List spacing="sm" aria-label={t('help.button')}>
            {lines.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        )}
        <Anchor component={Link} to="/guide" onClick={props.onClose}>
          {t('help.guideLink')}
        </Anchor>
      </Stack>
    </Drawer>
  );
}
