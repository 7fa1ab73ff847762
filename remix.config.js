/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // models/, jobs/ and templates/ sit outside app/; bundle them into the server build.
  serverDependenciesToBundle: [],
  watchPaths: ["models/**/*.ts", "jobs/**/*.ts", "templates/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_singleFetch: true,
    v3_throwAbortReason: true,
  },
};
