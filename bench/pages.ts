/**
 * Benchmark of page loads (not a test): `npx tsx bench/pages.ts [--n 10000] [--users 20] [--rounds 5]`.
 *
 * Starts its own FerretDB and Redis (or uses MONGODB_URI / REDIS_URL, in a database and key prefix of its
 * own that it removes afterwards), builds the app, loads the demo data, then adds in bulk N enterprises
 * under 50 new organisations below the demo instructor's 云溪区总工会, three accepted health checks each
 * (reports) and ten prescription items per enterprise (clones of the demo's own records, new keys), so the
 * demo accounts see a district's size. Then, for each role (admin, instructor, HR, chair, representative),
 * U signed-in sessions browse that role's main pages at once, R rounds each, through the real server
 * (scripts/server.js, production build). Prints p50/p95 per page, the database share from Server-Timing,
 * and the ratio of each page's p95 to the p95 of `/about` (a constant page through the same root layout)
 * measured with the same sessions and concurrency in the same run.
 *
 * Run at --n 1000 and --n 10000 to see how cost grows with size.
 *
 * To measure change after change without seeding again: `--hold` seeds, writes the database's address and
 * the seeded ids to test-results/bench-pages-held.json and keeps the database and Redis running (Ctrl-C ends
 * it); `--reuse` (in another shell) builds the app, serves it on that database and browses, `--role 指导员`
 * only that role's pages, `--cpu-prof <dir>` has the server write a CPU profile there.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Types } from "mongoose";
import { ROOT, freePort, log, stopChild } from "../scripts/services";
import { flag, quantile, runBench } from "./lib";

/** The enterprises added (with --reuse, those the held database was seeded with). */
let N = flag("n", 10_000);
const USERS = flag("users", 20);
const ROUNDS = flag("rounds", 5);
const ORGS = 50;
const CHECKS_PER_ENTERPRISE = 3;
const ITEMS_PER_ENTERPRISE = 10;
const PASSWORD = "Demo2026";
const HOLD = process.argv.includes("--hold");
/** `--slow`: after each role, its ten slowest requests with when they were sent (do slow ones come together?). */
const SLOW = process.argv.includes("--slow");
const REUSE = process.argv.includes("--reuse");
const ONLY_ROLE = process.argv.includes("--role") ? process.argv[process.argv.indexOf("--role") + 1] : null;
/** `--cpu-prof <dir>`: the server writes a CPU profile there when it stops (node --cpu-prof). */
const CPU_PROF = process.argv.includes("--cpu-prof")
  ? path.resolve(process.argv[process.argv.indexOf("--cpu-prof") + 1])
  : null;
const HELD = path.join(ROOT, "test-results", "bench-pages-held.json");
const BIN = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  ms: number;
}

