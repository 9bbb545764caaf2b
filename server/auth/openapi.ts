/** OpenAPI entries of the login, user and token routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { zodAnswer, zodBody } from '../http/openapi-zod.ts';
import { changeUserBody, createdTokenAnswer, createUserBody, loginBody, meAnswer, passwordBody, sessionAnswer, tokenBody, tokensAnswer, userAnswer, usersAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const errorRef = { $ref: '#/components/schemas/Error' };
const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: errorRef } } });
const staff = [{ bearer: [] }, { session: [] }];
const idParam = (what: string): Obj => ({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: `the ${what}'s id` });
const adminErrors = { '401': error('not signed in'), '403': error('not an admin (or, with a session cookie, no X-Requested-With header)') };

export function authPaths(): Record<string, Obj> {
  return {
    '/api/auth/login': {
      post: {
        tags: ['service'], summary: 'sign in: sets the HttpOnly session cookie onemap_session', operationId: 'login',
        requestBody: zodBody(loginBody),
        responses: { '200': zodAnswer(sessionAnswer, '{ name, role, expires_at }, with Set-Cookie'), '401': error('wrong username or password'), '415': error('not JSON'), '422': error('missing field'), '429': error('too many failed logins for the account or address; see Retry-After') },
      },
    },
    '/api/auth/logout': {
      post: { tags: ['service'], summary: 'sign out: ends the session on the server and clears the cookie', operationId: 'logout', responses: { '204': { description: 'signed out' }, '403': error('cookie without the X-Requested-With header') } },
    },
    '/api/auth/me': {
      get: { tags: ['service'], summary: 'who is signed in', operationId: 'me', security: [{}, ...staff], responses: { '200': zodAnswer(meAnswer, '{ name, role } when signed in; { user: null } for an anonymous visitor') } },
    },
    '/api/auth/password': {
      post: {
        tags: ['service'], summary: 'change one’s own password (ends every other session)', operationId: 'changePassword', security: [{ session: [] }],
        requestBody: zodBody(passwordBody),
        responses: { '200': zodAnswer(sessionAnswer, '{ name, role, expires_at }, with a new cookie'), '401': error('not signed in'), '422': error('wrong current password or weak new one'), '429': error('too many attempts') },
      },
    },
    '/api/users': {
      get: { tags: ['service'], summary: 'list users (admin)', operationId: 'listUsers', security: staff, responses: { '200': zodAnswer(usersAnswer, '{ users: [{ id, username, role, created_at, updated_at, disabled_at }] }'), ...adminErrors } },
      post: {
        tags: ['service'], summary: 'create a user (admin)', operationId: 'createUser', security: staff,
        requestBody: zodBody(createUserBody),
        responses: { '201': zodAnswer(userAnswer, 'the user'), '409': error('the name is taken'), '422': error('bad field'), ...adminErrors },
      },
    },
    '/api/users/{id}': {
      patch: {
        tags: ['service'], summary: 'change a user’s role or password, or disable/enable (admin)', operationId: 'changeUser', security: staff, parameters: [idParam('user')],
        requestBody: zodBody(changeUserBody),
        responses: { '200': zodAnswer(userAnswer, 'the user'), '404': error('no such user'), '409': error('the last enabled admin'), '422': error('bad field'), ...adminErrors },
      },
      delete: { tags: ['service'], summary: 'disable a user and end their sessions (admin); users are never erased', operationId: 'disableUser', security: staff, parameters: [idParam('user')], responses: { '204': { description: 'disabled' }, '404': error('no such user'), '409': error('the last enabled admin'), ...adminErrors } },
    },
    '/api/tokens': {
      get: { tags: ['service'], summary: 'list API tokens without their secrets (admin)', operationId: 'listTokens', security: staff, responses: { '200': zodAnswer(tokensAnswer, '{ tokens: [{ id, name, role, created_at, revoked_at }] }'), ...adminErrors } },
      post: {
        tags: ['service'], summary: 'create an API token (admin)', operationId: 'createToken', security: staff,
        requestBody: zodBody(tokenBody),
        responses: { '201': zodAnswer(createdTokenAnswer, '{ id, name, role, token }: the token is shown once'), '422': error('bad field'), ...adminErrors },
      },
    },
    '/api/tokens/{id}': {
      delete: { tags: ['service'], summary: 'revoke an API token (admin)', operationId: 'revokeToken', security: staff, parameters: [idParam('token')], responses: { '204': { description: 'revoked' }, '404': error('no live token with that id'), ...adminErrors } },
    },
  };
}
