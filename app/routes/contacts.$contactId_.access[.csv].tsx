import type { LoaderFunctionArgs } from "@remix-run/node";
import { accessCsvLoader } from "../audit/access-route.server";

/** "Who has seen this contact" as a spreadsheet (CSV). Audited. */
export const loader = (args: LoaderFunctionArgs) => accessCsvLoader(args, "contact");
