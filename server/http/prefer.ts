/** The `return` preference of a write (RFC 7240): a client that asks for `minimal` gets no body. */
import type { Request, Response } from 'express';

export type ReturnPreference = 'minimal' | 'representation' | undefined;

export function returnPreference(req: Request): ReturnPreference {
  const header = req.get('prefer');
  if (!header) return undefined;
  for (const part of header.split(',')) {
    // Parameters after ';' do not change the preference itself.
    const [name, value] = part.split(';')[0].split('=').map((s) => s.trim().toLowerCase().replace(/^"|"$/g, ''));
    if (name === 'return' && (value === 'minimal' || value === 'representation')) return value;
  }
  return undefined;
}

/**
 * Answers a write as the client preferred: `return=minimal` a 204 with the headers only, otherwise
 * the feature (with `Preference-Applied` when `return=representation` was asked for).
 */
export function sendWritten(req: Request, res: Response, status: number, headers: Record<string, string>, body: unknown): void {
  const preference = returnPreference(req);
  res.set(headers);
  if (preference) res.set('Preference-Applied', `return=${preference}`);
  if (preference === 'minimal') return void res.status(204).end();
  res.status(status).type('application/geo+json').send(JSON.stringify(body));
}
