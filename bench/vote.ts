/**
 * Benchmark of the congress vote (not a test): `npm run build && npx tsx bench/vote.ts [--n 1000] [--seconds 60]`.
 *
 * Starts its own FerretDB (or uses MONGODB_URI, in a database of its own that it drops afterwards) and
 * Redis, starts the built app (scripts/server.js) against them, makes an enterprise with N representatives
 * (accounts and sessions), a case at the agreed-draft step, a roster of N linked to the accounts, all
 * checked in, and opens the vote. Then N voters cast their ballot over HTTP — POST /bargaining/cases/:id/vote.data
 * with their session cookie and CSRF token, as the page's form does on a phone (Remix single fetch: the
 * action's result alone, the page keeps its data), or with `--document` as a form posted without
 * JavaScript (the action, then the page without the draft) — spread evenly over the given seconds. Prints
 * p50/p95/max per ballot, the wall time, and checks that the tally after counting equals the ballots cast
 * (and that every receipt code a voter was shown is on the published list).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { hash } from "@node-rs/argon2";
import {
  freePort,
  log,
  onShutdown,
  spawnNode,
  startDatabase,
  startRedis,
  stopChild,
  type Started,
} from "../scripts/services";
import { flag, quantile, ms } from "./lib";

const N = flag("n", 1000);
const RECEIPT_IN_PAGE =
  /data-testid="receipt-code">\s*([2-9A-HJ-NP-Z]{5})(?:<!-- -->)?-(?:<!-- -->)?([2-9A-HJ-NP-Z]{5})\s*</;
const SECONDS = flag("seconds", 60);
const DOCUMENT = process.argv.includes("--document");
/** The receipt in a single-fetch answer (turbo-stream: the action's values as JSON strings). */
const RECEIPT_IN_DATA = /"([2-9A-HJ-NP-Z]{5})([2-9A-HJ-NP-Z]{5})"/;

async function waitForHealth(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("应用没有就绪（见 test-results/bench-app.log）");
}

