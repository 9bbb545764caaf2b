/**
 * User management for admins: list, create, change role or password, disable. Users are never
 * erased (the history names them); DELETE disables the account and ends its sessions.
 */
import express, { Router } from 'express';
import type { Knex } from 'knex';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { requireAdmin } from './middleware.ts';
import { passwordProblem } from './passwords.ts';
import { changeUserBody, createUserBody } from './contract.ts';
import { idParam, parseBody } from './request-checks.ts';
import { createUser, getUser, listUsers, updateUser, usernameTaken } from './users.ts';

const conflict = (message: string, field: string) => new HttpError(409, 'conflict', message, [{ field, message }]);

function checkPassword(pw: string, name: string): void {
  const problem = passwordProblem(pw, name);
  if (problem) throw invalid('the password is too weak', [{ field: 'password', message: problem }]);
}

export function userRoutes(knex: Knex): Router {
  const r = Router();
  const json = express.json({ limit: '10kb' });

  r.get('/users', async (req, res) => {
    requireAdmin(req.principal, 'list users');
    res.set('Cache-Control', 'no-store').json({ users: await listUsers(knex) });
  });

  r.post('/users', json, async (req, res) => {
    requireAdmin(req.principal, 'create users');
    const body = parseBody(createUserBody, req, 'user');
    checkPassword(body.password, body.username);
    if (await usernameTaken(knex, body.username)) throw conflict(`a user named ${body.username} exists`, 'username');
    const user = await createUser(knex, body.username, body.role, body.password);
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  r.patch('/users/:id', json, async (req, res) => {
    requireAdmin(req.principal, 'change users');
    const id = idParam(req, 'user');
    const change = parseBody(changeUserBody, req, 'user change');
    const user = await getUser(knex, id);
    if (!user) throw notFound(`no user ${id}`);
    if (change.password !== undefined) checkPassword(change.password, user.username);
    res.json(await updateUser(knex, id, change, { keepAnAdmin: true }));
  });

  r.delete('/users/:id', async (req, res) => {
    requireAdmin(req.principal, 'disable users');
    const id = idParam(req, 'user');
    const user = await getUser(knex, id);
    if (!user) throw notFound(`no user ${id}`);
    await updateUser(knex, id, { disabled: true }, { keepAnAdmin: true });
    res.status(204).end();
  });

  return r;
}
