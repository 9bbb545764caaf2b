/**
 * `onemap user …`: manage the people who sign in, from the command line (the first admin is
 * made here). A password is prompted for without echo on a terminal, read from the first line
 * of stdin when piped, or given with --password (visible to other local users: avoid).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { ROLES, type Role } from '../layers/types.ts';
import { passwordProblem } from './passwords.ts';
import { USERNAME_PATTERN, createUser, findUserByName, listUsers, updateUser, usernameTaken } from './users.ts';

export const USER_USAGE = `  onemap user create --role admin|planner|geohazard|duty|cadre|shelter --name NAME [--password PW]
  onemap user password --name NAME [--password PW]
  onemap user disable|enable --name NAME
  onemap user list`;

/** Reads a line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0];
}

async function askPassword(given: string | undefined, username: string): Promise<string> {
  let password = given;
  if (password === undefined) {
    if (process.stdin.isTTY) {
      password = await promptHidden(`password for ${username}: `);
      if ((await promptHidden('again: ')) !== password) throw new Error('the two passwords differ');
    } else {
      password = await readStdinLine();
    }
  }
  const problem = passwordProblem(password, username);
  if (problem) throw new Error(`password ${problem}`);
  return password;
}

export async function userCommand(config: Config, args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  const action = positionals[0];
  const usage = new Error(`usage:\n${USER_USAGE}`);
  if (!['create', 'password', 'disable', 'enable', 'list'].includes(action ?? '')) throw usage;
  if (action !== 'list' && !values.name) throw usage;
  if (action === 'create') {
    if (!values.role || !ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (!USERNAME_PATTERN.test(values.name!)) throw new Error('--name must be 2–64 letters, digits or . _ @ -');
  }
  // The password is asked for before the database is opened, so a typo costs no lock.
  const password = action === 'create' || action === 'password' ? await askPassword(values.password, values.name!) : undefined;
  const db = await openConfiguredDatabase(config, 'managing users');
  try {
    if (action === 'list') {
      for (const u of await listUsers(db.knex)) process.stdout.write(`${u.id}\t${u.username}\t${u.role}\t${u.disabled_at ? 'disabled' : 'enabled'}\n`);
      return;
    }
    const name = values.name!;
    if (action === 'create') {
      if (await usernameTaken(db.knex, name)) throw new Error(`a user named ${name} exists`);
      const user = await createUser(db.knex, name, values.role as Role, password!);
      console.error(`created user ${user.username} (${user.role})`);
      return;
    }
    const user = await findUserByName(db.knex, name);
    if (!user) throw new Error(`no user named ${name}`);
    if (action === 'password') await updateUser(db.knex, user.id, { password: password! });
    else await updateUser(db.knex, user.id, { disabled: action === 'disable' });
    console.error(`${action === 'password' ? 'changed the password of' : `${action}d`} ${user.username}`);
  } finally {
    await db.close();
  }
}
