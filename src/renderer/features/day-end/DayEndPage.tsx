// Day-end: the signed-in user's own Z report for a day, and for managers every cashier of that
// day with their net total, their report, its print and the close (after which the cashier takes
// no more payments under their name that day). The core adds up and enforces; this page shows.
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract';
import { formatMoney } from '../../../domain/money-text';
import { useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { mayUse } from '../shell/areas';
import { CloseDayModal } from './CloseDayModal';
import { useZPrint } from './use-z-print';
import { ZReportCard } from './ZReportCard';

export type CashierDay = OutputOf<'dayEnd.cashiers'>['rows'][number];

/** Today's date (yyyy-mm-dd) in the office's time zone, whatever the PC's zone. */
export function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function DayEndPage() {
  const { t } = useTranslation();
  const { user, settings } = useMe();
  const today = todayIn(settings.office.timeZone);
  const [dayText, setDayText] = useState(today);
  const day = DAY_RE.test(dayText) ? dayText : today;
  const [viewing, setViewing] = useState<string | null>(null);
  const supervisor = mayUse('dayEnd.cashiers', user.role);
  const shown = viewing && viewing !== user.username ? viewing : undefined;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('dayEnd.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {supervisor ? t('dayEnd.introManager') : t('dayEnd.intro')}
          </Text>
        </div>
        <TextInput
          type="date"
          label={t('dayEnd.day')}
          value={dayText}
          max={today}
          onChange={(event) => {
            setDayText(event.currentTarget.value);
            setViewing(null);
          }}
          w={180}
        />
      </Group>
      {supervisor && (
        <CashiersCard day={day} viewing={shown ?? null} onView={(name) => setViewing(name)} />
      )}
      <ZReportCard
        key={`${day}|${shown ?? ''}`}
        day={day}
        cashier={shown}
        actions={
          shown && (
            <Button size="xs" variant="subtle" onClick={() => setViewing(null)}>
              {t('dayEnd.backToMine')}
            </Button>
          )
        }
      />
    </Stack>
  );
}

function CashiersCard(props: {
  day: string;
  viewing: string | null;
  onView: (cashier: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useMe();
  const list = useCommandQuery('dayEnd.cashiers', { day: props.day });
  const print = useZPrint();
  const [closing, setClosing] = useState<CashierDay | null>(null);
  const money = (minor: number) =>
    formatMoney(minor, settings.currency.decimals, settings.currency.code, i18n.language);
  const rows = list.data?.rows ?? [];

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="cashiers">
      <Title order={2} size="h4" id="cashiers" mb="sm">
        {t('dayEnd.cashiers')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.isPending && !list.error && <LoadingBlock />}
      {list.data && rows.length === 0 && <Text c="dimmed">{t('dayEnd.noCashiers')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={t('dayEnd.cashiers')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dayEnd.col.cashier')}</Table.Th>
                <Table.Th ta="right">{t('dayEnd.col.receipts')}</Table.Th>
                <Table.Th ta="right">{t('dayEnd.col.net')}</Table.Th>
                <Table.Th>{t('dayEnd.col.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.cashier}
                  data-testid={`cashier-${row.cashier}`}
                  bg={
                    props.viewing === row.cashier ? 'var(--mantine-primary-color-light)' : undefined
                  }
                >
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {row.cashierDisplayName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {row.cashier}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{row.receipts}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="cashier-net">
                    {money(row.netMinor)}
                  </Table.Td>
                  <Table.Td>
                    {row.closed ? (
                      <Badge color="gray" variant="filled">
                        {t('dayEnd.closed')}
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        {t('dayEnd.open')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={t('dayEnd.viewNamed', { name: row.cashierDisplayName })}
                        onClick={() => props.onView(row.cashier)}
                      >
                        {t('dayEnd.view')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        disabled={print.isPending}
                        aria-label={t('dayEnd.printNamed', { name: row.cashierDisplayName })}
                        onClick={() =>
                          print.mutate({ day: props.day, cashier: row.cashier, layout: 'a4' })
                        }
                      >
                        {t('dayEnd.printShort')}
                      </Button>
                      {!row.closed && (
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="red"
                          aria-label={t('dayEnd.closeNamed', { name: row.cashierDisplayName })}
                          onClick={() => setClosing(row)}
                        >
                          {t('dayEnd.close')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {closing && (
        <CloseDayModal
          day={props.day}
          row={closing}
          money={money}
          onClose={() => setClosing(null)}
        />
      )}
    </Card>
  );
}