let baseUrl = "";
/** When the server first answered (Date.now()): --slow says when each slow request was sent after it. */
let serverUp = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send(method: string, pathname: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<Reply>((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      new URL(pathname, baseUrl),
      { method, agent, headers: body ? { ...headers, "Content-Length": Buffer.byteLength(body) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
            ms: Number(process.hrtime.bigint() - start) / 1e6,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const cookieOf = (reply: Reply, name: string) =>
  (reply.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith(`${name}=`));
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(account: string): Promise<Session> {
  const page = await send("GET", "/login");
  const loginCookie = cookieOf(page, "ghxs_login");
  const token = csrfIn(page.text);
  if (!loginCookie || !token) throw new Error("登录页没有 CSRF 令牌");
  const body = new URLSearchParams({
    identifier: account,
    password: PASSWORD,
    redirectTo: "/",
    _csrf: token,
  });
  const posted = await send(
    "POST",
    "/login",
    { "Content-Type": "application/x-www-form-urlencoded", Cookie: loginCookie },
    body.toString(),
  );
  const cookie = cookieOf(posted, "ghxs_session");
  if (posted.status !== 302 || !cookie) throw new Error(`${account} 登录失败：${posted.status}`);
  const accountPage = await send("GET", "/account", { Cookie: cookie });
  const csrf = csrfIn(accountPage.text);
  if (!csrf) throw new Error("账号页没有 CSRF 令牌");
  return { cookie, csrf };
}

/** The database time a response reports in its Server-Timing header (ms), or NaN. */
function dbTime(reply: Reply): number {
  const header = String(reply.headers["server-timing"] ?? "");
  const match = /db;dur=([\d.]+)/.exec(header);
  return match ? Number(match[1]) : NaN;
}

/** A question the bench's autosave answers, with its revision now. */
interface FillQuestion {
  id: string;
  type: string;
  choices: string[];
  min: number;
  rev: number;
}

/** The check being filled in that HR's pages open, and the questions autosave answers (one per session). */
interface Filling {
  assessment: string;
  dimension: string;
  questions: FillQuestion[];
  account: string;
}

/** A new valid answer to the question each round (a save of the same answer would change nothing). */
function answerFor(q: FillQuestion, round: number): unknown {
  switch (q.type) {
    case "yesno":
      return round % 2 === 0;
    case "number":
      return q.min + round + 1;
    case "single":
      return q.choices[round % Math.max(1, q.choices.length)];
    default:
      return `bench ${round}`;
  }
}

/**
 * The questions autosave answers in a check: always shown, with answers the bench can vary (see answerFor),
 * each with its revision now (from the answer sheet); the dimension page shows the first one's dimension. As
 * many as there are sessions, so that no two sessions answer the same question.
 */
async function fillingQuestions(assessmentId: Types.ObjectId, templateId: Types.ObjectId) {
  const { QuestionnaireTemplate } = await import("../models/questionnaire-template");
  const template = await QuestionnaireTemplate.findById(templateId).lean();
  const content = template
    ? (JSON.parse(String(template.content)) as {
        questions?: {
          id: string;
          type: string;
          dimensionId: string;
          visibleWhen?: unknown;
          options?: { value: string }[];
          min?: number;
        }[];
      })
    : null;
  const { currentAnswers } = await import("../app/services/health-check/assessments.server");
  const revs = await currentAnswers(assessmentId);
  const variable = (content?.questions ?? []).filter(
    (q) => !q.visibleWhen && ["text", "longtext", "yesno", "number", "single"].includes(q.type),
  );
  return {
    dimension: variable[0]?.dimensionId,
    questions: variable.slice(0, USERS).map((q) => ({
      id: q.id,
      type: q.type,
      choices: (q.options ?? []).map((o) => o.value),
      min: q.min ?? 0,
      rev: revs.get(q.id)?.rev ?? 0,
    })),
  };
}

/**
 * Autosave as a page sends it: each session answers its own question (one person per answer, as in use) with
 * the revision it last saw, which the answer gives back.
 */
function autosave(fillers: Filling[]): PageSpec {
  const fillerOf = (session: number) => fillers[session % fillers.length];
  // The same session's question each round: the first of its check (sessions share a check only when there
  // are fewer checks than sessions, and then answer different questions of it).
  const questionOf = (session: number) => {
    const f = fillerOf(session);
    return f.questions[Math.floor(session / fillers.length) % f.questions.length];
  };
  return {
    label: "自动保存",
    path: "",
    pathFor: (session) => `/assessments/${fillerOf(session).assessment}/answer`,
    post: (csrf, round, session) => {
      const q = questionOf(session);
      return new URLSearchParams({
        _csrf: csrf,
        questionId: q.id,
        value: JSON.stringify(answerFor(q, round)),
        baseRev: String(q.rev),
      }).toString();
    },
    onReply: (reply, session) => {
      const q = questionOf(session);
      try {
        const body = JSON.parse(reply.text) as { rev?: number; current?: { rev?: number } };
        q.rev = body.rev ?? body.current?.rev ?? q.rev;
      } catch {
        // not JSON: counted as a failure by its status
      }
    },
  };
}

interface PageSpec {
  label: string;
  /** The path per session, where sessions load pages of their own (each HR their own check). */
  pathFor?: (session: number) => string;
  path: string;
  /** A POST (autosave): the body, given the session's CSRF token, the round and the session's number. */
  post?: (csrf: string, round: number, session: number) => string;
  /** What the session learns from the answer (autosave: the answer's new revision). */
  onReply?: (reply: Reply, session: number) => void;
}

interface Sample {
  ms: number;
  db: number;
  /** When it was sent, in ms after the server answered first (for --slow). */
  at: number;
}

/** U sessions at once, each loading every page of the list R times (pages in turn). */
async function browse(sessions: Session[], pages: PageSpec[], rounds: number) {
  const samples = new Map<string, Sample[]>(pages.map((p) => [p.label, []]));
  const failures = new Map<string, string>();
  await Promise.all(
    sessions.map(async (session, u) => {
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < pages.length; k++) {
          // Each session starts at a different page, so all pages are loaded at the same moments.
          const page = pages[(k + u) % pages.length];
          const reply = page.post
            ? await send(
                "POST",
                page.pathFor?.(u) ?? page.path,
                { "Content-Type": "application/x-www-form-urlencoded", Cookie: session.cookie },
                page.post(session.csrf, r, u),
              )
            : await send("GET", page.pathFor?.(u) ?? page.path, { Cookie: session.cookie });
          page.onReply?.(reply, u);
          if (reply.status >= 400) failures.set(page.label, `${reply.status} ${reply.text.slice(0, 120)}`);
          samples
            .get(page.label)!
            .push({ ms: reply.ms, db: dbTime(reply), at: Date.now() - reply.ms - serverUp });
        }
      }
    }),
  );
  return { samples, failures };
}

runBench("pages", async ({ runId, connect, atExit }) => {
  const children: ChildProcess[] = [];
  const buildDir = path.join(".cache", `bench-build-${runId}`);
  atExit(async () => {
    agent.destroy();
    await Promise.all(children.map((child) => stopChild(child)));
    fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true });
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    COOKIE_SECURE: "false",
    NODE_ENV: "production",
    REMIX_BUILD_DIR: buildDir,
    VITE_CJS_IGNORE_WARNING: "true",
  };

  log("构建应用…");
  const built = spawnSync(BIN("remix"), ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (built.status !== 0) throw new Error("应用构建失败");
  let ids: Awaited<ReturnType<typeof seedBulk>>;
  let work: Awaited<ReturnType<typeof demoWorkPages>>;
  if (REUSE) {
    const held = JSON.parse(fs.readFileSync(HELD, "utf8")) as {
      env: NodeJS.ProcessEnv;
      ids: typeof ids;
      n?: number;
    };
    Object.assign(env, held.env);
    N = held.n ?? N;
    ids = held.ids;
    // Earlier runs moved the answers on: autosave starts from their revisions now (and the questions as
    // this version of the bench picks them). Through a connection of its own to the held database, closed
    // after: never the bench's, whose database is dropped at the end.
    {
      await import("../models/all");
      const { connectDatabase, disconnectDatabase } = await import("../models/db");
      await connectDatabase({ uri: held.env.MONGODB_URI!, dbName: held.env.MONGODB_DB! });
      const { Assessment } = await import("../models/assessment");
      const { currentAnswers } = await import("../app/services/health-check/assessments.server");
      const check = await Assessment.findById(ids.hrFilling?.assessment).select({ templateId: 1 }).lean();
      if (check && ids.hrFilling)
        ids.hrFilling.questions = (await fillingQuestions(check._id, check.templateId)).questions;
      if (!ids.fillers?.length)
        log("保留的数据库没有各自填写体检的 HR（旧版压测所建）：跳过该角色，重新 --hold 即可");
      for (const f of ids.fillers ?? []) {
        const revs = await currentAnswers(new Types.ObjectId(f.assessment));
        for (const q of f.questions) q.rev = revs.get(q.id)?.rev ?? q.rev;
      }
      work = await demoWorkPages(ids.hrEnterprise);
      await disconnectDatabase();
    }
  } else {
    log("加载演示数据…");
    const seeded = spawnSync(process.execPath, [BIN("tsx"), "scripts/seed.ts"], {
      cwd: ROOT,
      stdio: "ignore",
      env,
    });
    if (seeded.status !== 0) throw new Error("演示数据加载失败");
    await connect();
    ids = await seedBulk();
    work = await demoWorkPages(ids.hrEnterprise);
  }
  if (HOLD) {
    const keep = ["MONGODB_URI", "MONGODB_DB", "REDIS_URL", "QUEUE_PREFIX", "SESSION_SECRET"];
    fs.mkdirSync(path.dirname(HELD), { recursive: true });
    fs.writeFileSync(
      HELD,
      JSON.stringify({ env: Object.fromEntries(keep.map((k) => [k, env[k] ?? process.env[k]])), ids, n: N }),
    );
    log(`数据已保留（${HELD}）：另开终端运行 bench/pages.ts --reuse；Ctrl-C 结束并清除`);
    await new Promise(() => undefined);
  }

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const app = spawn(
    process.execPath,
    [...(CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF] : []), "scripts/server.js"],
    {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: "ignore",
    },
  );
  children.push(app);
  for (let i = 0; ; i++) {
    const ok = await send("GET", "/healthz").then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      serverUp = Date.now();
      break;
    }
    if (i > 120) throw new Error("应用没有启动");
    await new Promise((r) => setTimeout(r, 500));
  }

  const fillers = ids.fillers ?? [];
  const roles: { role: string; account: string; accounts?: string[]; pages: PageSpec[] }[] = [
    {
      role: "指导员",
      account: "zhidao",
      pages: [
        { label: "工作台 /", path: "/" },
        { label: "企业列表", path: "/enterprises" },
        { label: "企业页", path: `/enterprises/${ids.bulkEnterprise}` },
        { label: "体检报告列表", path: "/reports" },
        { label: "体检报告", path: `/assessments/${ids.bulkAssessment}/report` },
        { label: "审核", path: `/assessments/${ids.bulkAssessment}/review` },
        { label: "法律处方列表", path: "/prescriptions" },
        { label: "整改事项", path: `/prescriptions/items/${ids.bulkItem}` },
        { label: "通知", path: "/notifications" },
        { label: "集体协商", path: "/bargaining" },
        { label: "协商案件", path: `/bargaining/cases/${work.caseId}` },
        { label: "合同草案", path: `/bargaining/cases/${work.caseId}/drafts` },
        { label: "集中要约", path: "/bargaining/campaigns" },
        { label: "培育计划", path: "/plans" },
        { label: "培育计划页", path: `/plans/${work.planId}` },
      ],
    },
    {
      role: "企业HR",
      account: "hr",
      pages: [
        { label: "工作台 /", path: "/" },
        { label: "本企业", path: `/enterprises/${ids.hrEnterprise}` },
        ...(ids.hrFilling?.account === "hr"
          ? [
              {
                label: "体检维度页",
                path: `/assessments/${ids.hrFilling.assessment}/d/${ids.hrFilling.dimension}`,
              },
            ]
          : []),
        { label: "整改事项列表", path: "/prescriptions" },
        { label: "通知", path: "/notifications" },
      ],
    },
    ...(fillers.length
      ? [
          {
            role: "填写体检的HR",
            account: `bench.hr1…${fillers.length}`,
            accounts: fillers.map((f) => f.account),
            pages: [
              {
                label: "体检维度页",
                path: "",
                pathFor: (u: number) => {
                  const f = fillers[u % fillers.length];
                  return `/assessments/${f.assessment}/d/${f.dimension}`;
                },
              },
              autosave(fillers),
            ],
          },
        ]
      : []),
    {
      role: "工会主席",
      account: "chair",
      pages: [
        { label: "工作台 /", path: "/" },
        { label: "本企业", path: `/enterprises/${ids.hrEnterprise}` },
        { label: "集体协商", path: `/enterprises/${ids.hrEnterprise}/bargaining` },
        { label: "协商案件", path: `/bargaining/cases/${work.caseId}` },
        { label: "合同草案", path: `/bargaining/cases/${work.caseId}/drafts` },
        { label: "职代会", path: `/bargaining/cases/${work.caseId}/congress` },
        { label: "通知", path: "/notifications" },
      ],
    },
    {
      role: "职工代表",
      account: "rep",
      pages: [
        { label: "工作台 /", path: "/" },
        { label: "本企业", path: `/enterprises/${ids.hrEnterprise}` },
        { label: "协商案件", path: `/bargaining/cases/${work.caseId}` },
        { label: "合同草案", path: `/bargaining/cases/${work.caseId}/drafts` },
        { label: "通知", path: "/notifications" },
      ],
    },
    {
      role: "管理员",
      account: "admin",
      pages: [
        { label: "工作台 /", path: "/" },
        { label: "企业列表", path: "/enterprises" },
        { label: "工会组织", path: "/orgs" },
        { label: "账号", path: "/accounts" },
        { label: "审计日志", path: "/audit" },
      ],
    },
  ];

  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  out(
    `\n规模：${N} 家新增企业（${ORGS} 个组织）、${N * CHECKS_PER_ENTERPRISE} 次体检、${N * ITEMS_PER_ENTERPRISE} 个整改事项（另有演示数据）`,
  );
  out(
    `并发：每个角色 ${USERS} 个会话同时浏览，每页 ${ROUNDS} 轮；负载 ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  for (const { role, account, accounts, pages } of roles) {
    if (ONLY_ROLE && role !== ONLY_ROLE) continue;
    const sessions: Session[] = [];
    for (let i = 0; i < USERS; i++)
      sessions.push(await signIn(accounts ? accounts[i % accounts.length] : account));
    // Warm-up: one round of every page by one session (compiles, caches) — not measured.
    await browse(sessions.slice(0, 1), [{ label: "关于", path: "/about" }, ...pages], 1);
    const floor = await browse(sessions, [{ label: "关于", path: "/about" }], ROUNDS * 2);
    const bare = floor.samples.get("关于")!.map((s) => s.ms);
    const bareP95 = quantile(bare, 0.95);
    const { samples, failures } = await browse(sessions, pages, ROUNDS);
    out(
      `\n${role}（${account}）  基准 /about：p50 ${quantile(bare, 0.5).toFixed(0)} ms，p95 ${bareP95.toFixed(0)} ms`,
    );
    out(
      `  ${"页面".padEnd(12)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"数据库p50".padStart(9)} ${"p95/基准".padStart(9)}`,
    );
    for (const page of pages) {
      const s = samples.get(page.label)!;
      const msList = s.map((x) => x.ms);
      const db = s.map((x) => x.db).filter((x) => !Number.isNaN(x));
      const p95 = quantile(msList, 0.95);
      out(
        `  ${page.label.padEnd(12)} ${quantile(msList, 0.5).toFixed(0).padStart(6)}ms ${p95.toFixed(0).padStart(6)}ms ${(db.length ? quantile(db, 0.5).toFixed(0) : "—").padStart(7)}ms ${(p95 / bareP95).toFixed(1).padStart(8)}×${failures.has(page.label) ? `  （失败：${failures.get(page.label)}）` : ""}`,
      );
    }
    if (SLOW) {
      const slowest = [...samples]
        .flatMap(([label, list]) => list.map((x) => ({ label, ...x })))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 10);
      for (const x of slowest)
        out(
          `    慢：${x.label} ${x.ms.toFixed(0)} ms（数据库 ${x.db.toFixed(0)} ms），服务启动后第 ${(x.at / 1000).toFixed(1)} 秒发出`,
        );
    }
  }
  out(`\n目标：每页 p95 ≤ 3 × 基准（issue 11）。`);
  fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "test-results", `bench-pages-${N}.txt`), lines.join("\n") + "\n");
});

/**
 * The demo's own bargaining case the chair and representative work on (its 劳动安全卫生 draft in review) and
 * a cultivation plan of the instructor's: the bargaining and plan pages browsed (read through the bench's
 * connection, before any browsing).
 */
async function demoWorkPages(hrEnterprise: string) {
  const { BargainingCase } = await import("../models/bargaining-case");
  const { CultivationPlan } = await import("../models/cultivation-plan");
  const safety = await BargainingCase.findOne({
    enterpriseIds: new Types.ObjectId(hrEnterprise),
    kind: "safety",
  })
    .select({ _id: 1 })
    .lean();
  const plan = await CultivationPlan.findOne({}).select({ _id: 1 }).lean();
  if (!safety || !plan) throw new Error("演示数据缺少协商案件或培育计划");
  return { caseId: String(safety._id), planId: String(plan._id) };
}

/**
 * N enterprises under 50 new organisations below 云溪区总工会, with accepted checks, reports, issued
 * prescriptions and items: clones of the demo's own records with new keys, inserted in bulk.
 */
async function seedBulk() {
  const { UnionOrg } = await import("../models/union-org");
  const { Enterprise } = await import("../models/enterprise");
  const { Assessment } = await import("../models/assessment");
  const { Report } = await import("../models/report");
  const { Prescription, PrescriptionItem } = await import("../models/prescription");
  const { User } = await import("../models/user");

  const district = await UnionOrg.findOne({ name: "云溪区总工会" }).lean();
  if (!district) throw new Error("演示数据里没有云溪区总工会");
  const accepted = await Assessment.findOne({ status: "accepted", unionOrgId: { $exists: true } }).lean();
  const report = accepted ? await Report.findById(accepted._id).lean() : null;
  const prescription = accepted ? await Prescription.findOne({ status: "issued" }).lean() : null;
  const item = prescription
    ? await PrescriptionItem.findOne({ prescriptionId: prescription._id }).lean()
    : null;
  const enterprise = accepted ? await Enterprise.findById(accepted.enterpriseId).lean() : null;
  if (!accepted || !report || !prescription || !item || !enterprise)
    throw new Error("演示数据缺少可复制的体检、报告或处方");

  const started = Date.now();
  const orgs = Array.from({ length: ORGS }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `压测街道${i + 1}总工会`,
    kind: "street",
    parentId: district._id,
    ancestors: [...district.ancestors, district._id],
    archived: false,
    version: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
  }));
  await UnionOrg.collection.insertMany(orgs);
  // Around the model's hooks: the cached organisation tree is told here.
  await (await import("../models/org-tree")).orgsChanged();

  const strip = <T extends Record<string, unknown>>(doc: T) => {
    const { _id, __v, ...rest } = doc as Record<string, unknown>;
    void _id;
    void __v;
    return rest;
  };
  const enterpriseBase = strip(enterprise as unknown as Record<string, unknown>);
  const assessmentBase = strip(accepted as unknown as Record<string, unknown>);
  const reportBase = strip(report as unknown as Record<string, unknown>);
  const prescriptionBase = strip(prescription as unknown as Record<string, unknown>);
  const itemBase = strip(item as unknown as Record<string, unknown>);

  let firstEnterprise: Types.ObjectId | null = null;
  let fillers: Filling[] = [];
  let firstAssessment: Types.ObjectId | null = null;
  let firstItem: Types.ObjectId | null = null;
  const CHUNK = 500;
  for (let from = 0; from < N; from += CHUNK) {
    const enterprises = [];
    const assessments = [];
    const reports = [];
    const prescriptions = [];
    const items = [];
    for (let i = from; i < Math.min(N, from + CHUNK); i++) {
      const org = orgs[i % ORGS];
      const eid = new Types.ObjectId();
      firstEnterprise ??= eid;
      enterprises.push({
        ...enterpriseBase,
        _id: eid,
        name: `压测企业${String(i + 1).padStart(6, "0")}有限公司`,
        creditCode: `91BENCH${String(i + 1).padStart(11, "0")}`,
        unionOrgId: org._id,
      });
      for (let c = 0; c < CHECKS_PER_ENTERPRISE; c++) {
        const aid = new Types.ObjectId();
        const acceptedAt = new Date(Date.now() - (c * 120 + (i % 90)) * 86_400_000);
        assessments.push({
          ...assessmentBase,
          _id: aid,
          enterpriseId: eid,
          unionOrgId: org._id,
          acceptedAt,
          createdAt: new Date(acceptedAt.getTime() - 10 * 86_400_000),
        });
        reports.push({
          ...reportBase,
          _id: aid,
          assessmentId: aid,
          enterpriseId: eid,
          unionOrgId: org._id,
          reportNo: `压测工体〔2026〕${i * CHECKS_PER_ENTERPRISE + c + 1}号`,
        });
        if (c === 0) {
          firstAssessment ??= aid;
          // Keyed by its check, as the product creates prescriptions (models/derived-ids.ts).
          const pid = aid;
          const prescriptionNo = `压测工处〔2026〕${i + 1}号`;
          prescriptions.push({
            ...prescriptionBase,
            _id: pid,
            assessmentId: aid,
            enterpriseId: eid,
            unionOrgId: org._id,
            prescriptionNo,
          });
          for (let k = 0; k < ITEMS_PER_ENTERPRISE; k++) {
            const iid = new Types.ObjectId();
            firstItem ??= iid;
            items.push({
              ...itemBase,
              _id: iid,
              prescriptionId: pid,
              assessmentId: aid,
              enterpriseId: eid,
              unionOrgId: org._id,
              prescriptionNo,
              no: k + 1,
              status: ["issued", "acknowledged", "in_progress", "submitted", "closed"][k % 5],
            });
          }
        }
      }
    }
    await Enterprise.collection.insertMany(enterprises, { ordered: false });
    await Assessment.collection.insertMany(assessments, { ordered: false });
    await Report.collection.insertMany(reports, { ordered: false });
    await Prescription.collection.insertMany(prescriptions, { ordered: false });
    await PrescriptionItem.collection.insertMany(items, { ordered: false });
    // While the checks are few (starting one reads the enterprise's checks by filter).
    if (from === 0) fillers = await prepareFillers(enterprises.slice(0, USERS).map((e) => e._id));
    if ((from / CHUNK) % 4 === 0) log(`已写入 ${Math.min(N, from + CHUNK)} / ${N} 家企业`);
  }
  log(`批量数据写入用时 ${((Date.now() - started) / 1000).toFixed(0)} s`);

  // The demo HR's enterprise; for the dimension page and autosave, a check being filled in and an HR
  // account of its enterprise (the demo's `hr` when theirs is, else whoever fills one in).
  const hr = await User.findOne({ accountName: "hr" }).lean();
  const hrEnterprise = hr?.roles.find((g) => g.enterpriseId)?.enterpriseId;
  if (!hrEnterprise) throw new Error("演示数据里没有 hr 的企业");
  // A check being filled in by a demo HR account (hr, else hr2 or hr3): the one open for their enterprise, else
  // one the demo instructor starts, as on the page.
  const openCheckOf = (enterpriseId: unknown) =>
    Assessment.findOne({ enterpriseId, status: { $in: ["in_progress", "returned"] } }).lean();
  const instructor = await User.findOne({ accountName: "zhidao" }).lean();
  const { actingUser } = await import("../app/services/accounts/auth.server");
  const { startAssessments } = await import("../app/services/health-check/assessments.server");
  const { addDays, todayInShanghai } = await import("../app/domain/dates");
  const acting = instructor ? await actingUser(instructor._id) : null;
  let filling: Awaited<ReturnType<typeof openCheckOf>> = null;
  for (const account of ["hr", "hr2", "hr3"]) {
    const holder = await User.findOne({ accountName: account }).lean();
    const enterpriseId = holder?.roles.find((g) => g.enterpriseId)?.enterpriseId;
    if (!enterpriseId) continue;
    filling = await openCheckOf(enterpriseId);
    if (!filling && acting) {
      const { skipped } = await startAssessments(
        acting,
        [String(enterpriseId)],
        addDays(todayInShanghai(new Date()), 30),
      ).catch((error: unknown) => ({ skipped: [String(error)] }));
      if (skipped.length) log(`${account} 的企业没有发起体检：${skipped.join("；")}`);
      filling = await openCheckOf(enterpriseId);
    }
    if (filling) break;
  }
  let hrFilling: Filling | null = null;
  if (filling) {
    // FerretDB 1.24 refuses $elemMatch on sub-documents: the enterprise's accounts, checked here.
    const filler = (await User.find({ "roles.enterpriseId": filling.enterpriseId }).lean()).find((u) =>
      u.roles.some((g) => g.role === "hr" && String(g.enterpriseId) === String(filling.enterpriseId)),
    );
    const { dimension, questions } = await fillingQuestions(filling._id, filling.templateId);
    if (dimension && questions.length && filler)
      hrFilling = { assessment: String(filling._id), dimension, questions, account: filler.accountName };
  }
  if (!hrFilling) log("演示数据里没有 hr 正在填写的体检：跳过维度页和自动保存");
  // The bulk rows went in around the services: the documents kept from them are built as the seed does.
  log("重建保存的列表与汇总（工作台数字与企业列表、待办、看板）…");
  const { rebuildEnterpriseFigures } = await import("../app/services/workbench/figures.server");
  const { rebuildInboxes } = await import("../app/services/workbench/inbox.server");
  const { rebuildDashboards } = await import("../app/services/dashboards/rollups.server");
  await rebuildEnterpriseFigures();
  await rebuildInboxes();
  await rebuildDashboards();
  return {
    bulkEnterprise: String(firstEnterprise),
    bulkAssessment: String(firstAssessment),
    bulkItem: String(firstItem),
    hrEnterprise: String(hrEnterprise),
    hrFilling,
    fillers,
  };
}

/**
 * HR people filling in their own checks at once, one per session (as in use: one person per check): an HR
 * account `bench.hr<i>` of a bulk enterprise each, with a check the demo instructor started, and the
 * questions its autosave answers; made while the bulk checks are few.
 */
async function prepareFillers(enterpriseIds: Types.ObjectId[]): Promise<Filling[]> {
  const { User } = await import("../models/user");
  const { Assessment } = await import("../models/assessment");
  const { actingUser, hashPassword } = await import("../app/services/accounts/auth.server");
  const { startAssessments } = await import("../app/services/health-check/assessments.server");
  const { addDays, todayInShanghai } = await import("../app/domain/dates");
  const instructor = await User.findOne({ accountName: "zhidao" }).lean();
  if (!instructor) throw new Error("演示数据里没有 zhidao");
  const acting = await actingUser(instructor._id);
  const passwordHash = await hashPassword(PASSWORD);
  const fillers: Filling[] = [];
  for (let i = 0; i < enterpriseIds.length; i++) {
    const accountName = `bench.hr${i + 1}`;
    const user =
      (await User.findOne({ accountName }).lean()) ??
      (
        await User.create({
          accountName,
          displayName: `压测HR${i + 1}`,
          passwordHash,
          status: "active",
          mustChangePassword: false,
          roles: [{ role: "hr", enterpriseId: enterpriseIds[i] }],
        })
      ).toObject();
    const enterpriseId = user.roles[0].enterpriseId!;
    let check = await Assessment.findOne({
      enterpriseId,
      status: { $in: ["in_progress", "returned"] },
    }).lean();
    if (!check) {
      const { started } = await startAssessments(
        acting!,
        [String(enterpriseId)],
        addDays(todayInShanghai(new Date()), 30),
      );
      check = started[0] ? await Assessment.findById(started[0]).lean() : null;
    }
    if (!check) continue;
    const { dimension, questions } = await fillingQuestions(check._id, check.templateId);
    if (dimension && questions.length)
      fillers.push({ assessment: String(check._id), dimension, questions, account: accountName });
  }
  return fillers;
}
