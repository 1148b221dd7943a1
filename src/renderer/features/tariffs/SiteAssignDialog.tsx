// Put every meter of a mini-grid or village on a tariff at once (managers). The count of meters
// that change, and the tariffs they are on now, come from the core (tariffs.previewSiteAssign)
// before anything changes; the assignment itself is one audited command.
import { Alert, Button, Group, List, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SiteCascader } from '../../components/SitePickers';
import { billingModeOptions } from '../../lib/labels';
import type { SiteSelection } from '../../lib/sites';
import type { Tariff } from './tariff-form';

type Scope = InputOf<'tariffs.assignSite'>['scope'];

function scopeOf(site: SiteSelection, billingMode: string | null): Scope | null {
  const mode = billingMode === 'prepaid' || billingMode === 'postpaid' ? billingMode : undefined;
  if (site.villageId) return { villageId: site.villageId, ...(mode ? { billingMode: mode } : {}) };
  if (site.miniGridId)
    return { miniGridId: site.miniGridId, ...(mode ? { billingMode: mode } : {}) };
  return null;
}

export function SiteAssignDialog(props: { tariff: Tariff; onClose: () => void }) {
  const { t } = useTranslation();
  const [site, setSite] = useState<SiteSelection>({});
  const [billingMode, setBillingMode] = useState<string | null>(null);
  const scope = scopeOf(site, billingMode);
  const onlyCluster = Boolean(site.clusterId) && scope === null;
  const preview = useCommandQuery(
    'tariffs.previewSiteAssign',
    { tariffId: props.tariff.id, scope: scope ?? {} },
    { enabled: scope !== null, staleTime: 0 },
  );
  const assign = useCommandMutation('tariffs.assignSite', {
    onSuccess: (result) => {
      notifications.show({
        color: 'teal',
        message: t('tariffs.site.done', {
          count: result.assigned,
          name: result.tariff.name,
          place: preview.data?.place ?? '',
        }),
      });
      props.onClose();
    },
  });
  const p = scope !== null ? preview.data : undefined;

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={t('tariffs.site.title', { name: props.tariff.name })}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('tariffs.site.help')}
        </Text>
        <SiteCascader value={site} onChange={setSite} />
        {onlyCluster && (
          <Text size="sm" c="orange">
            {t('tariffs.site.chooseGrid')}
          </Text>
        )}
        <Select
          label={t('tariffs.site.billingMode')}
          placeholder={t('tariffs.site.allMeters')}
          data={billingModeOptions(t)}
          value={billingMode}
          onChange={setBillingMode}
          clearable
        />
        <ErrorAlert error={preview.error ?? assign.error} />
        {p && (
          <Alert
            color={p.changing > 0 ? 'blue' : 'gray'}
            variant="light"
            role="status"
            title={t('tariffs.site.previewTitle', {
              count: p.changing,
              name: props.tariff.name,
            })}
          >
            <Text size="sm">
              {t('tariffs.site.previewMeters', { count: p.meters, place: p.place })}
            </Text>
            {p.from.length > 0 && (
              <List size="sm" mt={4}>
                {p.from.map((row) => (
                  <List.Item key={row.tariff ?? ''}>
                    {t('tariffs.site.nowOn', {
                      count: row.meters,
                      tariff: row.tariff ?? t('tariffs.site.noTariff'),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!p || p.changing === 0 || preview.isFetching}
            loading={assign.isPending}
            onClick={() => scope && assign.mutate({ tariffId: props.tariff.id, scope })}
          >
            {p
              ? t('tariffs.site.confirm', { count: p.changing, name: props.tariff.name })
              : t('tariffs.site.confirmNone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
