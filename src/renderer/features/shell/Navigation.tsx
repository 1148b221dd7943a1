import { NavLink, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Role } from '../../../contract';
import { visibleAreas } from './areas';

/** Links to the areas this role may use; nothing else (no links to pages that do not exist). */
export function Navigation(props: { role: Role; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Stack component="nav" gap={2} aria-label={t('nav.label')}>
      {visibleAreas(props.role).map((area) => {
        const active = location.pathname.startsWith(area.path);
        return (
          <NavLink
            key={area.path}
            component={Link}
            to={area.path}
            label={t(area.labelKey)}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={props.onNavigate}
          />
        );
      })}
    </Stack>
  );
}
