/**
 * Imported first by server.ts, before anything loads React: React and Remix choose their development
 * or production build by NODE_ENV when they are first loaded, and the development build renders pages
 * several times slower (issue 13: 63% of the queue's CPU). A server started without NODE_ENV
 * (`npx tsx server.ts`) therefore serves the production build; only `--dev` (`npm run dev`) defaults
 * to development. A NODE_ENV that is set (`test` for the browser tests) is kept.
 */
if (!process.env.NODE_ENV) process.env.NODE_ENV = process.argv.includes("--dev") ? "development" : "production";

export {};
