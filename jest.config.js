/** Three projects: unit (pure), integration (real FerretDB + Redis), e2e (Chromium against the running app).
 *  Run them through `npm test`, which starts the services they need (scripts/test.ts). */
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", tsx: true },
      transform: { react: { runtime: "automatic" } },
      target: "es2022",
    },
    module: { type: "commonjs" },
  },
];

const common = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": swc },
  moduleNameMapper: { "^~/(.*)$": "<rootDir>/app/$1", "\\.css$": "<rootDir>/tests/support/empty.ts" },
  rootDir: ".",
};

export default {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/tests/unit/**/*.test.ts?(x)"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/tests/integration/**/*.test.ts?(x)"],
      setupFilesAfterEnv: ["<rootDir>/tests/support/integration-setup.ts"],
    },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/tests/e2e/**/*.test.ts?(x)"],
      setupFilesAfterEnv: ["<rootDir>/tests/support/e2e-setup.ts"],
    },
  ],
};
