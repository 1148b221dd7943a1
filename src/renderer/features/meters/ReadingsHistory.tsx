// A meter's readings, newest first, a page at a time: where each came from, its status (a flagged
// reading waits for a person) and, for flagged ones, Accept or Reject with a note.
import {
  Button,
  Card,
  Group,
  Modal,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reading } from '../../../contract';
import { useCommandMutation, useCommandQuery } from '../../api/hooks';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInstant } from '../../lib/format';
import { serverFieldErrors } from '../../lib/form-errors';
import { mayUse } from '../shell/areas';
import { ReadingStatusBadge, formatKwh } from './meter-parts';

const PAGE_SIZE = 20;
type Decision = 'accepted' | 'rejected';

function ReviewModal(props: { reading: Reading; decision: Decision; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState('');
  const review = useCommandMutation('readings.review', {
    onSuccess: (r) => {
      notifications.show({ color: 'teal', message: t(`meters.review.done.${r.status}`) });
      props.onClose();
    },
  });
  const errors = serverFieldErrors(t, review.error);
  const accept = props.decision === 'accepted';
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t(accept ? 'meters.review.acceptTitle' : 'meters.review.rejectTitle', {
        kwh: formatKwh(props.reading.wh, i18n.language),
      })}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          review.mutate({ readingId: props.reading.id, decision: props.decision, note });
        }}
      >
        <Stack gap="sm">
          {props.reading.flagReason && (
            <Text size="sm" c="orange.8">
              {props.reading.flagReason}
            </Text>
          )}
          <Text size="sm" c="dimmed">
            {t(accept ? 'meters.review.acceptHelp' : 'meters.review.rejectHelp')}
          </Text>
          <Textarea
            label={t('meters.review.note')}
            withAsterisk
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
            data-autofocus
          />
          <ErrorAlert error={errors.note ? null : review.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={accept ? 'teal' : 'red'} loading={review.isPending}>
              {t(accept ? 'meters.review.accept' : 'meters.review.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ReadingsHistory(props: { deviceId: string }) {
  const { t, i18n } = useTranslation();
  const { user, settings } = useMe();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<'all' | 'flagged'>('all');
  const [reviewing, setReviewing] = useState<{ reading: Reading; decision: Decision } | null>(null);
  const list = useCommandQuery('readings.list', {
    deviceId: props.deviceId,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const mayReview = mayUse('readings.review', user.role);
  const rows = list.data?.rows ?? [];
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="readings">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="readings">
          {t('meters.history.title')}
        </Title>
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(v) => {
            setStatus(v === 'flagged' ? 'flagged' : 'all');
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('meters.history.all') },
            { value: 'flagged', label: t('meters.history.flaggedOnly') },
          ]}
          aria-label={t('meters.history.show')}
        />
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {status === 'flagged' ? t('meters.history.noneFlagged') : t('meters.history.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing={6} aria-labelledby="readings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('meters.history.when')}</Table.Th>
                <Table.Th ta="right">{t('meters.colKwh')}</Table.Th>
                <Table.Th>{t('meters.history.source')}</Table.Th>
                <Table.Th>{t('meters.history.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="reading-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={r.readAt}>
                      {formatInstant(r.readAt, settings.office.timeZone, i18n.language)}
                    </time>
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                  >
                    {formatKwh(r.wh, i18n.language)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {t(`meters.sources.${r.source}`)}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <ReadingStatusBadge status={r.status} />
                      {r.flagReason && (
                        <Text size="xs" c={r.status === 'flagged' ? 'orange.8' : 'dimmed'}>
                          {r.flagReason}
                        </Text>
                      )}
                      {r.review && (
                        <Text size="xs" c="dimmed">
                          {t('meters.history.reviewed', {
                            note: r.review.note,
                            by: r.review.by,
                          })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {r.status === 'flagged' && mayReview && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="teal"
                          onClick={() => setReviewing({ reading: r, decision: 'accepted' })}
                        >
                          {t('meters.review.accept')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="light"
                          color="red"
                          onClick={() => setReviewing({ reading: r, decision: 'rejected' })}
                        >
                          {t('meters.review.reject')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Group justify="flex-end" mt="sm">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            size="sm"
            aria-label={t('meters.history.pages')}
          />
        </Group>
      )}
      {reviewing && (
        <ReviewModal
          reading={reviewing.reading}
          decision={reviewing.decision}
          onClose={() => setReviewing(null)}
        />
      )}
    </Card>
  );
}
