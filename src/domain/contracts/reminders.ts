// Which appliance contracts get a reminder on a day, and what it says (docs/appliances.md,
// "Reminders"). Pure: the service finds each active contract's standing and what falls due soon,
// and writes the reminders this returns into the outbox (the SMS work sends them later).
import type { Standing } from './portfolio';

export const REMINDER_KINDS = [
  /** An instalment falls due within the next few days. */
  'due',
  /** The contract is late beyond its grace days. */
  'overdue',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A customer hears about an instalment this many days before it falls due (and on the day). */
export const REMIND_DAYS_BEFORE = 3;

export interface ReminderFacts {
  standing: Standing;
  /** Instalments falling due from the day to REMIND_DAYS_BEFORE days later, still unpaid. */
  dueSoon: { amount: number; dueDate: string } | null;
}

export type Reminder =
  | { kind: 'overdue'; amount: number; daysLate: number; dueDate: string | null }
  | { kind: 'due'; amount: number; daysLate: 0; dueDate: string };

/**
 * One reminder per contract per day at most: overdue (late beyond its grace days: the arrears to
 * pay) comes before due (an instalment due soon: what it still needs). A contract that is late
 * but within its grace days, or has nothing due soon, gets none.
 */
export function reminderFor(facts: ReminderFacts): Reminder | null {
  const s = facts.standing;
  if (s.overdue && s.arrears > 0) {
    return { kind: 'overdue', amount: s.arrears, daysLate: s.daysLate, dueDate: s.oldestUnpaidDue };
  }
  if (facts.dueSoon && facts.dueSoon.amount > 0 && s.daysLate === 0) {
    return {
      kind: 'due',
      amount: facts.dueSoon.amount,
      daysLate: 0,
      dueDate: facts.dueSoon.dueDate,
    };
  }
  return null;
}
