// "Edit link": how GridDesk reaches one meter (protocol, port, profile, bus address, line settings)
// and the kWh a day above which a reading is flagged. The core checks everything.
import {
  Button,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { MeterLink } from '../../../contract';
import { METER_PROTOCOLS, type MeterProtocol } from '../../../domain/vocabulary';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { serverFieldErrors } from '../../lib/form-errors';
import { ProfileProblems, profileLabel } from './meter-parts';
import { LineOverrideFields, PortInput, type LineOverrides } from './PortFields';

type Protocol = MeterProtocol;

interface Values {
  protocol: Protocol;
  port: string;
  profileId: string | null;
  busAddress: string;
  line: LineOverrides;
  maxKwhPerDay: number | string;
}

function lineOf(link: MeterLink | null): LineOverrides {
  if (!link) return {};
  const out: LineOverrides = {};
  if (link.baud !== null) out.baud = link.baud;
  if (link.dataBits === 7 || link.dataBits === 8) out.dataBits = link.dataBits;
  if (link.parity !== null) out.parity = link.parity;
  if (link.stopBits === 1 || link.stopBits === 2) out.stopBits = link.stopBits;
  return out;
}

export function MeterLinkModal(props: {
  deviceId: string;
  serial: string;
  link: MeterLink | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const profiles = useCommandQuery('meters.profiles', {});
  const form = useForm<Values>({
    initialValues: {
      protocol: props.link?.protocol ?? 'modbus-rtu',
      port: props.link?.port ?? '',
      profileId: props.link?.profileId ?? null,
      busAddress: props.link?.busAddress ?? '',
      line: lineOf(props.link),
      maxKwhPerDay: props.link?.maxKwhPerDay ?? 100,
    },
  });
  const save = useCommandMutation('meters.configure', {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('meters.link.saved') });
      props.onClose();
    },
    onError: (error) => form.setErrors(serverFieldErrors(t, error)),
  });
  const values = form.values;
  const modbus = values.protocol === 'modbus-rtu';
  const profile = profiles.data?.profiles.find((p) => p.id === values.profileId) ?? null;
  const errors = form.errors as Record<string, string>;

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('meters.link.editTitle', { serial: props.serial })}
      size="lg"
    >
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          save.mutate({
            deviceId: props.deviceId,
            protocol: v.protocol,
            port: v.port.trim() || null,
            profileId: modbus ? v.profileId : null,
            busAddress: v.busAddress.trim() || null,
            baud: v.line.baud ?? null,
            dataBits: v.line.dataBits ?? null,
            parity: v.line.parity ?? null,
            stopBits: v.line.stopBits ?? null,
            maxKwhPerDay: typeof v.maxKwhPerDay === 'number' ? v.maxKwhPerDay : 100,
          }),
        )}
      >
        <Stack gap="sm">
          <Select
            label={t('meters.link.protocol')}
            data={METER_PROTOCOLS.map((p) => ({ value: p, label: t(`meters.protocols.${p}`) }))}
            value={values.protocol}
            onChange={(v) => form.setFieldValue('protocol', v ?? 'modbus-rtu')}
            allowDeselect={false}
            error={errors.protocol}
            data-autofocus
          />
          <PortInput
            value={values.port}
            onChange={(v) => form.setFieldValue('port', v)}
            description={t('meters.link.portHelp')}
            error={errors.port}
          />
          {modbus && (
            <>
              <ProfileProblems problems={profiles.data?.problems ?? []} />
              <Select
                label={t('meters.profile')}
                placeholder={t('meters.chooseProfile')}
                data={(profiles.data?.profiles ?? []).map((p) => ({
                  value: p.id,
                  label: profileLabel(p),
                }))}
                value={values.profileId}
                onChange={(v) => form.setFieldValue('profileId', v)}
                searchable
                clearable
                error={errors.profileId}
              />
            </>
          )}
          <TextInput
            label={t('meters.link.busAddress')}
            description={t(
              values.protocol === 'dlt645'
                ? 'meters.link.busAddressDlt'
                : 'meters.link.busAddressHelp',
            )}
            value={values.busAddress}
            onChange={(e) => form.setFieldValue('busAddress', e.currentTarget.value)}
            error={errors.busAddress}
            spellCheck={false}
          />
          <Fieldset legend={t('meters.lineOverrides')}>
            <LineOverrideFields
              value={values.line}
              onChange={(v) => form.setFieldValue('line', v)}
              defaults={profile?.defaults ?? props.link?.effective ?? null}
              errors={errors}
              narrow
            />
          </Fieldset>
          <NumberInput
            label={t('meters.link.maxKwhPerDay')}
            description={t('meters.link.maxKwhPerDayHelp')}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            {...form.getInputProps('maxKwhPerDay')}
          />
          <ErrorAlert error={Object.keys(errors).length > 0 ? null : save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
