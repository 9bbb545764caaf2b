/**
 * The client addresses each account signed in from: the per-account limit on failed logins
 * across all addresses spares them, so that a spray of wrong passwords from elsewhere cannot
 * lock the owner out at home.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_addresses', (t) => {
    // Lower case, as in login_failures.
    t.text('username').notNullable();
    t.text('address').notNullable();
    t.timestamp('last_success_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['username', 'address']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_addresses');
}
