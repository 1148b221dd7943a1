// Field schemas reused by commands and by the renderer's forms.
import { z } from 'zod';
import {
  BILLING_MODES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  GENDERS,
  ROLES,
  TOKEN_SCHEMES,
} from '../domain/vocabulary';
import { serialPortPathProblem } from '../domain/meters/serial-port';
import { isCountryCode } from '../domain/countries';
import { MAX_MONEY_MINOR } from './commands/limits';

export const id = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'must be a record id',
  });

export const isoInstant = z.iso.datetime({ offset: true });

export const username = z
  .string()
  .trim()
  .min(3, { message: 'must be at least 3 characters' })
  .max(32, { message: 'must be at most 32 characters' })
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'may use letters, digits, dot, dash and underscore only' })
  .transform((value) => value.toLowerCase());

// Length only: long passphrases beat composition rules (NIST SP 800-63B).
export const password = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .max(200, { message: 'must be at most 200 characters' });

export const displayName = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(80, { message: 'must be at most 80 characters' });

export const role = z.enum(ROLES);

export const companyName = z
  .string()
  .trim()
  .min(2, { message: 'must be at least 2 characters' })
  .max(120, { message: 'must be at most 120 characters' });

export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { message: 'must be a two-letter country code such as NG' })
  .refine(isCountryCode, { message: 'is not a country (ISO 3166 code such as NG)' });

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: 'must be a three-letter currency code such as NGN' });

export const currencyDecimals = z
  .number()
  .int({ message: 'must be a whole number' })
  .min(0, { message: 'must be 0 to 3' })
  .max(3, { message: 'must be 0 to 3' });

export function isValidTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

export const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine(isValidTimeZone, { message: 'must be a time zone such as Africa/Lagos' });

export const officeName = z
  .string()
  .trim()
  .min(2, { message: 'must be at least 2 characters' })
  .max(80, { message: 'must be at most 80 characters' });

/** Short office code: used in invoice numbers (LAG-2026-000123), account numbers and sync. */
export const officeCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,4}$/, {
    message: 'must be 2 to 5 letters or digits, starting with a letter (e.g. LAG)',
  });

/** `{ a, aConfirm }` must match: the issue is reported on the confirm field. */
export function confirmMatches<T extends Record<string, unknown>>(
  field: keyof T & string,
  confirmField: keyof T & string,
) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (value[field] !== value[confirmField]) {
      ctx.addIssue({
        code: 'custom',
        path: [confirmField],
        message: 'does not match the password',
      });
    }
  };
}

/** Optional free text: trimmed, empty becomes null. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .nullish()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v));
}

export function requiredText(max: number) {
  return z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(max, { message: `must be at most ${max} characters` });
}

export const latitude = z
  .number()
  .min(-90, { message: 'must be between -90 and 90' })
  .max(90, { message: 'must be between -90 and 90' })
  .nullish();
export const longitude = z
  .number()
  .min(-180, { message: 'must be between -180 and 180' })
  .max(180, { message: 'must be between -180 and 180' })
  .nullish();

export const isoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });

export const moneyMinor = z
  .number()
  .int({ message: 'must be a whole number of minor units' })
  .min(0, { message: 'must not be negative' })
  .max(MAX_MONEY_MINOR, { message: `must be at most ${MAX_MONEY_MINOR} minor units` });

export const deviceKind = z.enum(DEVICE_KINDS);
export const deviceStatus = z.enum(DEVICE_STATUSES);
export const billingMode = z.enum(BILLING_MODES);
export const tokenScheme = z.enum(TOKEN_SCHEMES);
export const customerKind = z.enum(CUSTOMER_KINDS);
export const customerStatus = z.enum(CUSTOMER_STATUSES);
export const gender = z.enum(GENDERS);

export const paging = {
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
  direction: z.enum(['asc', 'desc']).default('asc'),
};

/**
 * A serial port the core may open (meters.testPort, reads, scans, meters.configure): only serial
 * device names, so no command can be pointed at an ordinary file (domain/meters/serial-port.ts).
 */
export const serialPortPath = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(200, { message: 'must be at most 200 characters' })
  .superRefine((value, ctx) => {
    const problem = serialPortPathProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
