// The core's words for a refusal, with its field issues when it sent some (shared by the counter,
// the token tools and the reversal dialog).
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import { issueText } from './form-errors';

export function coreMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : t('common.unexpected');
  const details = error.issues.map((issue) => issueText(t, issue.message));
  return details.length > 0 ? `${error.message} ${details.join(' ')}` : error.message;
}
