/**
 * `ponte create-admin`: the first system administrator (or another one), outside any session.
 * System work: it writes directly to the database and audits itself as a system action.
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadConfig } from '../../server/platform/config.ts';
import { openAndMigrate } from '../../server/start.ts';
import { writeAudit, type AuditContext } from '../../server/platform/audit.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, setPasswordHashCost } from '../../server/platform/auth/password.ts';
import { readHidden } from '../prompt.ts';

export class CreateAdminError extends Error {}

export async function systemCreateAdmin(options: {
  db: Kysely<DB>;
  email: string;
  displayName: string;
  organisationCode: string;
  organisationName?: string | undefined;
  password: string;
  audit: AuditContext;
}): Promise<{ userId: string; organisationId: string; organisationCreated: boolean }> {
  const email = options.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new CreateAdminError(`not an e-mail address: ${options.email}`);
  const displayName = options.displayName.trim();
  if (displayName.length < 1 || displayName.length > 200) throw new CreateAdminError('--name must be 1 to 200 characters');
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(options.organisationCode)) {
    throw new CreateAdminError('--organisation must be a code of lowercase letters, digits and hyphens (2 to 63 characters)');
  }
  if (options.password.length < PASSWORD_MIN_LENGTH || options.password.length > PASSWORD_MAX_LENGTH) {
    throw new CreateAdminError(`the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(options.password);
  const { audit } = options;
  return options.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
      throw new CreateAdminError(`a user with e-mail ${email} already exists`);
    }
    let organisation = await trx.selectFrom('organisations').select('id').where('code', '=', options.organisationCode).executeTakeFirst();
    const organisationCreated = !organisation;
    if (!organisation) {
      const name = options.organisationName?.trim();
      if (!name) throw new CreateAdminError(`organisation ${options.organisationCode} does not exist: give --organisation-name to create it`);
      organisation = await trx.insertInto('organisations').values({ code: options.organisationCode, name, org_type: 'region' }).returning('id').executeTakeFirstOrThrow();
      await writeAudit({ db: trx, context: audit, entry: { action: 'organisation.create', outcome: 'success', recordType: 'organisation', recordId: organisation.id, fields: ['code', 'name', 'orgType'], details: { via: 'cli' } } });
    }
    const role = await trx.selectFrom('roles').select('id').where('key', '=', 'system_admin').executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({ email, display_name: displayName, password_hash: passwordHash, password_changed_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ user_id: user.id, organisation_id: organisation.id, role_id: role.id }).execute();
    await writeAudit({ db: trx, context: audit, entry: { action: 'user.create', outcome: 'success', recordType: 'user', recordId: user.id, fields: ['email', 'displayName', 'password'], details: { via: 'cli' } } });
    await writeAudit({ db: trx, context: { ...audit, orgId: organisation.id }, entry: { action: 'membership.change', outcome: 'success', recordType: 'user', recordId: user.id, details: { via: 'cli', role: 'system_admin', organisationId: organisation.id } } });
    return { userId: user.id, organisationId: organisation.id, organisationCreated };
  });
}

/** PONTE_ADMIN_PASSWORD, else typed twice at the terminal, else generated (printed once). */
async function choosePassword(): Promise<{ password: string; generated: boolean }> {
  const fromEnv = process.env.PONTE_ADMIN_PASSWORD;
  if (fromEnv) return { password: fromEnv, generated: false };
  if (process.stdin.isTTY) {
    const first = await readHidden(`Password (${PASSWORD_MIN_LENGTH}+ characters, empty to generate one): `);
    if (first === '') return { password: randomBytes(18).toString('base64url'), generated: true };
    const second = await readHidden('Repeat the password: ');
    if (first !== second) throw new CreateAdminError('the two passwords differ');
    return { password: first, generated: false };
  }
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

export function registerCreateAdmin(program: Command): void {
  program
    .command('create-admin')
    .description('Create a system administrator (password from PONTE_ADMIN_PASSWORD, typed, or generated)')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--organisation <code>', 'organisation code (created as type "region" if absent)')
    .option('--organisation-name <name>', 'name of the organisation, when it has to be created')
    .action(async (opts: { email: string; name: string; organisation: string; organisationName?: string }) => {
      const config = loadConfig();
      setPasswordHashCost({ memoryKiB: config.PONTE_ARGON2_MEMORY_KIB, timeCost: config.PONTE_ARGON2_TIME_COST });
      const { password, generated } = await choosePassword();
      const database = await openAndMigrate({ config });
      try {
        const r = await systemCreateAdmin({
          db: database.db,
          email: opts.email,
          displayName: opts.name,
          organisationCode: opts.organisation,
          organisationName: opts.organisationName,
          password,
          audit: { userId: null, orgId: null, ip: null, requestId: 'cli:create-admin' },
        });
        if (r.organisationCreated) console.log(`Created organisation ${opts.organisation}.`);
        console.log(`Created system administrator ${opts.email.trim().toLowerCase()} (${r.userId}).`);
        if (generated) {
          console.log(`Generated password (shown only now): ${password}`);
        }
        console.log('Two-factor verification will be set up at the first login.');
      } finally {
        await database.close();
      }
    });
}
