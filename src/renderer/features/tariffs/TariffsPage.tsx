import { ActionIcon, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { commands, roleMayCall } from '../../../contract';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatDay } from '../../lib/format';
import { basisPointsToPercent, formatMoney, formatPricePerKwh } from '../../../domain/money-text';
import { SiteAssignDialog } from './SiteAssignDialog';
import { TariffFormModal } from './TariffFormModal';
import type { Tariff, TariffVersionView } from './tariff-form';

const NUM = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

function useFormatters() {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const { decimals, code } = settings.currency;
  return {
    price: (milli: number) => formatPricePerKwh(milli, decimals, code),
    money: (minor: number) => formatMoney(minor, decimals, code, i18n.language),
    day: (date: string) => formatDay(date, i18n.language),
    t,
  };
}

function Versions(props: { tariff: Tariff }) {
  const { t, price: spaced, money, day } = useFormatters();
  // Keep "150 NGN/kWh" on one line when the cell wraps.
  const price = (milli: number) => spaced(milli).replace(/ /g, '\u00a0');
  const bandsText = (v: TariffVersionView) => {
    let from = 0;
    return v.definition.bands.map((band) => {
      const text =
        band.uptoKwh === null
          ? from === 0
            ? t('tariffs.bandAll', { price: price(band.priceMilliMinorPerKwh) })
            : t('tariffs.bandAbove', { from, price: price(band.priceMilliMinorPerKwh) })
          : t('tariffs.bandRange', {
              from,
              upto: band.uptoKwh,
              price: price(band.priceMilliMinorPerKwh),
            });
      if (band.uptoKwh !== null) from = band.uptoKwh;
      return text;
    });
  };
  const current = props.tariff.current?.id;
  return (
    <Table.ScrollContainer minWidth={0}>
      <Table withTableBorder verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tariffs.colVersion')}</Table.Th>
            <Table.Th>{t('tariffs.colEffectiveFrom')}</Table.Th>
            <Table.Th>{t('tariffs.colBands')}</Table.Th>
            <Table.Th>{t('tariffs.colLifeline')}</Table.Th>
            <Table.Th>{t('tariffs.colLevies')}</Table.Th>
            <Table.Th>{t('tariffs.colAccess')}</Table.Th>
            <Table.Th ta="right">{t('tariffs.colMinimum')}</Table.Th>
            <Table.Th ta="right">{t('tariffs.colVat')}</Table.Th>
            <Table.Th>{t('tariffs.colApproval')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...props.tariff.versions].reverse().map((v) => {
            const d = v.definition;
            return (
              <Table.Tr key={v.id}>
                <Table.Td style={NUM}>
                  <Stack gap={2} align="flex-start">
                    {`v${v.version}`}
                    {v.id === current && (
                      <Text
                        size="xs"
                        c="teal"
                        fw={700}
                        tt="uppercase"
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {t('tariffs.inForce')}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td style={NUM}>{day(v.effectiveFrom)}</Table.Td>
                <Table.Td>
                  {bandsText(v).map((text, i) => (
                    <Text key={i} size="sm">
                      {text}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {d.lifeline
                    ? t('tariffs.lifelineText', {
                        kwh: d.lifeline.kwh,
                        price: price(d.lifeline.priceMilliMinorPerKwh),
                      })
                    : '—'}
                </Table.Td>
                <Table.Td>
                  {d.levies.length === 0
                    ? '—'
                    : d.levies.map((levy, i) => (
                        <Text key={i} size="sm">
                          {`${levy.name}: ${price(levy.perKwhMilliMinor)}`}
                        </Text>
                      ))}
                </Table.Td>
                <Table.Td>
                  {d.accessCharge
                    ? t(`tariffs.accessText.${d.accessCharge.period}`, {
                        amount: money(d.accessCharge.amountMinor),
                      })
                    : '—'}
                </Table.Td>
                <Table.Td ta="right" style={NUM}>
                  {money(d.minimumPurchaseMinor)}
                </Table.Td>
                <Table.Td ta="right" style={NUM}>
                  {`${basisPointsToPercent(d.vatBasisPoints)} %`}
                </Table.Td>
                <Table.Td>{v.approvalRef || '—'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Tariffs: what a kWh costs, version by version, and how many meters pay each. */
export function TariffsPage() {
  const { t, price, day } = useFormatters();
  const { user } = useMe();
  const list = useCommandQuery('tariffs.list', {});
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Tariff | 'new' | null>(null);
  const [assigning, setAssigning] = useState<Tariff | null>(null);
  const mayCreate = roleMayCall(commands['tariffs.create'].access, user.role);
  const mayAddVersion = roleMayCall(commands['tariffs.addVersion'].access, user.role);
  const rows = list.data?.tariffs ?? [];
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = mayAddVersion ? 7 : 6;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('tariffs.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tariffs.intro')}
          </Text>
        </div>
        {mayCreate && <Button onClick={() => setEditing('new')}>{t('tariffs.newTariff')}</Button>}
      </Group>
      {list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 && (
        <Paper withBorder radius="md" p="lg">
          <Text c="dimmed" ta="center">
            {mayCreate ? t('tariffs.noneYet') : t('tariffs.noneYetReadOnly')}
          </Text>
        </Paper>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40} />
                <Table.Th>{t('tariffs.colName')}</Table.Th>
                <Table.Th>{t('tariffs.colCurrent')}</Table.Th>
                <Table.Th>{t('tariffs.colApproval')}</Table.Th>
                <Table.Th ta="right">{t('tariffs.colPrepaidPrice')}</Table.Th>
                <Table.Th ta="right">{t('tariffs.colMeters')}</Table.Th>
                {mayAddVersion && <Table.Th w={250} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((tariff) => {
                const expanded = open.has(tariff.id);
                const current = tariff.current;
                const next = tariff.versions.find(
                  (v) => current === null || v.effectiveFrom > current.effectiveFrom,
                );
                return (
                  <Fragment key={tariff.id}>
                    <Table.Tr>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => toggle(tariff.id)}
                          aria-expanded={expanded}
                          aria-label={t(
                            expanded ? 'tariffs.hideVersions' : 'tariffs.showVersions',
                            {
                              name: tariff.name,
                            },
                          )}
                        >
                          <span
                            aria-hidden="true"
                            style={{
                              display: 'inline-block',
                              transition: 'transform 150ms',
                              transform: expanded ? 'rotate(90deg)' : 'none',
                            }}
                          >
                            ›
                          </span>
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td fw={500}>
                        {tariff.name}
                        <Text size="xs" c="dimmed">
                          {t('tariffs.versionCount', { count: tariff.versions.length })}
                        </Text>
                      </Table.Td>
                      <Table.Td style={NUM}>
                        {current ? (
                          <>
                            {`v${current.version} · ${t('tariffs.since', { date: day(current.effectiveFrom) })}`}
                          </>
                        ) : (
                          <Text span size="sm" c="orange">
                            {t('tariffs.notYetInForce')}
                          </Text>
                        )}
                        {next && (
                          <Text size="xs" c="dimmed">
                            {t('tariffs.nextVersion', {
                              version: next.version,
                              date: day(next.effectiveFrom),
                            })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{current?.approvalRef || '—'}</Table.Td>
                      <Table.Td ta="right" style={NUM} fw={500}>
                        {current ? price(current.prepaidUnitPriceMilliMinorPerKwh) : '—'}
                      </Table.Td>
                      <Table.Td ta="right" style={NUM}>
                        {tariff.meters}
                      </Table.Td>
                      {mayAddVersion && (
                        <Table.Td ta="right">
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => setAssigning(tariff)}
                              aria-label={t('tariffs.site.title', { name: tariff.name })}
                            >
                              {t('tariffs.site.button')}
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              onClick={() => setEditing(tariff)}
                              aria-label={t('tariffs.newVersionOf', { name: tariff.name })}
                            >
                              {t('tariffs.newVersion')}
                            </Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={columns} p="sm" bg="var(--mantine-color-default-hover)">
                          <Versions tariff={tariff} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        {t('tariffs.prepaidHelp')}
      </Text>
      {assigning && <SiteAssignDialog tariff={assigning} onClose={() => setAssigning(null)} />}
      {editing && (
        <TariffFormModal
          key={editing === 'new' ? 'new' : editing.id}
          tariff={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
