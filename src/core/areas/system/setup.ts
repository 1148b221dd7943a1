// The first-start wizard: company settings, this office, the first administrator and, if asked,
// the demo company. All in one transaction: a failed setup leaves an empty database.
import { AppError } from '../../../contract';
import { noteAudit } from '../../context';
import { hashPassword } from '../../adapters/passwords';
import { localMeta, offices, users } from '../../db/schema';
import { loadDemoCompany } from './demo';
import type { Handler } from '../shared/types';
import { toPublicUser } from '../auth/queries';
import { writeSignInCounters } from '../auth';
import { THIS_OFFICE_KEY, forgetOfficeMemo, thisOffice, writeSetting } from '../shared/office';

export const status: Handler<'setup.status'> = (ctx) => {
  const office = thisOffice(ctx.db);
  if (!office) return { initialised: false, companyName: null };
  const company = ctx.db.query.settings
    .findFirst({ where: (s, { eq }) => eq(s.key, 'company') })
    .sync();
  const name = (company?.value as { name?: string } | undefined)?.name ?? null;
  return { initialised: true, companyName: name };
};

export const initialise: Handler<'setup.initialise'> = (ctx, input) => {
  if (thisOffice(ctx.db)) {
    throw new AppError('CONFLICT', 'GridDesk is already set up on this computer.');
  }
  const now = ctx.clock.nowIso();
  const officeId = ctx.ids.newId();
  ctx.hlc.setNode(input.office.code);
  ctx.db
    .insert(offices)
    .values({
      id: officeId,
      code: input.office.code,
      name: input.office.name,
      timeZone: input.office.timeZone,
      createdAt: now,
      updatedHlc: ctx.hlc.next(),
    })
    .run();
  ctx.db.insert(localMeta).values({ key: THIS_OFFICE_KEY, value: officeId }).run();
  forgetOfficeMemo(ctx.db);
  writeSetting(ctx.db, 'company', input.company, ctx.hlc.next());
  writeSetting(ctx.db, 'currency', input.currency, ctx.hlc.next());

  const admin = {
    id: ctx.ids.newId(),
    officeId,
    username: input.admin.username,
    displayName: input.admin.displayName,
    role: 'admin' as const,
    passwordHash: hashPassword(input.admin.password, ctx.scrypt),
    disabledAt: null,
    createdAt: now,
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db.insert(users).values(admin).run();
  // Setting up signs the administrator in (this office's counter, which never travels).
  writeSignInCounters(ctx.db, admin.id, { lastLoginAt: now });

  const demo = input.loadDemo
    ? loadDemoCompany(ctx, {
        officeId,
        officeCode: input.office.code,
        country: input.company.country,
        timeZone: input.office.timeZone,
        currencyDecimals: input.currency.decimals,
        admin: { id: admin.id, username: admin.username },
      })
    : null;

  const token = ctx.ids.newToken();
  ctx.sessions.create(token, admin.id, ctx.clock.nowMs());
  ctx.note.actor = { kind: 'user', userId: admin.id, name: admin.username, role: 'admin' };
  noteAudit(
    ctx,
    `Set up ${input.company.name}, office ${input.office.code} (${input.office.name}), ` +
      `administrator ${admin.username}${demo ? `; loaded the demo company (${demo.customers} customers)` : ''}`,
    [officeId, admin.id],
  );
  return {
    session: {
      token,
      user: toPublicUser({ ...admin, failedAttempts: 0, lockedUntil: null, lastLoginAt: now }, now),
    },
    demo,
  };
};
