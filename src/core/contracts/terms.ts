// The contracts' settings until a company writes its own in Settings (docs/appliances.md): the
// terms a contract prints and the cancellation period. readSettings (areas/shared/office.ts)
// lays the company's values over these.
import type { Settings } from '../../contract';

/**
 * GridDesk's standing terms: the setting's default (Settings > Contracts), until a company writes
 * its own. They say what GridDesk itself does.
 */
export const STANDING_TERMS = [
  'The appliance remains the property of the company until the contract is paid in full.',
  'Payments are taken at the office or by an authorised agent, against a receipt. A device that ' +
    'locks works for the days paid for; the payment that completes the contract unlocks it for good.',
  'Payments settle the oldest instalment first. Money paid beyond the contract is kept as credit ' +
    'for the customer.',
  'If payments stop, the company may reschedule the unpaid instalments, or take the appliance ' +
    'back; what was paid is not refunded.',
  'Within the cancellation period set by the company, the customer may return the appliance and ' +
    'is refunded everything paid on the contract.',
];

/** docs/appliances.md: GridDesk's standing terms, and cancellation within a week of the sale. */
export const CONTRACT_DEFAULTS: Settings['contracts'] = {
  terms: STANDING_TERMS.join('\n'),
  cancelWithinDays: 7,
};
