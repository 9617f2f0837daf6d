/**
 * `npm run cli -- add-user --email … --name … --role … [--agency CODE | --hub CODE]`: a user for a
 * real deployment. The password comes from the environment variable NEW_USER_PASSWORD, else it is
 * asked for on the terminal (not echoed, asked twice); it never appears on the command line.
 */
import { ROLES } from "../../../db/schema";
import { addUser } from "../../users/add-user.server";
import { newUserSchema, PASSWORD_MIN_LENGTH } from "../../users/add-user.schema";
import { parseCommandArgs, requirePositionals, stringOption } from "../args";
import { withDatabase } from "../database";
import { CliError, type CliIo, type Command, UsageError } from "../types";

export const addUserCommand: Command = {
  name: "add-user",
  summary: "create a user (for a real deployment); the password from NEW_USER_PASSWORD or a prompt",
  usage: "add-user --email ADDRESS --name NAME --role ROLE [--agency CODE | --hub CODE]",
  options: {
    email: { type: "string", valueName: "ADDRESS", description: "the e-mail address the user signs in with" },
    name: { type: "string", valueName: "NAME", description: "the name shown in the app and its audit trail" },
    role: { type: "string", valueName: "ROLE", description: `one of: ${ROLES.join(", ")}` },
    agency: { type: "string", valueName: "CODE", description: "role partner only: the agency (police, health, education, probation, housing, …)" },
    hub: { type: "string", valueName: "CODE", description: "role early_help only: the hub (north, exeter, mid_east, south_west, …)" },
  },
  description: `
The password is read from the environment variable NEW_USER_PASSWORD when it is set; otherwise it is
asked for (twice, not shown) when the command runs on a terminal. At least ${PASSWORD_MIN_LENGTH} characters.
Creating the user is recorded in the audit trail. An e-mail address already in use is refused.`,
  async run(args, io) {
    const parsed = parseCommandArgs(addUserCommand, args);
    requirePositionals(parsed, []);
    const password = io.env.NEW_USER_PASSWORD ?? (await promptPassword(io));
    const result = newUserSchema.safeParse({
      email: stringOption(parsed, "email") ?? "",
      name: stringOption(parsed, "name") ?? "",
      role: stringOption(parsed, "role") ?? "",
      agency: stringOption(parsed, "agency"),
      hub: stringOption(parsed, "hub"),
      password,
    });
    if (!result.success) {
      const option = (path: PropertyKey[]) => (path[0] === "password" ? "password" : `--${String(path[0])}`);
      throw new UsageError(result.error.issues.map((i) => `${option(i.path)}: ${i.message}.`).join("\n"));
    }
    const outcome = await withDatabase(io, (database) => addUser(database.db, result.data));
    if (outcome.kind === "refused") throw new CliError(outcome.message);
    io.stdout.write(`Created ${result.data.role} ${result.data.email} (${result.data.name}).\n`);
    return 0;
  },
};

/** Asks for the password twice on a terminal without echoing it. */
async function promptPassword(io: CliIo): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError("Set NEW_USER_PASSWORD, or run the command on a terminal to be asked for the password.");
  const first = await readHidden(io, "Password: ");
  const second = await readHidden(io, "Password again: ");
  if (first !== second) throw new CliError("The two passwords differ. Nothing was created.");
  return first;
}

function readHidden(io: CliIo, question: string): Promise<string> {
  const stdin = process.stdin;
  io.stdout.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          done();
          io.stdout.write("\n");
          resolve(value);
          return;
        }
        if (ch === "\u0003") {
          done();
          reject(new CliError("Cancelled. Nothing was created."));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on("data", onData);
  });
}
