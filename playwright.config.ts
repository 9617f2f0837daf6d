import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".tmp/e2e-pglite";

/**
 * Browser journeys against a production build, in Debian's Chromium (Playwright's own browser
 * download cannot work on these machines). The server starts on a fresh embedded database with demo data.
 *
 * Two projects share that server: "chromium" runs every spec; "no-javascript" runs again, with
 * JavaScript disabled, the tests tagged `@no-js` — the main journeys (recording a contact, screening it
 * to a decision, a manager authorising, a partner and a hub answering, the measures and their lists),
 * which must work as plain HTML forms and links (progressive enhancement). It runs after "chromium", so
 * a failing journey is seen first with JavaScript.
 */
export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
  },
  projects: [
    { name: "chromium" },
    { name: "no-javascript", grep: /@no-js/, use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ${DATA_DIR} && npx tsx server.ts`,
    url: `http://localhost:${PORT}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { PORT: String(PORT), PGLITE_DATA_DIR: DATA_DIR, NODE_ENV: "test", DATABASE_URL: "" },
  },
});
