// The look of GridDesk: Mantine defaults with a calm primary colour and a colour-scheme choice
// kept on this PC.
import { createTheme, localStorageColorSchemeManager, Select } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  components: {
    // Mantine keeps closed option lists in the page, labelled like their input: label lookups
    // (screen readers' lists of fields, getByLabel in tests) would then find two "Country"s.
    Select: Select.extend({ defaultProps: { comboboxProps: { keepMounted: false } } }),
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({
  key: 'griddesk.color-scheme',
});
