/**
 * Hostile input against the running app (issue 7, finding 7). Every route of the route manifest
 * (read from the production build the server runs), for every kind of user, gets hostile query
 * strings and hostile bodies, to the page and to its `.data` URL: bodies that are not forms, broken
 * multipart, NUL bytes, huge numbers, impossible years, `__proto__` and `constructor` as field
 * names, repeated keys, over-long text and markup. None may get a 5xx, and no HTML response may
 * carry the markup unescaped. Then a contact whose text is markup is recorded and every page that
 * shows it is checked for the markup rendered as text.
 *
 * Nothing here may change what the other browser tests rely on: no body can be a valid sign-in
 * attempt (the failed-attempt limit is per address), a valid public report (the hourly limit is per
 * address), a new bank holiday or a change of timescales; the contact that is acted on is this
 * test's own, and partners' and hubs' records are ones already answered.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type APIRequestContext, type APIResponse, expect, request as requests, test } from "@playwright/test";
import { DEMO_PASSWORD } from "./helpers";

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(1)>`;
/** What must never appear in an HTML response: markup that would run. */
const UNESCAPED = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"];

const IDENTITIES = {
  anonymous: null,
  screener: "screener@demo.mash.example",
  manager: "manager@demo.mash.example",
  partner: "police@demo.mash.example",
  earlyHelp: "north@demo.mash.example",
  admin: "admin@demo.mash.example",
} as const;
type Identity = keyof typeof IDENTITIES;

/** Field values no form should choke on. None is a small positive whole number (a real version) or a real e-mail address. */
const HOSTILE_VALUES = [
  SCRIPT,
  IMG,
  "a\u0000b",
  "\u0000",
  "\u0001\u0008\u001b[31m\u007f",
  "x".repeat(5_000),
  "é".repeat(10_000),
  "99999999999999999999",
  "2147483648",
  "-2147483649",
  "9223372036854775808",
  "-1",
  "0",
  "1e309",
  "NaN",
  "0x7fffffff",
  "__proto__",
  "constructor",
  "0000-00-00",
  "99999-12-31",
  "-0001-01-01",
  "31/12/99999",
  "' OR '1'='1' --",
  "\u202e\ud83d\ude00",
  "",
];

/** Years PostgreSQL cannot store, or a service would never need. */
const HOSTILE_YEARS = ["0", "99999", "-1", "10000", "1899", "275760", "1e4"];

/** Ids for a route's `:param`, written as they go in the path. */
const HOSTILE_IDS = [
  "00000000-0000-0000-0000-000000000000",
  "__proto__",
  "constructor",
  "-1",
  "99999999999999999999",
  "x".repeat(3_000),
  encodeURIComponent(SCRIPT),
  "a%00b",
  "%E0%A4%A",
  "..%2F..%2Fetc%2Fpasswd",
];

/** Query strings every route gets: each query parameter any page reads, set to one hostile value at once, and some special ones. */
const QUERY_NAMES = [
  "page", "year", "added", "removed", "survivor", "merged", "done", "reference", "redirectTo", "signedOut", "saved", "revoked", "recorded",
  "view", "state", "priority", "source", "allocated", "repeat", "after", "before", "firstName", "lastName", "dateOfBirth", "postcode", "nhsNumber",
];
const SPECIAL_QUERIES = [
  "survivor=__proto__",
  "merged=constructor&survivor=toString",
  "survivor=__proto__&merged=__proto__",
  "added=not-a-date",
  "added=2025-02-30",
  "removed=99999-01-01",
  "added=0000-01-01&removed=-0001-01-01",
  "year=99999999999999999999",
  "page=1e400",
  "page=2147483648",
  `after=${encodeURIComponent("+099999-01-01T00:00:00.000Z~x")}`,
  `before=${encodeURIComponent("-000001-01-01T00:00:00.000Z~x")}`,
  `after=${encodeURIComponent("0000-01-01T00:00:00.000Z~00000000-0000-0000-0000-000000000000")}`,
  `after=${encodeURIComponent("275760-09-13T00:00:00.000Z~x")}`,
  `after=${encodeURIComponent("2025-01-01T00:00:00.000Z~")}${"x".repeat(150)}`,
  "after=~&before=~~",
  `after=${encodeURIComponent("1 January 99999~x")}`,
  "state=received&state=__proto__&priority=constructor",
  "__proto__[polluted]=1&constructor[prototype][polluted]=1",
  "lastName=%3Cscript%3E&dateOfBirth=1%2F1%2F0&postcode=EX1%201AA",
  "dateOfBirth=31%2F12%2F99999&postcode=EX1%201AA",
  "nhsNumber=99999999999999999999",
  "q=%zz&page=%",
  "q=%E0%A4%A",
  "firstName=a%00b&lastName=b",
  `reference=${encodeURIComponent(SCRIPT)}`,
  `redirectTo=${encodeURIComponent(`javascript:alert(1)`)}`,
  "_routes=__proto__",
  "_routes=root%2Cconstructor%2C%00",
  "index&_data=__proto__",
];

