/**
 * System work for `ponte demo`: writes the fictional demo network (data.ts) into the proper
 * tables, idempotently, in one transaction. Existing demo records are left as they are (an
 * administrator's edits survive a restart); demo accounts are made active and MFA-exempt again
 * and get the given password hash. Runs outside any user's scope, hence system….
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { builtinRole } from '../../../domain/permissions.ts';
import { revokeUserSessions } from '../../platform/auth/session.ts';
import { systemSeedDemoPublicPages } from './public.ts';
import { DEMO_EMAIL_DOMAIN, demoAccounts, demoOrganisations, demoProject, type DemoAccount } from './data.ts';

export interface DemoSeedResult {
  organisationsCreated: number;
  usersCreated: number;
  projectCreated: boolean;
}

/** Thrown when the database holds real accounts: demo accounts share one known password. */
export class DemoRefusedError extends Error {}

export async function systemSeedDemo(options: { db: Kysely<DB>; passwordHash: string; now?: Date }): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  return options.db.transaction().execute(async (trx) => {
    const real = await trx
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('email', 'not like', `%@${DEMO_EMAIL_DOMAIN}`)
      .executeTakeFirstOrThrow();
    if (Number(real.n) > 0) {
      throw new DemoRefusedError(
        `This database already has ${real.n} real user account(s): demo accounts share one known password, so they are only added to a ` +
          'database without real users. Use an empty PONTE_DATA_DIR or another DATABASE_URL for the demo.',
      );
    }
    let organisationsCreated = 0;
    for (const o of demoOrganisations) {
      const inserted = await trx
        .insertInto('organisations')
        .values({
          code: o.code,
          name: o.name,
          org_type: o.type,
          provinces: o.provinces,
          services: o.services,
          register_section: o.registerSection ?? null,
          email: o.email ?? null,
          phone: o.phone ?? null,
          address: o.address ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) organisationsCreated++;
    }
    const orgRows = await trx.selectFrom('organisations').select(['id', 'code']).where('code', 'in', demoOrganisations.map((o) => o.code)).execute();
    const orgId = new Map(orgRows.map((r) => [r.code, r.id]));
    const idOf = (code: string): string => {
      const id = orgId.get(code);
      if (!id) throw new Error(`demo organisation ${code} missing`);
      return id;
    };

    const project = await trx
      .insertInto('projects')
      .values({
        code: demoProject.code,
        name: demoProject.name,
        edition: demoProject.edition,
        period_start: demoProject.periodStart,
        period_end: demoProject.periodEnd,
        funder: demoProject.funder,
        budget_total: demoProject.budgetTotal,
        lead_org_id: idOf(demoProject.leadOrganisationCode),
        description: demoProject.description,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (project) {
      await trx
        .insertInto('project_partners')
        .values(demoProject.partners.map((p) => ({ project_id: project.id, organisation_id: idOf(p.organisationCode), provinces: [...p.provinces] })))
        .execute();
      await trx
        .insertInto('project_budget_lines')
        .values(demoProject.budgetLines.map((l) => ({ project_id: project.id, code: l.code, label: l.label, amount: l.amount })))
        .execute();
      await trx
        .insertInto('complementary_projects')
        .values(demoProject.complementary.map((c) => ({ project_id: project.id, name: c.name, funder: c.funder, notes: c.notes })))
        .execute();
    }

    const roles = await trx.selectFrom('roles').select(['id', 'key']).execute();
    const roleId = new Map(roles.map((r) => [r.key, r.id]));
    let usersCreated = 0;
    for (const a of demoAccounts) {
      const rid = roleId.get(a.roleKey);
      if (!rid) throw new Error(`built-in role ${a.roleKey} missing: run the migrations and the role seed first`);
      const existing = await trx.selectFrom('users').select('id').where('email', '=', a.email).executeTakeFirst();
      let userId: string;
      if (existing) {
        userId = existing.id;
        await trx
          .updateTable('users')
          .set({ password_hash: options.passwordHash, password_changed_at: now, mfa_exempt: true, is_active: true, failed_logins: 0, locked_until: null, updated_at: now })
          .where('id', '=', userId)
          .execute();
      } else {
        userId = (
          await trx
            .insertInto('users')
            .values({
              email: a.email,
              display_name: a.displayName,
              password_hash: options.passwordHash,
              password_changed_at: now,
              mfa_exempt: true,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        usersCreated++;
      }
      const organisationId = idOf(a.organisationCode);
      const membership = await trx
        .selectFrom('memberships')
        .select('role_id')
        .where('user_id', '=', userId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (!membership) {
        await trx.insertInto('memberships').values({ user_id: userId, organisation_id: organisationId, role_id: rid, created_at: now }).execute();
      } else if (membership.role_id !== rid) {
        // Someone changed the demo account's role: put it back, and end its sessions as any role change does.
        await trx.updateTable('memberships').set({ role_id: rid }).where('user_id', '=', userId).where('organisation_id', '=', organisationId).execute();
        await revokeUserSessions({ db: trx, userId, reason: 'role_changed', now });
      }
    }
    await systemSeedDemoPublicPages({ db: trx, now });
    return { organisationsCreated, usersCreated, projectCreated: !!project };
  });
}

function organisationName(code: string): string {
  return demoOrganisations.find((o) => o.code === code)?.name ?? code;
}

/** Rows for the printed login table and docs/demo-accounts.md. */
export function demoAccountRows(): Array<{ email: string; role: string; organisation: string; account: DemoAccount }> {
  return demoAccounts.map((a) => ({
    email: a.email,
    role: `${a.roleKey} (${builtinRole(a.roleKey).name.it})`,
    organisation: organisationName(a.organisationCode),
    account: a,
  }));
}

/** The Markdown table of docs/demo-accounts.md. */
export function demoAccountsMarkdown(): string {
  const lines = ['| e-mail | role | organisation |', '|---|---|---|'];
  for (const r of demoAccountRows()) lines.push(`| \`${r.email}\` | ${r.role} | ${r.organisation} |`);
  return lines.join('\n');
}
