/** How a contact reached the front door. `import` marks history brought from the previous system. */
import { codesOf, type Term } from "./term";

export const CHANNELS = [
  { code: "phone", label: "Phone call" },
  { code: "email", label: "E-mail" },
  { code: "police_notification", label: "Police notification" },
  { code: "online_form", label: "Online form" },
  { code: "in_person", label: "In person" },
  { code: "import", label: "Imported from the previous system" },
] as const satisfies readonly Term[];

export type ChannelCode = (typeof CHANNELS)[number]["code"];
export const CHANNEL_CODES = codesOf<ChannelCode>(CHANNELS);

/** The channels a screener chooses from when recording a contact (not `import`). */
export const RECORDABLE_CHANNELS = CHANNELS.filter((c) => c.code !== "import");
export type RecordableChannelCode = Exclude<ChannelCode, "import">;
export const RECORDABLE_CHANNEL_CODES = codesOf<RecordableChannelCode>(RECORDABLE_CHANNELS as readonly Term<RecordableChannelCode>[]);
