/**
 * Model-based tests that reach the database (issue 10, item 7): every covering path generated from the
 * contact machine (`xstate/graph`, machines/contact.paths.ts — the paths in
 * docs/contact-lifecycle-paths.txt) is driven event by event through the real lifecycle service on
 * both databases. After each step the stored contact must be the path's: its state, its snapshot, its
 * version, its projections (information requests, step-downs, outcome and decision columns), one more
 * event in its history and one more audit record; at the end its history replays to its snapshot.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createContact } from "../../app/contacts/create.server";
import { checkContactHistory } from "../../app/contacts/history.server";
import { applyEventToContact } from "../../app/contacts/lifecycle.server";
import { projectContact, projectionRows } from "../../app/contacts/projection.server";
import { listAuditForSubject } from "../../db/queries/audit";
import { listContactEvents } from "../../db/queries/contacts/contact-events";
import { insertUser } from "../../db/queries/users";
import { type ContactSnapshot, initialContactSnapshot, persistContactSnapshot, stateName } from "../../machines/contact.machine";
import { coveringContactPaths, formatPath, SAMPLE_INPUT } from "../../machines/contact.paths";
import { describeOnBothDatabases } from "./databases";

const PATHS = coveringContactPaths();

/** Every actor the generated events name (machines/contact.paths.ts), as users, so their foreign keys hold. */
const USERS = [
  ["screener-1", "screener", null, null],
  ["manager-1", "manager", null, null],
  ["police-1", "partner", "police", null],
  ["health-1", "partner", "health", null],
  ["north-1", "early_help", null, "north"],
  ["south-1", "early_help", null, "north"],
  ["deadline-job", "admin", null, null],
  ["history-import", "admin", null, null],
] as const;

/** The stored snapshot with this contact's id in place of the generated paths' sample id. */
function asGenerated(snapshot: unknown, contactId: string): unknown {
  return JSON.parse(JSON.stringify(snapshot).replaceAll(contactId, SAMPLE_INPUT.contactId!));
}

describe("the generated covering paths", () => {
  it("are many, and reach every outcome", () => {
    expect(PATHS.length).toBeGreaterThan(20);
    const outcomes = new Set(PATHS.map((p) => p.snapshots.at(-1)!.context.outcome).filter(Boolean));
    expect([...outcomes].sort()).toEqual(["advice_signpost", "duplicate", "early_help", "existing_case", "nfa", "referral", "strategy_discussion"]);
  });
});

describeOnBothDatabases("every covering path of the contact machine, through the lifecycle service", (t) => {
  beforeAll(async () => {
    const db = t.handle.db;
    for (const [id, role, agency, hub] of USERS) {
      await insertUser(db, { id, email: `${id}@example.org`, display_name: id, role, agency_code: agency, hub_code: hub, password_hash: "x" });
    }
    await db.insertInto("people").values({ id: "person-1", last_name: "Path", first_name: "Child", sex: "U" }).execute();
    // The contact the samples' MARK_DUPLICATE names.
    await createContact(
      db,
      { id: "contact-0001", reference: "PATH-0001", received_at: "2024-06-03T08:00:00Z", source: "6", channel: "phone", referrer: JSON.stringify({}) },
      { actor: null, recordedAt: "2024-06-03T08:00:00Z" },
    );
  }, 60_000);

  it.each(PATHS.map((path, i) => [i + 1, formatPath(path), path] as const))(
    "path %i: %s",
    async (n, _text, path) => {
      const db = t.handle.db;
      const id = `path-${String(n).padStart(3, "0")}`;
      await createContact(
        db,
        { id, reference: `PATH-${n}`, received_at: SAMPLE_INPUT.receivedAt, source: "6", channel: "phone", referrer: JSON.stringify({}) },
        { actor: null, recordedAt: SAMPLE_INPUT.receivedAt },
      );
      let expected: ContactSnapshot = initialContactSnapshot({ receivedAt: SAMPLE_INPUT.receivedAt, immediateRisk: false, contactId: id, rules: SAMPLE_INPUT.rules });
      for (const [i, event] of path.events.entries()) {
        const result = await applyEventToContact(db, { contactId: id, expectedVersion: i + 1, idempotencyKey: `${id}-${i}`, event });
        expect(result, `step ${i + 1}: ${event.type}`).toMatchObject({ kind: "applied", replayed: false, version: i + 2 });
        const generated = path.snapshots[i + 1]!;
        const row = await db.selectFrom("contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        // The path's own state and snapshot, as the traversal computed them.
        expect(row.state, `state after step ${i + 1}: ${event.type}`).toBe(stateName(generated));
        expect(asGenerated(row.snapshot, id)).toEqual(asGenerated(persistContactSnapshot(generated), SAMPLE_INPUT.contactId!));
        expect(row.version).toBe(i + 2);
        // The projected columns and rows are the snapshot's.
        expected = generated;
        const projected = projectContact(expected);
        expect({
          outcome: row.outcome,
          decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : null,
          priority: row.priority,
          consent: row.consent,
          level_of_need: row.level_of_need,
          hub_code: row.hub_code,
          authorised_by: row.authorised_by,
        }).toEqual({
          outcome: projected.outcome,
          decided_at: projected.decided_at ? new Date(projected.decided_at as string).toISOString() : null,
          priority: projected.priority,
          consent: projected.consent,
          level_of_need: projected.level_of_need,
          hub_code: projected.hub_code,
          authorised_by: projected.authorised_by,
        });
        const { requests, stepDowns } = projectionRows(id, expected);
        const storedRequests = await db.selectFrom("information_requests").select(["agency_code", "status", "rag"]).where("contact_id", "=", id).orderBy("agency_code").execute();
        expect(storedRequests).toEqual(
          requests.map((r) => ({ agency_code: r.agency_code, status: r.status, rag: r.rag ?? null })).sort((a, b) => a.agency_code.localeCompare(b.agency_code)),
        );
        const storedStepDowns = await db.selectFrom("step_downs").select(["hub_code", "status"]).where("contact_id", "=", id).orderBy("offered_at").execute();
        expect(storedStepDowns).toEqual(stepDowns.map((s) => ({ hub_code: s.hub_code, status: s.status })));
        // One more event in the history, one more audit record.
        expect(await listContactEvents(db, id)).toHaveLength(i + 2);
        expect(await listAuditForSubject(db, "contact", id)).toHaveLength(i + 1);
      }
      const stored = await db.selectFrom("contacts").select(["id", "snapshot", "machine_version"]).where("id", "=", id).executeTakeFirstOrThrow();
      expect(await checkContactHistory(db, stored)).toEqual({ ok: true });
    },
    60_000,
  );
});
