// The one-page guide of a role, made from the help of the screens that role can open (and only
// the lines about what it may do there); printed
// with the browser's or the desktop's print (the header and menu are left out of the print).
import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../contract';
import { useMe } from '../../api/session';
import { GUIDE_ROLES, guideAreas, helpKey, helpLines } from './help-content';

export function GuidePage() {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const [role, setRole] = useState<Role>(user.role);
  const roleName = t(`roles.${role}`);
  return (
    <Stack gap="sm" maw={860}>
      <Group justify="space-between" align="flex-end" data-no-print>
        <Select
          label={t('help.guide.role')}
          data={GUIDE_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(value) => {
            const next = GUIDE_ROLES.find((r) => r === value);
            if (next) setRole(next);
          }}
          allowDeselect={false}
          w={240}
        />
        <Button onClick={() => window.print()}>{t('help.guide.print')}</Button>
      </Group>
      <article aria-label={t('help.guide.title', { role: roleName })}>
        <Title order={1} size="h3">
          {t('help.guide.title', { role: roleName })}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('help.guide.intro', { role: roleName, company: settings.company.name })}
        </Text>
        <Text size="sm" fw={500} mb="sm">
          {t(`help.roles.${role}`)}
        </Text>
        {guideAreas(role).map((area) => {
          const lines = helpLines(t, helpKey(area), role, (k) => i18n.exists(k));
          if (lines.length === 0) return null;
          return (
            <section key={area.path} style={{ breakInside: 'avoid', marginBottom: 8 }}>
              <Title order={2} size="h6">
                {t(area.labelKey)}
              </Title>
              {lines.map((line) => (
                <Text key={line} size="xs">
                  {line}
                </Text>
              ))}
            </section>
          );
        })}
        <Text size="xs" c="dimmed" mt="sm">
          {t('help.guide.footer')}
        </Text>
      </article>
    </Stack>
  );
}
