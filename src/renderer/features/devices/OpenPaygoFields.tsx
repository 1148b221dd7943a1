import { Fieldset, NumberInput, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';

type InputProps = (path: string, options?: { type?: 'input' | 'checkbox' }) => object;

/**
 * The manufacturer's credentials for one device. The key is typed like a password and never
 * shown again by GridDesk: only "Key set" appears afterwards.
 */
export function OpenPaygoFields(props: {
  getInputProps: InputProps;
  prefix: string;
  help?: string;
}) {
  const { t } = useTranslation();
  const p = (field: string) => (props.prefix ? `${props.prefix}.${field}` : field);
  return (
    <Fieldset legend={t('devices.openpaygo.legend')} radius="md">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          {props.help ?? t('devices.openpaygo.help')}
        </Text>
        <PasswordField
          label={t('devices.openpaygo.key')}
          description={t('devices.openpaygo.keyHelp')}
          autoComplete="off"
          spellCheck={false}
          {...props.getInputProps(p('key'))}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <NumberInput
            label={t('devices.openpaygo.startingCode')}
            allowDecimal={false}

            hideControls
            {...props.getInputProps(p('startingCode'))}
          />
          <NumberInput
            label={t('devices.openpaygo.count')}
            allowDecimal={false}

            hideControls
            {...props.getInputProps(p('count'))}
          />
          <NumberInput
            label={t('devices.openpaygo.timeDivider')}
            allowDecimal={false}

            min={1}
            max={255}
            hideControls
            {...props.getInputProps(p('timeDivider'))}
          />
        </SimpleGrid>
        <Switch
          label={t('devices.openpaygo.restrictedDigits')}
          description={t('devices.openpaygo.restrictedDigitsHelp')}
          {...props.getInputProps(p('restrictedDigits'), { type: 'checkbox' })}
        />
      </Stack>
    </Fieldset>
  );
}
