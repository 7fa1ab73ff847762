import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Import boundaries from CONVENTIONS.md: the classic compiler only strips *.server.ts inside app/. */
const uiPatterns = [
  { group: ["**/models/*"], message: "UI 代码不得导入 models/（请通过 app/services/*.server.ts）" },
  { group: ["**/jobs/*"], message: "UI 代码不得导入 jobs/" },
];
const noBull = { name: "bull", message: "只有 jobs/ 可以导入 bull" };

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", "data/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/root.tsx", "app/entry.*.tsx", "app/routes/**/*.{ts,tsx}", "app/components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", { paths: [noBull], patterns: uiPatterns }],
    },
  },
  {
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["mongoose", "bull", "ioredis", "**/models/**", "**/jobs/**", "**/services/**"],
              message: "app/domain 只放纯规则，不做 I/O",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [noBull],
          patterns: [
            {
              group: ["**/models/**", "**/jobs/**", "**/services/**", "**/domain/**", "~/domain/*"],
              message: "app/lib 只放没有业务规则的基础设施（可导入 app/config.server.ts）",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/services/**/*.ts", "app/*.server.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [noBull] }] },
  },
  {
    files: ["templates/**/*.ts", "models/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [noBull],
          patterns: [
            {
              group: ["**/jobs/**", "**/services/**"],
              message: "templates/ 与 models/ 不得依赖任务或服务层",
            },
          ],
        },
      ],
    },
  },
);
