/**
 * The crawl: signs in as each demo role and follows every same-origin link reachable from its pages, as a
 * person clicking through would (each page loaded in Chromium and hydrated), up to PAGE_BUDGET pages per
 * role. Downloads (Word files, evidence, exports) are fetched with the role's session instead of opened.
 * Fails on any 5xx, any uncaught page error and any console error.
 *
 * The demo data carries records in every older shape (scripts/older-shapes.ts); they are found in the e2e
 * database by what they lack, their pages are visited before anything else, and the test checks that the
 * crawl reached each of them. Pages of one kind seen less often go first, so the budget covers every kind
 * of page before it covers the 30th enterprise.
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Assessment } from "../../models/assessment";
import { Enterprise } from "../../models/enterprise";
import { ItemEvidence, Prescription, PrescriptionItem } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { Report } from "../../models/report";
import { ReportBatch } from "../../models/report-batch";
import { ARTIFACTS, BASE_URL, launchBrowser, openPage, signInAs } from "../support/browser";

const ROLES = ["admin", "zhidao", "hr", "chair", "rep", "hr2"] as const;
type Who = (typeof ROLES)[number];
const PAGE_BUDGET = 150;
const DOWNLOAD_BUDGET = 40;
const { MONGODB_URI, E2E_MONGODB_DB } = process.env;

/** Resource routes: their links download a file; they are fetched, never opened as a page. */
const DOWNLOAD = [
  /^\/documents\/[0-9a-f]{24}\/download$/,
  /^\/assessments\/[0-9a-f]{24}\/evidence\/[0-9a-f]{24}$/,
  /^\/prescriptions\/items\/[0-9a-f]{24}\/evidence\/[0-9a-f]{24}$/,
  /^\/templates\/[0-9a-f]{24}\/export\.json$/,
  /\.(xlsx|docx|pdf|json)$/,
];
/** Never followed: signing out ends the crawl's session. */
const SKIP = [/^\/logout/];

interface Visit {
  url: string;
  status: number;
  kind: "page" | "download";
}

interface OlderShape {
  label: string;
  /** The path of the page (or download) that shows the record. */
  path: string;
  /** A page that links to it, visited early too (the record's page is not on a page already early). */
  via?: string;
}

let browser: Browser;
const older: OlderShape[] = [];
const visitedBy = new Map<Who, Visit[]>();

beforeAll(async () => {
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("浏览器测试需要 MONGODB_URI 和 E2E_MONGODB_DB：请用 `npm test` 运行");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
  // Records in the older shapes, found by the fields they lack (the raw collections: no defaults).
  const id = (doc: { _id: unknown }) => String(doc._id);
  for (const e of await Enterprise.collection.find({ harmoniousDesignations: { $exists: false } }).toArray())
    older.push({ label: "enterprise", path: `/enterprises/${id(e)}` });
  for (const a of await Assessment.collection.find({ events: { $exists: false } }).toArray())
    older.push({
      label: `assessment (${String(a.status)})`,
      path: `/assessments/${id(a)}`,
      via: `/enterprises/${String(a.enterpriseId)}/health-checks`,
    });
  for (const r of await Report.collection.find({ analysis: { $exists: false } }).toArray())
    older.push({ label: "report", path: `/assessments/${String(r.assessmentId)}/report` });
  for (const p of await Prescription.collection.find({ reportId: { $exists: false } }).toArray())
    older.push({ label: "prescription", path: `/assessments/${String(p.assessmentId)}/prescription` });
  for (const i of await PrescriptionItem.collection.find({ events: { $exists: false } }).toArray())
    older.push({ label: "prescription item", path: `/prescriptions/items/${id(i)}` });
  const inline = { inputBlobId: { $exists: false }, status: "done" };
  for (const d of await RenderedDocument.collection.find(inline).toArray())
    older.push({ label: "Word file (inline)", path: `/documents/${id(d)}/download` });
  for (const f of await ItemEvidence.collection.find({ data: { $exists: true } }).toArray())
    older.push({
      label: "evidence (inline)",
      path: `/prescriptions/items/${String(f.itemId)}/evidence/${id(f)}`,
    });
  for (const b of await ReportBatch.collection.find({ renderIds: { $exists: false } }).toArray())
    older.push({ label: "report batch", path: `/reports?batch=${id(b)}` });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await disconnectDatabase();
});

/** The kind of a page: ids and query values left out ("/enterprises/:id/edit", "/prescriptions?status"). */
function shapeOf(url: URL): string {
  const path = url.pathname.replace(/[0-9a-f]{24}/g, ":id");
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length ? `${path}?${keys.join("&")}` : path;
}

const local = (url: URL) => url.pathname + url.search;

