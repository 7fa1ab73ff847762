// Bundles the worker (jobs/worker.ts and what it imports) into build/worker/worker.js for production, and
// its render thread (jobs/render-thread.ts) beside it: the worker starts it from there.
import { build } from "esbuild";

const outdir = `${process.env.REMIX_BUILD_DIR ? `${process.env.REMIX_BUILD_DIR}/` : ""}build/worker`;

await build({
  entryPoints: { worker: "jobs/worker.ts", "render-thread": "jobs/render-thread.ts" },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
console.log(`built ${outdir}/worker.js, ${outdir}/render-thread.js`);
