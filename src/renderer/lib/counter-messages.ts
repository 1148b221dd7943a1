// What a cashier reads when the counter refuses a sale or warns about one: one sentence in the
// user's language, never a field name, a code or minor units, and never the same thing twice.
// The core answers in English sentences (its log and the CLI read them); the counter recognises
// the payment service's exact words and says them again in the cashier's language. A sentence we
// do not know is shown as the core wrote it, once. test/integration/counter-messages.test.ts
// makes each refusal on a real core and checks that it is recognised, so a reworded refusal in
// the service fails a test instead of silently reaching a French cashier in English.
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import { issueText } from './form-errors';

interface Pattern {
  re: RegExp;
  key: string;
  /** Names of the captured groups, in order, passed to the translation. */
  params?: string[];
}

const SERIAL = '(\\S+)';
const ANY = '(.+?)';

const REFUSALS: Pattern[] = [
  { re: /^That device does not exist \(or was deleted\)\.$/, key: 'deviceGone' },
  {
    re: new RegExp(`^${SERIAL} is not assigned to a customer; assign it before selling\\.$`),
    key: 'notAssigned',
    params: ['serial'],
  },
  {
    re: new RegExp(`^Tokens for ${SERIAL} are issued by office ${ANY}; take the payment there`),
    key: 'otherOffice',
    params: ['serial', 'office'],
  },
  {
    re: new RegExp(`^The customer owes ${ANY} from a reversed payment; take more than that\\.$`),
    key: 'owesReversed',
    params: ['amount'],
  },
  {
    re: new RegExp(`^The amount is above the largest payment allowed at the counter \\(${ANY}, `),
    key: 'aboveCeiling',
    params: ['amount'],
  },
  {
    re: new RegExp(`^${SERIAL} is a meter with OpenPAYGO tokens;`),
    key: 'meterOpenPaygo',
    params: ['serial'],
  },
  {
    re: new RegExp(`^${SERIAL} has no tariff; a manager must put it on one before selling\\.$`),
    key: 'noTariff',
    params: ['serial'],
  },
  {
    re: new RegExp(`^The tariff of ${SERIAL} has no version in force on ${ANY}\\.$`),
    key: 'noTariffVersion',
    params: ['serial', 'date'],
  },
  {
    re: new RegExp(
      `^After the access-charge debt, ${ANY} is left, below the minimum purchase of ${ANY}\\.`,
    ),
    key: 'belowMinimumAfterDebt',
    params: ['left', 'minimum'],
  },
  {
    re: new RegExp(`^${SERIAL} has no OpenPAYGO credentials,`),
    key: 'noCredentials',
    params: ['serial'],
  },
  {
    re: new RegExp(`^${SERIAL} has no PAYG plan;`),
    key: 'noPlan',
    params: ['serial'],
  },
  {
    re: new RegExp(`^The amount is below one day's price \\(${ANY}\\)\\.$`),
    key: 'belowOneDay',
    params: ['price'],
  },
  {
    re: new RegExp(
      `^${SERIAL} has (\\d+) tokens not yet confirmed entered.*\\(at most (\\d+) may be outstanding\\)`,
    ),
    key: 'tooManyOutstanding',
    params: ['serial', 'n', 'max'],
  },
  {
    re: new RegExp(`^${SERIAL} has used up its token counts;`),
    key: 'countsUsedUp',
    params: ['serial'],
  },
  {
    re: /^This submission was already recorded as receipt (\S+) for a different device or amount;/,
    key: 'submissionReused',
    params: ['receipt'],
  },
];

const WARNINGS: Pattern[] = [
  {
    re: new RegExp(`^(\\d+) tokens for ${SERIAL} will be unconfirmed: .* sales stop at (\\d+)\\.$`),
    key: 'unconfirmedTokens',
    params: ['n', 'serial', 'max'],
  },
  {
    re: /^No invoice is open: the whole amount is kept as credit for the next invoices\.$/,
    key: 'noOpenInvoice',
  },
];

function match(
  t: TFunction,
  group: string,
  patterns: readonly Pattern[],
  text: string,
): string | null {
  for (const pattern of patterns) {
    const found = pattern.re.exec(text);
    if (!found) continue;
    const params: Record<string, string | number> = {};
    (pattern.params ?? []).forEach((name, i) => {
      const value = found[i + 1] ?? '';
      params[name] = name === 'n' || name === 'max' ? Number(value) : value;
    });
    return t(`${group}.${pattern.key}`, params);
  }
  return null;
}

/** A counter refusal (preview, sale, receipt) as one sentence in the cashier's language. */
export function counterMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : t('common.unexpected');
  const known = match(t, 'counterRefusals', REFUSALS, error.message);
  if (known !== null) return known;
  // A refusal of the contract itself starts with a field's name ("amountMinor must be..."): the
  // issue, said in words, is the whole message. The core's own sentences stand alone.
  const issues = error.issues.map((issue) => issueText(t, issue.message));
  const fromSchema = error.issues.some(
    (issue) =>
      issue.field !== '' && error.message.toLowerCase().startsWith(issue.field.toLowerCase()),
  );
  if (fromSchema && issues.length > 0) return [...new Set(issues)].join(' ');
  return error.message;
}

/** A warning of a sale preview in the cashier's language. */
export function counterWarning(t: TFunction, warning: string): string {
  return match(t, 'counterWarnings', WARNINGS, warning) ?? warning;
}
