import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordsDownloadLoader } from "../measures/records-download.server";

/** A figure's records as CSV (formula-safe). Audited. */
export const loader = (args: LoaderFunctionArgs) => recordsDownloadLoader(args, "csv");
