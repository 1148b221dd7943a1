import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput with a show/hide button whose name does not contain the word
 * "password": otherwise a lookup of the field by its label ("Password") finds the button too.
 */
export function PasswordField(props: PasswordInputProps & { ref?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('common.showCharacters') }}
      {...props}
    />
  );
}
