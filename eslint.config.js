// ESLint 9 flat config (decision 018): typescript-eslint's recommended rules, and the type-aware
// rules that catch real faults here — a promise left floating, or passed where nothing awaits it
// (an Express handler, an event listener). Run with `npm run lint`.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "public/build/", "test-results/", "playwright-report/", ".tmp/", ".cache/", ".data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      // `_name` marks a parameter or binding kept on purpose (an Express error handler's `next`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // The app refuses control characters in ids, paths and text on purpose: those patterns name them.
      "no-control-regex": "off",
    },
  },
  {
    // Migrations run against the database as it was then, not as db/schema.ts describes it now.
    files: ["db/migrations/**/*.ts", "db/migrate.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.{js,cjs,mjs}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
