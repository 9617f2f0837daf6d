import { describe, expect, it } from "vitest";
import { initialContactSnapshot } from "../../../machines/contact.machine";
import { receivedContactRows } from "../../../app/contacts/create.server";

/** Issue 11, item 5: the consent recorded at intake is the contact's consent answer, not "Not recorded". */
describe("consent carried from intake", () => {
  const receivedAt = "2026-12-01T09:00:00.000Z";

  it("starts the contact with the referrer's answer", () => {
    const refused = initialContactSnapshot({ receivedAt, consent: "refused" });
    expect(refused.context.consent).toEqual({ status: "refused", recordedAt: receivedAt, recordedBy: null, override: null });
    expect(initialContactSnapshot({ receivedAt }).context.consent.status).toBeNull();
  });

  it("is stored in the snapshot of a contact recorded with it", () => {
    const { row } = receivedContactRows(
      { id: "00000000-0000-4000-8000-000000000001", reference: "MASH-2026-000001", received_at: receivedAt, referral_consent: "given" } as never,
      { actor: null, recordedAt: receivedAt },
    );
    expect(JSON.parse(row.snapshot as string).context.consent.status).toBe("given");
  });
});
