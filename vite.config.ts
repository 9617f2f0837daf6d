import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  plugins: [remix(remixConfig)],
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  css: {
    preprocessorOptions: {
      // govuk-frontend and @ministryofjustice/frontend are compiled from their Sass sources.
      scss: { loadPaths: [root, `${root}node_modules`], quietDeps: true, silenceDeprecations: ["import"] },
    },
  },
  // Native and WASM modules stay out of the dev bundler (stack-notes).
  optimizeDeps: { exclude: ["@node-rs/argon2", "@electric-sql/pglite"] },
  ssr: { external: ["@node-rs/argon2", "@electric-sql/pglite", "pg"] },
  build: { target: "es2022" },
  server: { port: 5173 },
});
