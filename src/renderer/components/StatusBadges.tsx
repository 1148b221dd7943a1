import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DEVICE_STATUS_COLORS, type DeviceStatus } from '../lib/labels';

export function CustomerStatusBadge(props: { status: 'active' | 'inactive' }) {
  const { t } = useTranslation();
  return (
    <Badge color={props.status === 'active' ? 'teal' : 'gray'} variant="light">
      {t(`enums.customerStatus.${props.status}`)}
    </Badge>
  );
}

export function DeviceStatusBadge(props: { status: DeviceStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={DEVICE_STATUS_COLORS[props.status]} variant="light">
      {t(`enums.deviceStatus.${props.status}`)}
    </Badge>
  );
}
