import type { Executor } from "./users";

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  ipAddress?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

/** Appends to the audit trail. Call it inside the transaction of the change it records. */
export async function recordAudit(db: Executor, record: AuditRecord) {
  await db
    .insertInto("audit_events")
    .values({
      actor_user_id: record.actorUserId,
      action: record.action,
      subject_type: record.subjectType ?? null,
      subject_id: record.subjectId ?? null,
      ip_address: record.ipAddress ?? null,
      details: JSON.stringify(record.details ?? {}),
      ...(record.at ? { at: record.at } : {}),
    })
    .execute();
}

/** Failed sign-ins for one e-mail address since a time (to slow down password guessing). */
export async function countFailedSignIns(db: Executor, email: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", "sign_in_failed")
    .where("subject_type", "=", "email")
    .where("subject_id", "=", email)
    .where("at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Failed sign-ins from one address since a time, whatever e-mail addresses were tried. */
export async function countFailedSignInsFromAddress(db: Executor, ipAddress: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", "sign_in_failed")
    .where("ip_address", "=", ipAddress)
    .where("at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listAuditForSubject(db: Executor, subjectType: string, subjectId: string) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select(["audit_events.id", "audit_events.at", "audit_events.action", "audit_events.details", "users.display_name as actor_name"])
    .where("subject_type", "=", subjectType)
    .where("subject_id", "=", subjectId)
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .execute();
}
