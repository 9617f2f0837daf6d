/**
 * The administrator's pages for agencies and hubs share one route helper (app/agencies/agencies-admin-route.server.ts):
 * the same loader and action serve both, with the kind's schema, service and address as data. Each is
 * driven here as Remix calls it (a request and the load context), on both databases.
 */
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { AGENCIES, changeFromAdminPage, HUBS, loadAdminPage } from "../../app/agencies/agencies-admin-route.server";
import type { SessionUser } from "../../app/auth/session-user";
import { insertUser } from "../../db/queries/users";
import { describeOnBothDatabases } from "./databases";

const admin: SessionUser = { id: "route-admin", email: "route-admin@example.org", displayName: "Ada Admin", role: "admin", agencyCode: null, hubCode: null };
const screener: SessionUser = { id: "route-screener", email: "route-screener@example.org", displayName: "Sam Screener", role: "screener", agencyCode: null, hubCode: null };

describeOnBothDatabases("one route helper for the agencies' and hubs' pages", (t) => {
  const context = (user: SessionUser) => ({ db: t.handle.db, auth: { user, sessionId: "s" }, clientIp: "127.0.0.1" }) as unknown as AppLoadContext;
  const post = (path: string, fields: Record<string, string>) =>
    new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const get = (path: string) => new Request(`http://localhost${path}`);

  beforeAll(async () => {
    await insertUser(t.handle.db, { id: admin.id, email: admin.email, display_name: admin.displayName, role: "admin", agency_code: null, hub_code: null, password_hash: "x" });
  });

  for (const [slice, name, path] of [
    [AGENCIES, "Youth offending service", "/admin/agencies"],
    [HUBS, "Torridge hub", "/admin/hubs"],
  ] as const) {
    describe(slice.kind, () => {
      it("adds one and sends the browser back to its page with the banner's address", async () => {
        const response = (await changeFromAdminPage(slice as never, { request: post(path, { intent: "add", name }), context: context(admin), params: {} })) as Response;
        expect(response.status).toBe(303);
        const code = name.toLowerCase().replace(/ /g, "_");
        expect(response.headers.get("Location")).toBe(`${path}?done=add&code=${code}`);

        const page = await loadAdminPage(slice as never, { request: get(`${path}?done=add&code=${code}`), context: context(admin), params: {} });
        expect(page.done).toEqual({ intent: "add", name });
        expect(page.rows).toContainEqual({ code, name, partOf: null, retired: false });
      });

      it("refuses a blank name with the schema's message and keeps what was typed (400)", async () => {
        const answer = (await changeFromAdminPage(slice as never, { request: post(path, { intent: "add", name: "   " }), context: context(admin), params: {} })) as unknown as {
          init: { status: number };
          data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
        };
        expect(answer.init.status).toBe(400);
        expect(answer.data.result.error.name).toEqual(["Enter the name"]);
        expect(answer.data.result.initialValue).toMatchObject({ intent: "add", name: "   " });
      });

      it("refuses a second one of the same name at the name field, keeping it (409)", async () => {
        const answer = (await changeFromAdminPage(slice as never, { request: post(path, { intent: "add", name }), context: context(admin), params: {} })) as unknown as {
          init: { status: number };
          data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
        };
        expect(answer.init.status).toBe(409);
        expect(answer.data.result.error.name).toEqual([`There is already ${slice.kind === "agency" ? "an agency" : "a hub"} called ${name}.`]);
        expect(answer.data.result.initialValue.name).toBe(name);
      });

      it("is the administrator's only: anyone else is refused (403)", async () => {
        await expect(loadAdminPage(slice as never, { request: get(path), context: context(screener), params: {} })).rejects.toMatchObject({ status: 403 });
      });
    });
  }

  it("agencies offer the agencies in use as parents; hubs have none", async () => {
    const agencies = await loadAdminPage(AGENCIES, { request: get("/admin/agencies"), context: context(admin), params: {} });
    const hubs = await loadAdminPage(HUBS, { request: get("/admin/hubs"), context: context(admin), params: {} });
    expect(agencies.parents.map((p) => p.value)).toContain("police");
    expect(hubs.parents).toEqual([]);
  });
});
