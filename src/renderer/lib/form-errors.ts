// Field errors for Mantine forms, from the contract's zod schemas (before sending) and from the
// core's VALIDATION answers (dotted paths such as `admin.passwordConfirm`, the same paths the
// forms use). Messages are the contract's English phrases, translated when we know them.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { FieldIssue } from '../../contract';
import { isApiError } from '../api/client';

export type FormErrors = Record<string, string>;

const PATTERNS: {
  re: RegExp;
  key: string;
  count?: boolean;
  position?: boolean;
  date?: boolean;
}[] = [
  // Ill-formed text, refused by the core for any field (contract/text.ts).
  {
    re: /^contains a broken character at position (\d+)/,
    key: 'issues.brokenCharacter',
    position: true,
  },
  {
    re: /^contains an invisible NUL character at position (\d+)/,
    key: 'issues.nulCharacter',
    position: true,
  },
  { re: /^must be at most \d+ minor units$/, key: 'issues.moneyTooLarge' },
  { re: /^must be at least (\d+) characters?$/, key: 'issues.minLength', count: true },
  { re: /^must be at most (\d+) characters?$/, key: 'issues.maxLength', count: true },
  {
    re: /^Too small: expected string to have >=(\d+) characters?$/,
    key: 'issues.minLength',
    count: true,
  },
  {
    re: /^Too big: expected string to have <=(\d+) characters?$/,
    key: 'issues.maxLength',
    count: true,
  },
  { re: /^is required$/, key: 'issues.required' },
  { re: /^must be 0 or more$/, key: 'issues.notNegative' },
  { re: /^must not be negative$/, key: 'issues.notNegative' },
  { re: /^must be today or later$/, key: 'issues.notPast' },
  { re: /^must be on or before the target date$/, key: 'issues.afterTargetDate' },
  // Tariff versions dated in the past (domain/tariff-backdate.ts).
  { re: /^\d{4}-\d{2}-\d{2} is in the past: say why/, key: 'tariffs.form.reasonRequired' },
  {
    re: /^Since \d{4}-\d{2}-\d{2}, meters on .* counted at the current prices/,
    key: 'issues.tariffPeriodUsed',
  },
  {
    re: /is in force from (\d{4}-\d{2}-\d{2}): a new version cannot start earlier/,
    key: 'issues.tariffBeforeLatest',
    date: true,
  },
  {
    re: /^must start with a letter or digit and use only letters, digits/,
    key: 'issues.nationalId',
  },
  { re: /^may use letters, digits, dot, dash and underscore only$/, key: 'issues.usernameChars' },
  { re: /^must be a two-letter country code/, key: 'issues.countryCode' },
  { re: /^must be a three-letter currency code/, key: 'issues.currencyCode' },
  { re: /^must be a whole number$/, key: 'issues.wholeNumber' },
  { re: /^must be 0 to 3$/, key: 'issues.decimalsRange' },
  { re: /^must be a time zone/, key: 'issues.timeZone' },
  { re: /^must be 2 to 5 letters or digits/, key: 'issues.officeCode' },
  { re: /^does not match the password$/, key: 'issues.passwordMismatch' },
  { re: /^is wrong$/, key: 'issues.wrong' },
  { re: /^(is already (taken|used|used here|registered)|already exists)$/, key: 'issues.taken' },
  { re: /^does not exist$/, key: 'issues.notFound' },
  { re: /^Invalid input: expected number/, key: 'issues.number' },
  { re: /^Invalid input: expected string/, key: 'issues.required' },
  { re: /^Invalid option/, key: 'issues.choose' },
  { re: /^must be a record id$/, key: 'issues.choose' },
  { re: /^is required for (a business|an installed device)$/, key: 'issues.required' },
  { re: /^must be 32 hex characters/, key: 'issues.hexKey' },
  { re: /^must be a date \(YYYY-MM-DD\)$/, key: 'issues.date' },
  { re: /^must be between -90 and 90$/, key: 'issues.latitude' },
  { re: /^must be between -180 and 180$/, key: 'issues.longitude' },
  { re: /^must be 2 to 8 letters or digits/, key: 'issues.miniGridCode' },
  { re: /^must have at most 9 digits$/, key: 'issues.nineDigits' },
  { re: /^Too small: expected number to be >=(-?\d+)$/, key: 'issues.atLeast', count: true },
  { re: /^Too big: expected number to be <=(-?\d+)$/, key: 'issues.atMost', count: true },
  { re: /^Invalid input: expected int/, key: 'issues.wholeNumber' },
  {
    re: /^must be above the previous band's limit \((\d+) kWh\)$/,
    key: 'issues.bandAbovePrevious',
    count: true,
  },
  {
    re: /^must be below the first band's limit \((\d+) kWh\)$/,
    key: 'issues.lifelineBelow',
    count: true,
  },
  { re: /^must have a limit: only the last band is open$/, key: 'issues.bandNeedsLimit' },
  { re: /^must be empty on the last band/, key: 'issues.lastBandOpen' },
  { re: /^must not repeat another levy$/, key: 'issues.levyRepeat' },
  { re: /^must have 20 digits, not (\d+)$/, key: 'issues.stsDigits', count: true },
  { re: /^may contain only digits/, key: 'issues.stsOnlyDigits' },
  { re: /^is not an STS token/, key: 'issues.stsTooLarge' },
  { re: /^is already recorded for another purchase$/, key: 'issues.stsReused' },
];

/** One issue message as a sentence in the user's language. */
export function issueText(t: TFunction, message: string): string {
  for (const pattern of PATTERNS) {
    const match = pattern.re.exec(message);
    if (match) {
      if (pattern.position) return t(pattern.key, { position: Number(match[1]) });
      if (pattern.date) return t(pattern.key, { date: match[1] });
      return pattern.count ? t(pattern.key, { count: Number(match[1]) }) : t(pattern.key);
    }
  }
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function toFormErrors(t: TFunction, issues: readonly FieldIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    if (!(issue.field in errors)) errors[issue.field] = issueText(t, issue.message);
  }
  return errors;
}

export function schemaIssues(schema: z.ZodType, values: unknown): FieldIssue[] {
  const result = schema.safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** A Mantine `validate` function from a zod schema. */
export function zodValidate(t: TFunction, schema: z.ZodType) {
  return (values: unknown): FormErrors => toFormErrors(t, schemaIssues(schema, values));
}

/** Field errors from a failed call, keyed by the command's (and so the form's) paths. */
export function serverFieldErrors(t: TFunction, error: unknown): FormErrors {
  if (!isApiError(error)) return {};
  return toFormErrors(
    t,
    error.issues.filter((issue) => issue.field !== ''),
  );
}
