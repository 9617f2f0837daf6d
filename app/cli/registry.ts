/**
 * Every command of `npm run cli`, in the order `--help` lists them. To add one: write
 * `app/cli/commands/<name>.ts` exporting a `Command` and add one line below.
 */
import type { Command } from "./types";
import { importCommand } from "./commands/import";
import { measuresCommand } from "./commands/measures";
import { annexACommand } from "./commands/annex-a";
import { cinCensusCommand } from "./commands/cin-census";
import { addUserCommand } from "./commands/add-user";
import { generateCommand } from "./commands/generate";

export const commands: Command[] = [
  importCommand,
  measuresCommand,
  annexACommand,
  cinCensusCommand,
  addUserCommand,
  generateCommand,
];
