// Bundles the worker (jobs/worker.ts and what it imports) into build/worker/worker.js for production.
import { build } from "esbuild";

const outfile = `${process.env.REMIX_BUILD_DIR ? `${process.env.REMIX_BUILD_DIR}/` : ""}build/worker/worker.js`;

await build({
  entryPoints: ["jobs/worker.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
console.log(`built ${outfile}`);