async function main() {
  if (!fs.existsSync("build/index.js")) throw new Error("请先运行 npm run build");
  const runId = crypto.randomBytes(4).toString("hex");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ghxs-bench-vote-"));
  const services: Started[] = [];
  const db = await startDatabase(dataDir);
  services.push(db);
  const redis = await startRedis();
  services.push(redis);
  const dbName = `bench_vote_${runId}`;
  process.env.MONGODB_URI = db.url;
  process.env.MONGODB_DB = dbName;
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = `bench-vote-${runId}`;
  const secret = crypto.randomBytes(32).toString("hex");
  process.env.SESSION_SECRET = secret;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = spawnNode(
    "bench-app",
    ["scripts/server.js"],
    {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      COOKIE_SECURE: "false",
    },
    "file",
  );
  const mongoose = (await import("mongoose")).default;
  const { connectDatabase, disconnectDatabase, syncIndexes } = await import("../models/db");
  await import("../models/all");
  let stopped = false;
  const finish = async () => {
    if (stopped) return;
    stopped = true;
    await stopChild(app).catch(() => {});
    if (mongoose.connection.readyState === 1) {
      await mongoose.connection.dropDatabase().catch(() => {});
      await disconnectDatabase().catch(() => {});
    }
    for (const s of services.reverse()) await s.stop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  onShutdown(finish);
  try {
    await connectDatabase({ uri: db.url, dbName });
    await syncIndexes();
    await waitForHealth(base);
    log(`数据库：${db.engine}；应用：${base}`);

    const { User } = await import("../models/user");
    const { Session } = await import("../models/session");
    const { Congress } = await import("../models/congress");
    const { makeEnterprise, makeOrg, makeUser } = await import("../tests/support/factories");
    const { makeAgreedCase } = await import("../tests/support/vote-case");
    const { actingUser } = await import("../app/services/accounts/auth.server");
    const votes = await import("../app/services/votes/congress.server");

    const org = await makeOrg({ name: "压测区总工会" });
    const enterprise = await makeEnterprise(org, { name: "压测表决有限公司" });
    const chairMade = await makeUser({ role: "chair", enterprise, displayName: "压测主席" });
    const hrMade = await makeUser({ role: "hr", enterprise, displayName: "压测人事" });
    const chair = (await actingUser(chairMade.id))!;
    const hr = (await actingUser(hrMade.id))!;

    log(`创建 ${N} 名代表的账号和会话…`);
    const passwordHash = await hash("Bench2026x", { algorithm: 2 });
    const cookie = createCookie("ghxs_session", { path: "/", secrets: [secret] });
    const voters: { cookie: string; csrf: string }[] = [];
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      const name = `压测代表${String(i).padStart(5, "0")}`;
      const user = await User.create({
        accountName: `bench.rep.${runId}.${i}`,
        displayName: name,
        passwordHash,
        status: "active",
        mustChangePassword: false,
        roles: [{ role: "rep", enterpriseId: enterprise._id }],
      });
      const token = crypto.randomBytes(32).toString("base64url");
      const csrf = crypto.randomBytes(32).toString("base64url");
      const now = new Date();
      await Session.create({
        _id: crypto.createHash("sha256").update(token).digest("hex"),
        userId: user._id,
        csrfToken: csrf,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
        ip: "127.0.0.1",
      });
      voters.push({ cookie: (await cookie.serialize(token)).split(";")[0], csrf });
      lines.push(`${name} B${i} ${i % 2 ? "女" : "男"} 是`);
    }
    const caseId = await makeAgreedCase({ enterprise, createdBy: chair.id });
    await votes.submitToCongress(chair, caseId, 0);
    const { congress } = await votes.saveRoster(chair, caseId, 0, {
      kind: "congress",
      text: lines.join("\n"),
      employees: null,
      women: null,
    });
    const linked = congress!.members.filter((m) => m.userId).length;
    if (linked !== N) throw new Error(`名单关联账号 ${linked} 个，应为 ${N} 个`);
    await votes.callMeeting(chair, caseId, {
      heldOn: "2099-01-01",
      place: "",
      tellerUserIds: [chair.id, hr.id],
    });
    const members = (await Congress.findById(caseId).lean())!.members;
    await votes.checkIn(chair, caseId, { memberIds: members.map((m) => m.id), present: true });
    await votes.openVote(chair, caseId);

    log(`${N} 名代表在 ${SECONDS} 秒内通过 HTTP 投票…`);
    const choices = ["approve", "oppose", "abstain"] as const;
    const durations: number[] = [];
    // The server's own account of each ballot (Server-Timing): database time and commands, the rest.
    const server = {
      db: [] as number[],
      app: [] as number[],
      commands: [] as number[],
      wait: [] as number[],
    };
    const codes: string[] = [];
    const cast = { approve: 0, oppose: 0, abstain: 0 };
    let failures = 0;
    const errors: string[] = [];
    const started = Date.now();
    await Promise.all(
      voters.map(async (v, i) => {
        await new Promise((r) => setTimeout(r, (i * SECONDS * 1000) / N));
        const choice = choices[i % 3];
        const t0 = process.hrtime.bigint();
        let response: Response | null = null;
        let text = "";
        try {
          response = await fetch(`${base}/bargaining/cases/${caseId}/vote${DOCUMENT ? "" : ".data"}`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: v.cookie },
            body: new URLSearchParams({ intent: "cast", choice, _csrf: v.csrf }).toString(),
            redirect: "manual",
          });
          text = await response.text();
          const timing = response.headers.get("server-timing") ?? "";
          const db = /db;dur=([\d.]+);desc="database, (\d+) commands"/.exec(timing);
          const app = /app;dur=([\d.]+)/.exec(timing);
          if (db && app) {
            server.db.push(Number(db[1]));
            server.commands.push(Number(db[2]));
            server.app.push(Number(app[1]));
          }
        } catch (error) {
          errors.push((error as Error).message);
        }
        const duration = Number(process.hrtime.bigint() - t0) / 1e6;
        durations.push(duration);
        const inServer = /total;dur=([\d.]+)/.exec(response?.headers.get("server-timing") ?? "");
        if (inServer) server.wait.push(duration - Number(inServer[1]));
        // The page shows the code once: "ABCDE-FGH23" in the receipt (and in the action data). React may
        // separate the parts of a text node by "<!-- -->" in server HTML, so allow it between them.
        const code = (DOCUMENT ? RECEIPT_IN_PAGE : RECEIPT_IN_DATA).exec(text);
        if (response?.ok && code) {
          codes.push(code[1] + code[2]);
          cast[choice] += 1;
        } else failures += 1;
      }),
    );
    const wall = (Date.now() - started) / 1000;

    await votes.closeVoting(chair, caseId);
    const { BargainingCase } = await import("../models/bargaining-case");
    const { CongressVote } = await import("../models/congress");
    const version = (await BargainingCase.findById(caseId).lean())!.version;
    const { case: savedCase } = await votes.confirmCount(chair, caseId, version);
    const vote = (await CongressVote.findById(`${caseId}:1`).lean())!;
    const result = vote.result as unknown as { counts: typeof cast & { total: number } };
    const list = (await votes.publishedList(vote._id))!;
    const tallyOk =
      result.counts.approve === cast.approve &&
      result.counts.oppose === cast.oppose &&
      result.counts.abstain === cast.abstain &&
      result.counts.total === codes.length;
    const listOk = list.count === codes.length && codes.every((c) => list.codes.includes(c));

    console.log("");
    console.log(
      `负载（1/5/15 分钟）：${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" / ")}；方式：${DOCUMENT ? "无脚本表单（整页）" : "页面表单（single fetch，仅回执）"}`,
    );
    console.log(
      `投票人数 ${N}，计划用时 ${SECONDS} 秒，实际 ${wall.toFixed(1)} 秒；失败 ${failures}${errors.length ? `（${errors[0]}）` : ""}`,
    );
    console.log(
      `每张选票（HTTP 往返）：p50 ${ms(quantile(durations, 0.5))}，p95 ${ms(quantile(durations, 0.95))}，最大 ${ms(Math.max(...durations))}`,
    );
    if (server.db.length)
      console.log(
        `服务器内（Server-Timing）：数据库 p50 ${ms(quantile(server.db, 0.5))}（${quantile(server.commands, 0.5)} 条命令），其余 p50 ${ms(quantile(server.app, 0.5))}；往返减去服务器内（排队、连接）p50 ${ms(quantile(server.wait, 0.5))}，p95 ${ms(quantile(server.wait, 0.95))}`,
      );
    console.log(
      `投出：同意 ${cast.approve}、不同意 ${cast.oppose}、弃权 ${cast.abstain}；计票：同意 ${result.counts.approve}、不同意 ${result.counts.oppose}、弃权 ${result.counts.abstain}，合计 ${result.counts.total}`,
    );
    console.log(
      `计票与投出一致：${tallyOk ? "是" : "否"}；回执码全部在公布名单中：${listOk ? "是" : "否"}；案件状态：${savedCase.status}`,
    );
    await finish();
    process.exit(tallyOk && listOk && failures === 0 ? 0 : 1);
  } catch (error) {
    console.error(error);
    await finish();
    process.exit(1);
  }
}

void main();