async function linksOn(page: Page): Promise<string[]> {
  return page.$$eval("a[href]", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
}

async function crawl(who: Who) {
  const { page, errors } = await openPage(browser);
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(`uncaught page error on ${page.url()}: ${error.message}`));
  await signInAs(page, who);
  const origin = new URL(BASE_URL).origin;
  const visits: Visit[] = [];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const queue: URL[] = [];
  const olderPaths = older.flatMap((o) => (o.via ? [o.path, o.via] : [o.path]));
  // The record's own page goes first (not every page below it: that would spend the budget on them).
  const isOlder = (url: URL) => olderPaths.includes(local(url));
  const enqueue = (href: string) => {
    let url: URL;
    try {
      url = new URL(href, page.url());
    } catch {
      return;
    }
    url.hash = "";
    if (url.origin !== origin || SKIP.some((re) => re.test(url.pathname))) return;
    if (seen.has(local(url))) return;
    seen.add(local(url));
    queue.push(url);
  };
  /** The next URL: older shapes first, then the kind of page seen least often, then the order found. */
  const next = (): URL | undefined => {
    if (queue.length === 0) return undefined;
    let best = 0;
    const rank = (u: URL) => [isOlder(u) ? 0 : 1, shapes.get(shapeOf(u)) ?? 0];
    for (let i = 1; i < queue.length; i++) {
      const [a1, a2] = rank(queue[i]);
      const [b1, b2] = rank(queue[best]);
      if (a1 < b1 || (a1 === b1 && a2 < b2)) best = i;
    }
    return queue.splice(best, 1)[0];
  };

  enqueue(page.url());
  let pages = 0;
  let downloads = 0;
  let left = 0;
  for (let url = next(); url; url = next()) {
    const path = local(url);
    const isDownload = DOWNLOAD.some((re) => re.test(url.pathname));
    shapes.set(shapeOf(url), (shapes.get(shapeOf(url)) ?? 0) + 1);
    if (isDownload) {
      if (downloads >= DOWNLOAD_BUDGET) {
        left++;
        continue;
      }
      downloads++;
      const response = await page.request.get(url.toString());
      visits.push({ url: path, status: response.status(), kind: "download" });
      if (response.status() >= 500) failures.push(`${response.status()} for download ${path}`);
      else if (response.status() !== 200) failures.push(`download ${path} answered ${response.status()}`);
      continue;
    }
    if (pages >= PAGE_BUDGET) {
      left++;
      continue;
    }
    pages++;
    const before = errors.length;
    const response = await page.goto(url.toString(), { waitUntil: "load" });
    const status = response?.status() ?? 0;
    visits.push({ url: path, status, kind: "page" });
    if (status >= 500) failures.push(`${status} for ${path}`);
    // React 18's streaming renderer can leave NUL bytes in Chinese pages (app/lib/html-stream.server.ts).
    if ((await response?.body().catch(() => null))?.includes(0))
      failures.push(`NUL byte in the HTML of ${path}`);
    await page.waitForSelector("html[data-hydrated='true']", { timeout: 20_000 }).catch(() => {
      failures.push(`${path} did not hydrate`);
    });
    for (const message of errors.slice(before)) failures.push(`console error on ${path}: ${message}`);
    for (const href of await linksOn(page)) enqueue(href);
  }
  await page.context().close();
  visitedBy.set(who, visits);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, `crawl-${who}.json`), JSON.stringify(visits, null, 1));
  return { failures, pages, downloads, left };
}

describe("every link each demo role can reach", () => {
  it.each(ROLES)(
    "%s: no 5xx, no uncaught error, no console error",
    async (who) => {
      const result = await crawl(who);
      console.log(
        `[crawl] ${who}: ${result.pages} 个页面，${result.downloads} 个下载，未访问 ${result.left} 个链接`,
      );
      expect(result.failures).toEqual([]);
      expect(result.pages).toBeGreaterThan(who === "rep" ? 2 : 5);
    },
    900_000,
  );

  it("the demo carries records of every older shape and the crawl reached each of them", () => {
    const labels = new Set(older.map((o) => o.label));
    for (const label of [
      "enterprise",
      "assessment (accepted)",
      "assessment (in_progress)",
      "report",
      "prescription",
      "prescription item",
      "Word file (inline)",
      "evidence (inline)",
      "report batch",
    ])
      expect(labels).toContain(label);
    const reached = [...visitedBy.values()].flat().filter((v) => v.status < 400);
    const missed = older.filter(
      (o) => !reached.some((v) => v.url === o.path || v.url.startsWith(`${o.path}/`)),
    );
    expect(missed).toEqual([]);
  });
});
