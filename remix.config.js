// REMIX_BUILD_DIR lets parallel test runs build into their own folder (inside the project, so the server
// build still resolves node_modules); the default is the usual build/ and public/build/.
const buildDir = process.env.REMIX_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ...(buildDir
    ? { serverBuildPath: `${buildDir}/build/index.js`, assetsBuildDirectory: `${buildDir}/public/build` }
    : {}),
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
