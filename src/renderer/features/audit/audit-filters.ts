// From what the user typed in the audit filters to the audit.list input: calendar days are days
// in the office's time zone, "to" includes the whole day.
import type { InputOf } from '../../../contract';
import { endOfDayUtc, startOfDayUtc } from '../../lib/format';

export interface AuditFilterValues {
  from: string;
  to: string;
  actor: string;
  command: string;
  text: string;
  /** '' for any, or 'ok' / 'refused'. */
  outcome: string;
  /** '' to show sign-ins among the rest, 'only' or 'hide'. */
  signIns: string;
}

export const NO_FILTERS: AuditFilterValues = {
  from: '',
  to: '',
  actor: '',
  command: '',
  text: '',
  outcome: '',
  signIns: '',
};

export const PAGE_SIZE = 50;

export function toAuditInput(
  filters: AuditFilterValues,
  timeZone: string,
): Omit<InputOf<'audit.list'>, 'beforeSeq'> {
  const input: Omit<InputOf<'audit.list'>, 'beforeSeq'> = { limit: PAGE_SIZE };
  const from = filters.from ? startOfDayUtc(filters.from, timeZone) : null;
  const to = filters.to ? endOfDayUtc(filters.to, timeZone) : null;
  if (from) input.from = from.toISOString();
  if (to) input.to = to.toISOString();
  if (filters.actor.trim()) input.actor = filters.actor.trim();
  if (filters.command.trim()) input.command = filters.command.trim();
  if (filters.text.trim()) input.text = filters.text.trim();
  if (filters.outcome === 'ok' || filters.outcome === 'refused') input.outcome = filters.outcome;
  if (filters.signIns === 'only' || filters.signIns === 'hide') input.signIns = filters.signIns;
  return input;
}
