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
    // Only db/ builds SQL (issue 10, item 3): app code and the machine call query functions in
    // db/queries/, which take a db or a transaction first. Kysely's types may be imported; its
    // values (`sql`, builders) and the query-building calls may not.
    files: ["app/**/*.{ts,tsx}", "machines/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "kysely", allowTypeImports: true, message: "Only db/ builds SQL: write a query function in db/queries/<feature> and call it." }],
        patterns: [{ group: ["kysely/*", "kysely-*"], allowTypeImports: true, message: "Only db/ builds SQL." }],
      }],
      "no-restricted-syntax": ["error",
        {
          selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$/]",
          message: "Only db/ builds SQL: move this query into a function in db/queries/<feature> that takes a db or transaction first.",
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql'], MemberExpression[object.name='sql'][property.name=/^(raw|ref|id|table|lit|val|join)$/]",
          message: "Only db/ writes SQL: move it into db/queries/<feature>.",
        },
      ],
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
