/** Staff sign-in through the session cookie (POST /api/auth/login, /logout, GET /api/auth/me). */
import type { MeAnswer, SessionAnswer, SignedIn } from '../../server/auth/contract.ts';
import { ApiError, getJson, sendJson } from './api.ts';

export type Principal = SignedIn;
export type Role = Principal['role'];

/** Who is signed in, or null (also when the server has no sign-in route). */
export async function whoAmI(): Promise<Principal | null> {
  try {
    // An anonymous visitor gets { user: null }.
    const me = await getJson<MeAnswer>('/api/auth/me');
    return 'name' in me ? me : null;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) return null;
    throw e;
  }
}

export async function signIn(username: string, password: string): Promise<Principal> {
  const { name, role } = (await sendJson<SessionAnswer>('POST', '/api/auth/login', { username, password })).data;
  return { name, role };
}

export async function signOut(): Promise<void> {
  await sendJson('POST', '/api/auth/logout');
}

export function mayPlan(p: Principal | null): boolean {
  return p?.role === 'planner' || p?.role === 'admin';
}

export function mayGrade(p: Principal | null): boolean {
  return p?.role === 'geohazard' || p?.role === 'admin';
}

/** Duty officers (and admins) run evacuation operations. */
export function mayRunOperations(p: Principal | null): boolean {
  return p?.role === 'duty' || p?.role === 'admin';
}

/** Shelter staff, duty officers and admins record arrivals and departures at a shelter. */
export function mayCheckIn(p: Principal | null): boolean {
  return p?.role === 'shelter' || p?.role === 'duty' || p?.role === 'admin';
}

/** Village cadres, duty officers and admins mark households during an operation. */
export function mayMarkHouseholds(p: Principal | null): boolean {
  return p?.role === 'cadre' || p?.role === 'duty' || p?.role === 'admin';
}
