// The closed lists of appliance contracts (docs/appliances.md), declared once for the database,
// the command contract and the screens.

export const CONTRACT_STATUSES = [
  /** Being paid. */
  'active',
  /** Fully paid; a lockable device got its unlock token. */
  'paid_off',
  /** A manager took the balance out of the portfolio; the contract stays visible. */
  'written_off',
  /** The appliance came back; the contract is closed with what was paid. */
  'repossessed',
  /** Undone within the days the settings allow: the appliance came back, the money was refunded. */
  'cancelled',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_EVENTS = [
  'sold',
  /** Created from a device's PAYG plan by the migration to contracts. */
  'migrated',
  'paid_off',
  /** A reversal took back money a paid-off contract needed: it is being paid again. */
  'reopened',
  'rescheduled',
  'written_off',
  'repossessed',
  'transferred',
  'cancelled',
  /** The sales agent was corrected (with a reason). */
  'agent_changed',
] as const;
export type ContractEvent = (typeof CONTRACT_EVENTS)[number];

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  active: 'Active',
  paid_off: 'Paid off',
  written_off: 'Written off',
  repossessed: 'Repossessed',
  cancelled: 'Cancelled',
};
