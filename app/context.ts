/** What the server (server.ts) gives every loader and action besides the request. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { SessionUser } from "./auth/session-user";
import type { AppConfig } from "./config.server";

export interface RequestAuth {
  user: SessionUser | null;
  sessionId: string | null;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Kysely<Database>;
    config: AppConfig;
    auth: RequestAuth;
    /** Nonce for the Content-Security-Policy of this response's inline scripts. */
    cspNonce: string;
    clientIp: string | null;
    /** Served over HTTPS: cookies get `Secure`. */
    secure: boolean;
    /** This request's reference, logged with any error it meets and shown to the user on the error page. */
    requestId: string;
  }

  interface Future {
    v3_singleFetch: true;
  }
}