/** Bodies whose names are the attack: prototype keys, shapes the intake form does not expect, repeated keys. */
const SPECIAL_BODIES = [
  "__proto__=x",
  "__proto__%5Bpolluted%5D=1",
  "constructor%5Bprototype%5D%5Bpolluted%5D=1",
  "constructor.prototype.polluted=1",
  "__proto__.polluted=1",
  "toString=x&valueOf=x&hasOwnProperty=x",
  "children=x",
  "household=x",
  "intent=record&children=x&household=x",
  "intent=add-child&children=x",
  "intent=add-household&household=x",
  "intent=remove-child-0&children=x",
  "intent=remove-household-99",
  "children.0=x",
  "children.__proto__.lastName=x",
  "children.0.__proto__=x",
  "children.foo.lastName=x&children.0.lastName=y",
  "children.0.dateOfBirth=x&children.0.dateOfBirth.day=1",
  "children.0.dateOfBirth.day=1&children.0.dateOfBirth=x",
  "intent=record&receivedDate=x&receivedDate.year=99999",
  "children.99.lastName=x&household.99.name=x",
  "survivorId=__proto__&mergedId=constructor&reason=x&idempotencyKey=12345678",
  "survivorId=__proto__&mergedId=__proto__",
  "agencies=police&agencies=__proto__&agencies=constructor",
  "intent=a&intent=b&intent=c",
  "version=0&version=2147483648&version=-1",
  "idempotencyKey=" + "k".repeat(300),
  "a=%zz&b=%",
  "a=%E0%A4%A&b=%FF%FE",
  "=&==&&&=x",
];

type Body = { label: string; contentType: string | null; data: string | Buffer };

