import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
const PASSWORD = 'correct horse battery';
let a: number;
let b: number;
beforeAll(async () => {
  ctx = await openTestApp();
  a = (await createUser(ctx.db.knex, 'admin.a', 'admin', PASSWORD)).id;
  b = (await createUser(ctx.db.knex, 'admin.b', 'admin', PASSWORD)).id;
});
afterAll(async () => ctx?.close());

/** A signed-in admin's headers for a write from the web client. */
async function session(username: string): Promise<Record<string, string>> {
  const res = await request(ctx.app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { Cookie: (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0], 'X-Requested-With': 'OneMap' };
}

const enabledAdmins = async () => (await ctx.db.knex('users').where({ role: 'admin' }).whereNull('disabled_at').select('id')) as Array<{ id: number }>;

describe('the last enabled admin, under concurrent changes', () => {
  it('two admins disabling each other at the same moment: exactly one succeeds, one admin always remains (10 rounds)', async () => {
    let asA = await session('admin.a');
    let asB = await session('admin.b');
    for (let round = 0; round < 10; round++) {
      // One by DELETE, the other by PATCH {disabled: true}: both routes keep the rule.
      const [byA, byB] = await Promise.all([
        request(ctx.app).delete(`/api/users/${b}`).set(asA),
        request(ctx.app).patch(`/api/users/${a}`).set(asB).send({ disabled: true }),
      ]);
      const won = [byA.status === 204, byB.status === 200];
      expect(won.filter(Boolean), `round ${round}: ${byA.status} ${byB.status}`).toHaveLength(1);
      // The other is refused: 409 (last admin), or 401 when its session had already been ended.
      expect([401, 409]).toContain(won[0] ? byB.status : byA.status);
      const left = await enabledAdmins();
      expect(left, `round ${round}`).toHaveLength(1);
      // The survivor re-enables the other, who signs in again (disabling ended their sessions).
      const loser = left[0].id === a ? b : a;
      await request(ctx.app).patch(`/api/users/${loser}`).set('Authorization', `Bearer ${ctx.tokens.admin}`).send({ disabled: false }).expect(200);
      if (loser === a) asA = await session('admin.a');
      else asB = await session('admin.b');
    }
  });
});
