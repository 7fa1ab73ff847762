/**
 * The worker's render threads (jobs/render-pool.ts): a file built in a thread holds byte for byte the parts
 * of the file built on the calling thread (the zip's own entry dates are the clock's), builds run side by side, a failed build fails its task only, and a thread
 * that dies mid-build fails its task and is replaced.
 */
import JSZip from "jszip";
import { buildFile } from "../../app/services/documents/document-build.server";
import { createRenderPool, type RenderPool } from "../../jobs/render-pool";
import { sampleRiskReport } from "../../templates/docx/sample-data";

jest.setTimeout(120_000);

// The report's snapshot as a render stores it: everything but the chart, which the build draws.
const { radarPng: _chart, ...reportInput } = sampleRiskReport;
const input = JSON.stringify(reportInput);

/** Every part of a .docx, by name. */
async function parts(docx: Buffer) {
  const zip = await JSZip.loadAsync(docx);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort())
    out[name] = (await zip.file(name)!.async("nodebuffer")).toString("base64");
  return out;
}

let pool: RenderPool;
afterEach(async () => {
  await pool?.close();
});

it("builds the same document in a thread as on the calling thread, several at once", async () => {
  pool = createRenderPool(2);
  const expected = await buildFile("report", input);
  const built = await Promise.all([1, 2, 3].map(() => pool.build("report", input)));
  const expectedParts = await parts(expected);
  expect(Object.keys(expectedParts).some((name) => name.startsWith("word/media/"))).toBe(true);
  for (const bytes of built) expect(await parts(bytes)).toEqual(expectedParts);
});

it("fails a build whose input is broken, and keeps building the next ones", async () => {
  pool = createRenderPool(1);
  await expect(pool.build("report", "{ not json")).rejects.toThrow(/JSON/);
  expect((await pool.build("report", input)).byteLength).toBeGreaterThan(10_000);
});

it("a thread that dies mid-build fails that build, and a new thread takes the next", async () => {
  pool = createRenderPool(1);
  const building = pool.build("report", input);
  // Whichever threads the pool runs: end them while the build is under way.
  await new Promise((r) => setTimeout(r, 50));
  await pool.terminateThreads();
  await expect(building).rejects.toThrow(/渲染线程已退出/);
  expect((await pool.build("report", input)).byteLength).toBeGreaterThan(10_000);
});