/** Bodies that are not urlencoded forms, or are broken ones. */
const NOT_FORMS: Body[] = [
  { label: "text/plain", contentType: "text/plain", data: "intent=record&email=x" },
  { label: "JSON", contentType: "application/json", data: JSON.stringify({ intent: "record", email: "x", __proto__: { polluted: 1 } }) },
  { label: "octet-stream", contentType: "application/octet-stream", data: Buffer.from([0, 1, 2, 255]) },
  { label: "no content type", contentType: null, data: Buffer.from("intent=record") },
  { label: "multipart without boundary", contentType: "multipart/form-data", data: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n" },
  { label: "multipart, wrong boundary", contentType: "multipart/form-data; boundary=yyy", data: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n" },
  { label: "multipart, truncated", contentType: "multipart/form-data; boundary=x", data: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb" },
  { label: "multipart, garbage", contentType: "multipart/form-data; boundary=x", data: Buffer.from([0x2d, 0x2d, 0x78, 0x0d, 0x0a, 0, 0, 0xff]) },
  {
    label: "multipart with a file",
    contentType: "multipart/form-data; boundary=x",
    data: "--x\r\nContent-Disposition: form-data; name=\"concern\"; filename=\"a.html\"\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--x--\r\n",
  },
  {
    label: "multipart with a NUL",
    contentType: "multipart/form-data; boundary=x",
    data: "--x\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nrecord\u0000\r\n--x\r\nContent-Disposition: form-data; name=\"__proto__\"\r\n\r\nx\r\n--x--\r\n",
  },
  { label: "urlencoded, UTF-16", contentType: "application/x-www-form-urlencoded; charset=utf-16", data: Buffer.from("\u0000i\u0000n\u0000t", "latin1") },
  { label: "urlencoded, binary", contentType: "application/x-www-form-urlencoded", data: Buffer.from([0, 0xff, 0xfe, 0x3d, 0x26, 0x00]) },
];

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; module: { action?: unknown; loader?: unknown } };

/** The routes of the production build the server runs, as URL patterns, with whether each has an action. */
async function routeManifest(): Promise<{ pattern: string; hasAction: boolean }[]> {
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as { routes: Record<string, ManifestRoute> };
  const routes = build.routes;
  const patternOf = (route: ManifestRoute): string => {
    const parts: string[] = [];
    for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
    return `/${parts.join("/")}`;
  };
  return Object.values(routes)
    .filter((r) => r.id !== "root")
    .map((r) => ({ pattern: patternOf(r), hasAction: typeof r.module.action === "function" }));
}

/** The `.data` URL single fetch uses for a page. */
function dataUrl(pathname: string): string {
  return pathname === "/" ? "/_root.data" : `${pathname.replace(/\/$/, "")}.data`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_m, e: string) => ENTITIES[e]!);

type Field = { tag: string; name: string; value: string | null; type: string | null };

/** The named fields of a page's forms (inputs, selects, textareas, buttons). */
function fieldsOf(html: string): Field[] {
  const fields: Field[] = [];
  for (const match of html.matchAll(/<(input|select|textarea|button)\b([^>]*)>/g)) {
    const attrs = Object.fromEntries([...match[2]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
    if (attrs.name) fields.push({ tag: match[1]!, name: attrs.name, value: attrs.value ?? null, type: attrs.type ?? null });
  }
  return fields;
}

/** The hidden fields of the form whose `data-testid` or action is given, in the page. */
function formFields(html: string, marker: string): Record<string, string> {
  const start = html.indexOf(marker);
  expect(start, `a form marked ${marker}`).toBeGreaterThan(-1);
  const formStart = html.lastIndexOf("<form", start);
  const formEnd = html.indexOf("</form>", start);
  return Object.fromEntries(
    fieldsOf(html.slice(formStart, formEnd))
      .filter((f) => f.type === "hidden" && f.value !== null)
      .map((f) => [f.name, f.value!]),
  );
}

const encode = (fields: [string, string][]) => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

/** Runs tasks with at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

async function contextFor(baseURL: string, identity: Identity): Promise<APIRequestContext> {
  const context = await requests.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const email = IDENTITIES[identity];
  if (email) {
    const response = await context.post("/sign-in", { form: { email, password: DEMO_PASSWORD, redirectTo: "" }, maxRedirects: 0 });
    expect(response.status(), `${identity} signs in`).toBe(302);
    expect(response.headers().location).not.toContain("/sign-in");
  }
  return context;
}

function londonNow(): { day: string; month: string; year: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.day!, month: parts.month!, year: parts.year!, time: `${parts.hour}:${parts.minute}` };
}

/** Records a contact as the screener, with the given text, and returns its id. */
async function recordContact(screener: APIRequestContext, text: { referrer: string; child: string; concern: string; other: string }): Promise<string> {
  const page = await screener.get("/contacts/new");
  expect(page.status()).toBe(200);
  const hidden = fieldsOf(await page.text()).filter((f) => f.type === "hidden" && f.value !== null);
  const now = londonNow();
  const fields: [string, string][] = [
    ...hidden.map((f): [string, string] => [f.name, f.value!]),
    ["intent", "record"],
    ["referrerName", text.referrer],
    ["referrerType", "professional"],
    ["referrerRole", text.other],
    ["referrerOrganisation", text.other],
    ["referrerPhone", "01392 000000"],
    ["source", "6"],
    ["channel", "phone"],
    ["receivedDate.day", now.day],
    ["receivedDate.month", now.month],
    ["receivedDate.year", now.year],
    ["receivedTime", now.time],
    ["children.0.firstName", text.child],
    ["children.0.lastName", text.child],
    ["children.0.sex", "U"],
    ["household.0.name", text.other],
    ["household.0.relationship", text.other],
    ["addressLine1", text.other],
    ["addressTown", text.other],
    ["concern", text.concern],
    ["immediateRisk", "no"],
    ["consent", "not_sought"],
    ["consentNotes", text.other],
  ];
  const response = await screener.post("/contacts/new", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: encode(fields),
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(303);
  const id = /^\/contacts\/([^/?]+)/.exec(response.headers().location ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** Links the contact to a new person record (as the screener) and returns the person's id, found as the manager finds it. */
async function linkNewPerson(screener: APIRequestContext, manager: APIRequestContext, contactId: string, lastName: string): Promise<string> {
  const page = await screener.get(`/contacts/${contactId}/child`);
  expect(page.status()).toBe(200);
  const create = formFields(await page.text(), 'name="intent" value="create"');
  const linked = await screener.post(`/contacts/${contactId}/child`, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: encode([...Object.entries(create), ["lastName", lastName], ["sex", "U"]]),
    maxRedirects: 0,
  });
  expect(linked.status(), await linked.text()).toBe(303);
  const found = await (await manager.get(`/people/merge?lastName=${encodeURIComponent(lastName)}`)).text();
  const id = /[?&;]survivor=([^&"]+)/.exec(found)?.[1];
  expect(id, "the new person is found on the merge page").toBeTruthy();
  return decodeURIComponent(decode(id!));
}

/** Sends the form of `intent` on the page at `path` as `context`, with `fields` besides its own hidden ones; it must be applied (a redirect). */
async function sendForm(context: APIRequestContext, path: string, intent: string, fields: [string, string][] = []) {
  const page = await context.get(path);
  expect(page.status(), `GET ${path}`).toBe(200);
  const hidden = formFields(await page.text(), `name="intent" value="${intent}"`);
  const response = await context.post(path, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: encode([...Object.entries(hidden), ...fields]),
    maxRedirects: 0,
  });
  expect([302, 303], `${intent} on ${path}: ${response.status()} ${await response.text()}`).toContain(response.status());
}

/** The contact's reference, as its page shows it. */
async function referenceOf(context: APIRequestContext, contactId: string): Promise<string> {
  const reference = /Contact (MASH-\d{4}-\d{6})/.exec(await (await context.get(`/contacts/${contactId}`)).text())?.[1];
  expect(reference, `contact ${contactId} has a reference`).toBeTruthy();
  return reference!;
}

/** The id in the link to `/<list>/<id>` in the row of contact `reference`, page by page. */
async function recordIdOf(context: APIRequestContext, list: string, reference: string): Promise<string> {
  for (let page = 1; page <= 50; page++) {
    const html = await (await context.get(`/${list}?page=${page}`)).text();
    const row = html.split("<tr").slice(1).find((r) => r.includes(reference));
    const link = row === undefined ? null : new RegExp(`href="/${list}/([^"?]+)"`).exec(row);
    if (link) return decode(link[1]!);
    if (!html.includes('rel="next"')) break;
  }
  throw new Error(`Contact ${reference} is not in /${list}`);
}

/**
 * This test's own answered records: an information request police have answered (a contact screened
 * Amber, with consent, police asked) and a step-down the North hub has accepted (a contact screened
 * Green, decided early help at North, authorised by a manager) — as each role sends the forms.
 */
async function answeredRecords(contexts: Record<"screener" | "manager" | "partner" | "earlyHelp", APIRequestContext>): Promise<{ requestId: string; stepDownId: string }> {
  const text = (child: string) => ({ referrer: "Fuzz Referrer", child, concern: "A concern recorded for the hostile input test.", other: "Fuzz" });
  const asked = await recordContact(contexts.screener, text("Fuzzasked"));
  const askedPath = `/contacts/${asked}`;
  await sendForm(contexts.screener, askedPath, "START_SCREENING");
  await sendForm(contexts.screener, askedPath, "SET_PRIORITY", [["priority", "amber"], ["reason", "Bruising seen by the school; no disclosure."]]);
  await sendForm(contexts.screener, askedPath, "RECORD_CONSENT", [["consent", "given"]]);
  await sendForm(contexts.screener, askedPath, "REQUEST_PARTNER_INFORMATION", [["agencies", "police"]]);
  const requestId = await recordIdOf(contexts.partner, "information-requests", await referenceOf(contexts.screener, asked));
  await sendForm(contexts.partner, `/information-requests/${requestId}`, "PARTNER_INFORMATION_RETURNED", [["rag", "amber"], ["ragRationale", "One call-out, no violence."], ["information", "Known to police: one call-out last year."]]);

  const stepped = await recordContact(contexts.screener, text("Fuzzstepped"));
  await linkNewPerson(contexts.screener, contexts.manager, stepped, "Fuzzstepped");
  const steppedPath = `/contacts/${stepped}`;
  await sendForm(contexts.screener, steppedPath, "START_SCREENING");
  await sendForm(contexts.screener, steppedPath, "SET_PRIORITY", [["priority", "green"], ["reason", "No one at risk today."]]);
  await sendForm(contexts.screener, steppedPath, "COMPLETE_SCREENING");
  // Early help needs the family's agreement first (issue 12, item 2).
  await sendForm(contexts.screener, steppedPath, "RECORD_CONSENT", [["consent", "given"], ["purpose", "early_help"]]);
  await sendForm(contexts.screener, steppedPath, "PROPOSE_DECISION", [["outcome", "early_help"], ["levelOfNeed", "2"], ["rationale", "Parenting support through the hub."], ["hub", "north"]]);
  await sendForm(contexts.manager, steppedPath, "AUTHORISE_DECISION");
  const stepDownId = await recordIdOf(contexts.earlyHelp, "step-downs", await referenceOf(contexts.screener, stepped));
  await sendForm(contexts.earlyHelp, `/step-downs/${stepDownId}`, "ACCEPT_STEP_DOWN", [["leadPractitioner", "Jo Bennett"]]);
  return { requestId, stepDownId };
}

type Outcome = { method: string; url: string; label: string; identity: Identity; status: number; unescaped: boolean };

// The answered records, made before the hostile requests (with a time of their own).
let answered: { requestId: string; stepDownId: string };
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const origin = test.info().project.use.baseURL!;
  const roles = ["screener", "manager", "partner", "earlyHelp"] as const;
  const contexts = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await contextFor(origin, role)] as const))) as Record<(typeof roles)[number], APIRequestContext>;
  answered = await answeredRecords(contexts);
  for (const context of Object.values(contexts)) await context.dispose();
});

