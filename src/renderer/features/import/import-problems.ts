// Problems of an import, from a preview or from the error of a refused import (the same shape in
// `details.problems`), and the words of the import fields.
import type { TFunction } from 'i18next';
import type { ImportProblem } from '../../../contract';
import { isApiError } from '../../api/client';

export interface ProblemList {
  problems: ImportProblem[];
  problemCount: number;
}

function isProblem(value: unknown): value is ImportProblem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.line === 'number' && typeof v.message === 'string';
}

/** The problems an import error carries, or null when it carries none. */
export function problemsOfError(error: unknown): ProblemList | null {
  if (!isApiError(error) || error.code !== 'VALIDATION') return null;
  const raw = error.details.problems;
  if (!Array.isArray(raw)) return null;
  const problems = raw.filter(isProblem).map((p) => ({
    line: p.line,
    column: p.column ?? null,
    field: p.field ?? null,
    value: p.value ?? null,
    message: p.message,
  }));
  const count = error.details.problemCount;
  return { problems, problemCount: typeof count === 'number' ? count : problems.length };
}

/** An import field's name in the user's language (the core's English label otherwise). */
export function fieldLabel(t: TFunction, field: string, fallback: string): string {
  return t(`import.fields.${field}`, { defaultValue: fallback });
}

export function fieldHelp(
  t: TFunction,
  kind: string,
  field: string,
  fallback: string | undefined,
): string {
  if (!fallback) return '';
  const key =
    field === 'status' ? (kind === 'customers' ? 'statusCustomers' : 'statusDevices') : field;
  return t(`import.help.${key}`, { defaultValue: fallback });
}

/** Sample keys are record properties (firstName, villageId); fields are snake_case. */
export function sampleKeyToField(key: string): string {
  if (key === 'keyHex') return 'key';
  if (key === 'villageId') return 'village';
  if (key === 'modelId') return 'model';
  if (key === 'customerId') return 'customer';
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
