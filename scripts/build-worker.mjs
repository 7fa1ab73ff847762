// Bundles the worker (jobs/worker.ts and what it imports) into build/worker/worker.js for production.
import { build } from "esbuild";

await build({
  entryPoints: ["jobs/worker.ts"],
  outfile: "build/worker/worker.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
console.log("built build/worker/worker.js");
