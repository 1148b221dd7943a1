import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage } from '../i18n';

/** The language menu of the header; the choice is kept on this PC. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  const name = LANGUAGES.find((language) => language.code === active)?.name ?? active;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          size="compact-sm"
          aria-label={`${t('header.language')}: ${name}`}
          lang={i18n.language}
        >
          {name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.language')}</Menu.Label>
        {LANGUAGES.map((language) => (
          <Menu.Item
            key={language.code}
            lang={language.code}
            onClick={() => setLanguage(language.code)}
            aria-current={language.code === active ? 'true' : undefined}
            fw={language.code === active ? 700 : undefined}
          >
            {language.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