test("a thousand and more hostile requests across every route and form: never a 5xx, never markup unescaped", async ({ baseURL }) => {
  // Under a minute on a quiet machine; the ceiling allows for one shared with other test runs.
  test.setTimeout(240_000);
  const started = Date.now();
  const origin = baseURL!;
  const routes = await routeManifest();
  expect(routes.length).toBeGreaterThan(15);
  expect(routes.filter((r) => r.hasAction).length).toBeGreaterThan(10);

  const contexts = Object.fromEntries(
    await Promise.all((Object.keys(IDENTITIES) as Identity[]).map(async (identity) => [identity, await contextFor(origin, identity)] as const)),
  ) as Record<Identity, APIRequestContext>;

  // Real ids, all this test's own: a contact and its child's person record, and a partner's and a hub's record already answered.
  const contactId = await recordContact(contexts.screener, { referrer: "Fuzz Referrer", child: "Fuzzington", concern: "A concern recorded for the hostile input test.", other: "Fuzz" });
  const personId = await linkNewPerson(contexts.screener, contexts.manager, contactId, "Fuzzington");
  const { requestId, stepDownId } = answered;
  const realIds: Record<string, string> = { contactId, personId, requestId, stepDownId, "*": "no/such/page" };

  /** Each route as URLs: with the real ids (first), then with each hostile id. */
  const urlsOf = (pattern: string): string[] => {
    const names = [...pattern.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*");
    const fill = (value: (name: string) => string) => pattern.replace(/:(\w+)|\*/g, (_m, name?: string) => value(name ?? "*"));
    if (!names.length) return [pattern];
    for (const name of names) expect(realIds[name], `a real value for :${name}`).toBeTruthy();
    return [fill((name) => (name === "*" ? realIds[name]! : encodeURIComponent(realIds[name]!))), ...HOSTILE_IDS.map((id) => fill(() => id))];
  };

  const outcomes: Outcome[] = [];
  const send = (identity: Identity, method: "GET" | "POST", url: string, label: string, body?: Body) => async () => {
    const context = contexts[identity];
    const attempt = () => {
      if (method === "GET") return context.get(url, { maxRedirects: 0, failOnStatusCode: false });
      const headers: Record<string, string> = {};
      if (body!.contentType) headers["Content-Type"] = body!.contentType;
      return context.post(url, { headers, data: body!.data, maxRedirects: 0, failOnStatusCode: false });
    };
    let response: APIResponse;
    try {
      // Once more on a reset connection: a kept-alive connection the server closed as it was reused is
      // not an answer (and no body here changes anything). A server that fell over resets both.
      response = await attempt().catch((error: unknown) => {
        if (/ECONNRESET|socket hang up/.test(String(error))) return attempt();
        throw error;
      });
    } catch (error) {
      // No answer at all (the connection dropped, a header too large to read) fails like a 5xx.
      const outcome = { method, url: url.slice(0, 300), label: `${label}: ${String(error).split("\n")[0]}`, identity, status: 599, unescaped: false };
      outcomes.push(outcome);
      return outcome;
    }
    const type = response.headers()["content-type"] ?? "";
    const text = type.includes("text/html") ? await response.text() : "";
    const outcome = { method, url: url.slice(0, 300), label, identity, status: response.status(), unescaped: UNESCAPED.some((m) => text.includes(m)) };
    outcomes.push(outcome);
    return outcome;
  };

  const tasks: (() => Promise<Outcome>)[] = [];
  const fuzzedFully: Record<string, number> = {};
  for (const route of routes) {
    const urls = urlsOf(route.pattern);
    for (const identity of Object.keys(IDENTITIES) as Identity[]) {
      const context = contexts[identity];
      const [realUrl, ...hostileUrls] = urls;
      // Whether this identity may see the page, and the forms it (or, for allocation, the page it sends on to) has for them.
      const visit = await context.get(realUrl!, { maxRedirects: 0, failOnStatusCode: false });
      expect(visit.status(), `GET ${realUrl} as ${identity}`).toBeLessThan(500);
      const location = visit.headers().location ?? "";
      const shown = visit.status() === 200;
      let html = shown ? await visit.text() : "";
      const onwards = location ? new URL(location, origin).pathname : "";
      // A page that only takes posts sends a visit on to the page its form is on (allocation → the contact).
      if (!shown && onwards.length > 1 && realUrl!.startsWith(`${onwards}/`)) html = await (await context.get(location, { failOnStatusCode: false })).text();
      const fields = fieldsOf(html);
      // Everything for the first identity that may use the page, half for the second (another role, other forms); a sample for the rest.
      const rank = shown || fields.length > 0 ? (fuzzedFully[route.pattern] = (fuzzedFully[route.pattern] ?? 0) + 1) : 0;
      const full = rank === 1;
      const half = (_x: unknown, i: number) => rank === 1 || i % 2 === 0;
      // The measures pages compute a period's measures on every request (the trends page, 24 months of them):
      // a sample of hostile queries proves them, a full set would only time the embedded database.
      const measuresPage = route.pattern.startsWith("/measures");

      // Hostile ids: the page (and for some its data) and a post; every hostile id for those who may use the page, two for the others.
      for (const url of full ? hostileUrls : hostileUrls.filter((_u, i) => i % 5 === 0)) {
        tasks.push(send(identity, "GET", url, "hostile id"));
        if (url.length % 2) tasks.push(send(identity, "GET", dataUrl(url), "hostile id"));
        if (route.hasAction) tasks.push(send(identity, "POST", url, "hostile id", { label: "form", contentType: "application/x-www-form-urlencoded", data: "intent=x&version=2147483648" }));
      }

      // Hostile query strings: many for those who may use the page, a few for those who may not.
      const queries = [
        // (Long values go in one parameter: a whole address stays within what an HTTP server reads, 16 KB.)
        ...HOSTILE_VALUES.filter((_v, i) => i % 3 === 0).map((value) => encode(value.length > 100 ? [["lastName", value.slice(0, 2_000)]] : QUERY_NAMES.map((name): [string, string] => [name, value]))),
        ...SPECIAL_QUERIES,
      ];
      const chosen = full && !measuresPage ? queries.filter(half) : queries.filter((_q, i) => i % 15 === 0);
      chosen.forEach((query, i) => tasks.push(send(identity, "GET", `${i % 2 ? dataUrl(realUrl!) : realUrl}?${query}`, "hostile query")));

      if (!route.hasAction) continue;
      // Signing out would end the session the rest of the test uses.
      if (route.pattern === "/sign-out" && identity !== "anonymous") continue;

      const post = (label: string, body: Body, both = true) => {
        tasks.push(send(identity, "POST", realUrl!, label, body));
        if (both) tasks.push(send(identity, "POST", dataUrl(realUrl!), label, body));
      };
      const form = (data: string): Body => ({ label: "form", contentType: "application/x-www-form-urlencoded", data });
      // Those the page has no form for: bodies that are not forms, and some names that are the attack.
      if (!full || !fields.length) {
        for (const body of NOT_FORMS.filter((_b, i) => i % 6 === 0)) post(body.label, body, false);
        for (const special of SPECIAL_BODIES.filter((_b, i) => i % 10 === 0)) post(special, form(special), false);
        continue;
      }
      for (const body of NOT_FORMS) post(body.label, body);

      // The page's own fields and intents, every field set to one hostile value; dates with impossible years.
      const names = [...new Set(fields.map((f) => f.name).filter((n) => n !== "intent"))];
      const intents = [...new Set(fields.filter((f) => f.name === "intent" && f.value).map((f) => f.value!))];
      for (const [i, intent] of (intents.length ? intents.slice(0, 3) : [null]).entries()) {
        const withIntent = (pairs: [string, string][]) => encode(intent ? [["intent", intent], ...pairs] : pairs);
        // Every field the value (an over-long one in three fields only: a body stays within the route's size cap);
        // later intents get a quarter of the values, the first intent the dates and the names that are the attack.
        HOSTILE_VALUES.forEach((value, j) => {
          if ((i > 0 && (i + j) % 4) || !half(value, j)) return;
          const pairs = names.map((n, k): [string, string] => [n, value.length > 1_000 && k % Math.ceil(names.length / 3) ? "x" : value]);
          post(`${intent ?? "form"}: every field ${JSON.stringify(value.slice(0, 20))}`, form(withIntent(pairs)), j % 6 === 0);
        });
        if (i > 0) continue;
        for (const year of HOSTILE_YEARS.slice(0, 4).filter(half)) {
          const dated = names.map((n): [string, string] => [n, /(^|\.)(day|month)$/.test(n) ? "1" : /(^|\.)year$/.test(n) ? year : /date/i.test(n) ? `1/1/${year}` : "x"]);
          post(`${intent ?? "form"}: year ${year}`, form(withIntent(dated)), false);
        }
        for (const special of SPECIAL_BODIES.filter(half)) post(`${intent ?? "form"}: ${special}`, form(intent ? `intent=${encodeURIComponent(intent)}&${special}` : special), false);
      }
    }
  }

  await pool(tasks, 6);

  const failures = outcomes.filter((o) => o.status >= 500).map((o) => `${o.status} ${o.identity} ${o.method} ${o.url} (${o.label})`);
  const unescaped = outcomes.filter((o) => o.unescaped).map((o) => `${o.identity} ${o.method} ${o.url} (${o.label})`);
  console.log(`${outcomes.length} hostile requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses: ${JSON.stringify(countBy(outcomes.map((o) => o.status)))}`);
  expect(outcomes.length).toBeGreaterThanOrEqual(1000);
  expect(outcomes.filter((o) => o.method === "POST").length).toBeGreaterThanOrEqual(1000);
  expect(failures).toEqual([]);
  expect(unescaped).toEqual([]);
  for (const context of Object.values(contexts)) await context.dispose();
});

function countBy(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

test("markup a screener records is shown as text on every page that shows it", async ({ baseURL }) => {
  const origin = baseURL!;
  const screener = await contextFor(origin, "screener");
  const id = await recordContact(screener, { referrer: SCRIPT, child: IMG, concern: `${SCRIPT} ${IMG} and more words about the concern`, other: IMG });

  // The screener picks it up, so it is in "My work" on the queue.
  const contactHtml = await (await screener.get(`/contacts/${id}`)).text();
  const pickUp = formFields(contactHtml, `action="/contacts/${id}/allocate"`);
  expect(pickUp.intent).toBe("pick-up");
  const picked = await screener.post(`/contacts/${id}/allocate`, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: encode(Object.entries(pickUp)),
    maxRedirects: 0,
  });
  expect(picked.status()).toBe(303);

  const reference = /Contact (MASH-[\w-]+)/.exec(contactHtml)?.[1];
  expect(reference).toBeTruthy();
  const pages = [`/contacts/${id}`, "/queue?view=mine", `/contacts/${id}/child`, `/contacts/${id}/child?lastName=${encodeURIComponent(SCRIPT)}`];
  for (const url of pages) {
    const response = await screener.get(url);
    expect(response.status(), url).toBe(200);
    const html = await response.text();
    expect(html, url).toContain(reference!);
    for (const markup of UNESCAPED) expect(html.includes(markup), `${url} shows ${markup} unescaped`).toBe(false);
  }
  // The contact page shows what was typed, as text.
  const shown = await (await screener.get(`/contacts/${id}`)).text();
  expect(shown).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(shown).toContain("&lt;img src=x onerror=alert(1)&gt;");
  await screener.dispose();
});

test("a form that cannot be read, or holds a control character, is refused with a message saying why", async ({ baseURL }) => {
  const screener = await contextFor(baseURL!, "screener");
  const broken = await screener.post("/contacts/new", {
    headers: { "Content-Type": "multipart/form-data; boundary=x" },
    data: '--x\r\nContent-Disposition: form-data; name="concern"\r\n\r\nhalf a form',
    maxRedirects: 0,
  });
  expect(broken.status()).toBe(400);
  expect(await broken.text()).toContain("The form could not be read. Go back to the page, reload it and send the form again.");

  const control = await screener.post("/contacts/new", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: "intent=record&referrerName=Ann%00Smith",
    maxRedirects: 0,
  });
  expect(control.status()).toBe(400);
  expect(await control.text()).toContain("The form contained characters that cannot be stored");
  await screener.dispose();
});
