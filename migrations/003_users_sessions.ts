/**
 * People who sign in to the web client: users with scrypt password hashes, their sessions
 * (stored here so that any instance can serve them) and recent failed logins (rate limits).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.text('username').notNullable();
    t.text('role').notNullable();
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('disabled_at', { useTz: true });
  });
  // Usernames are unique whatever their case: "Chen" and "chen" are one account.
  await knex.raw('CREATE UNIQUE INDEX users_username_lower ON users (lower(username))');

  await knex.schema.createTable('sessions', (t) => {
    // SHA-256 of the cookie value: a stolen table does not yield usable cookies.
    t.text('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
    t.text('address');
    t.text('user_agent');
  });

  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('id').primary();
    t.text('username').notNullable();
    t.text('address').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['username', 'at']);
    t.index(['address', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['login_failures', 'sessions', 'users']) await knex.schema.dropTableIfExists(table);
}
