/**
 * What went wrong, in the reader's language: the server's error code (or a failed connection)
 * picks a sentence from the translation table; the server's own English message is not shown.
 */
import { ApiError } from '../api.ts';
import { t, type UiKey } from '../i18n.ts';

const BY_CODE: Record<string, UiKey> = {
  unauthorized: 'err_unauthorized',
  forbidden: 'err_forbidden',
  csrf_rejected: 'err_forbidden',
  not_found: 'err_not_found',
  rate_limited: 'err_rate_limited',
  too_many_attempts: 'err_rate_limited',
  busy: 'err_busy',
  deadline_exceeded: 'err_busy',
  query_timeout: 'err_busy',
  database_unavailable: 'err_busy',
  too_much_work: 'err_too_large',
  too_large: 'err_too_large',
  payload_too_large: 'err_too_large',
  bad_request: 'err_invalid',
  validation_failed: 'err_invalid',
  malformed_json: 'err_invalid',
  conflict: 'err_conflict',
  duplicate_code: 'err_conflict',
  precondition_failed: 'err_conflict',
};

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const key = BY_CODE[e.code];
    if (key) return t(key);
    if (e.status === 401) return t('err_unauthorized');
    if (e.status === 403) return t('err_forbidden');
    if (e.status === 429) return t('err_rate_limited');
    if (e.status === 503) return t('err_busy');
    return t('err_server', { status: e.status });
  }
  // fetch rejects with a TypeError when the server cannot be reached
  return t('err_network');
}
