import { Badge, Button, Card, Center, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { formatInstant } from '../../lib/format';
import { NO_FILTERS, toAuditInput, type AuditFilterValues } from './audit-filters';
import { AuditFilters } from './AuditFilters';
import { VerifyLog } from './VerifyLog';

/** Who did what and when, newest first, in the office's time zone; paging backwards. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { call } = useSession();
  const { settings } = useMe();
  const timeZone = settings.office.timeZone;
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const input = toAuditInput(filters, timeZone);

  const log = useInfiniteQuery({
    queryKey: ['audit.list', input],
    queryFn: ({ pageParam }) =>
      call('audit.list', pageParam === null ? input : { ...input, beforeSeq: pageParam }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBeforeSeq,
  });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('audit.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('audit.intro', { timeZone })}
          </Text>
        </div>
        <VerifyLog />
      </Group>
      <Card withBorder radius="md" padding="md">
        <AuditFilters onApply={setFilters} />
      </Card>
      {log.isPending && <LoadingBlock />}
      <ErrorAlert error={log.error} />
      {log.data && entries.length === 0 && (
        <Center py="xl">
          <Text c="dimmed">{t('audit.empty')}</Text>
        </Center>
      )}
      {entries.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table striped withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>{t('audit.colTime')}</Table.Th>
                <Table.Th w={140}>{t('audit.colUser')}</Table.Th>
                <Table.Th w={190}>{t('audit.colCommand')}</Table.Th>
                <Table.Th>{t('audit.colSummary')}</Table.Th>
                <Table.Th w={110}>{t('audit.colOutcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.seq}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={entry.at}>
                      {formatInstant(entry.at, timeZone, i18n.language)}
                    </time>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actor}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`audit.doors.${entry.door}`, { defaultValue: entry.door })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {entry.command}
                    </Text>
                  </Table.Td>
                  <Table.Td>{entry.summary}</Table.Td>
                  <Table.Td>
                    {entry.outcome === 'ok' ? (
                      <Badge color="teal" variant="light">
                        {t('audit.outcomeOk')}
                      </Badge>
                    ) : (
                      <Badge color="red" variant="light">
                        {t('audit.outcomeRefused')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
          >
            {t('audit.loadOlder')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
