// The look of GridDesk: Mantine defaults with a calm primary colour and a colour-scheme choice
// kept on this PC.
import {
  Badge,
  createTheme,
  localStorageColorSchemeManager,
  NumberInput,
  PasswordInput,
  Select,
  Textarea,
  TextInput,
} from '@mantine/core';
import { SAFETY_MAX_LENGTH } from './lib/limits';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  components: {
    // Mantine keeps closed option lists in the page, labelled like their input: label lookups
    // (screen readers' lists of fields, getByLabel in tests) would then find two "Country"s.
    Select: Select.extend({ defaultProps: { comboboxProps: { keepMounted: false } } }),
    // Every text input has a length limit, so pasting megabytes cannot freeze the page; forms
    // set the contract's own limit of the field (lib/limits.ts), which is always smaller.
    TextInput: TextInput.extend({ defaultProps: { maxLength: SAFETY_MAX_LENGTH.input } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { maxLength: SAFETY_MAX_LENGTH.input } }),
    Textarea: Textarea.extend({ defaultProps: { maxLength: SAFETY_MAX_LENGTH.textarea } }),
    // A number outside an input's range is kept as typed and refused with a message by the
    // form's check; Mantine's default would silently change it to the nearest allowed value.
    NumberInput: NumberInput.extend({ defaultProps: { clampBehavior: 'none' } }),
    // A badge is a status word: shown whole, never cut to "INSTALA…" when a table column is
    // narrow (a table widens the column instead; ServerTable sizes its columns for their badges).
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({
  key: 'griddesk.color-scheme',
});
