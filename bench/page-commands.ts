/**
 * Database commands of the main pages per role (not a test): `npx tsx bench/page-commands.ts [--verbose]`.
 *
 * Loads the demo data into a database of its own (its own FerretDB and Redis, or MONGODB_URI / REDIS_URL),
 * then calls, once per demo account, the services each main page's loader calls after the sign-in check
 * (the root layout's unread count included) and counts their database commands: how many, and how many are
 * not a lookup by `_id` (on the embedded FerretDB those decode a whole collection). A page the account may
 * not open is marked "—". --verbose lists the scans. Quick (no build, no server), so a page's reads can be
 * checked after each change; bench/pages.ts measures the time.
 */
import { log } from "../scripts/services";
import { runBench } from "./lib";

const VERBOSE = process.argv.includes("--verbose");
const ACCOUNTS = [
  ["管理员", "admin"],
  ["指导员", "zhidao"],
  ["企业HR", "hr"],
  ["工会主席", "chair"],
  ["职工代表", "rep"],
] as const;

interface Command {
  commandName: string;
  command: Record<string, unknown>;
}

/** Whether a command is a lookup by `_id` alone (FerretDB answers only these by key). */
function isKeyed({ commandName, command }: Command): boolean {
  const plain = (v: unknown) =>
    typeof v !== "object" || v === null || !Object.keys(v).some((k) => k[0] === "$");
  const byId = (filter: unknown) => {
    const keys = Object.keys((filter ?? {}) as object);
    return keys.length === 1 && keys[0] === "_id" && plain((filter as { _id: unknown })._id);
  };
  if (commandName === "find") return byId(command.filter);
  if (commandName === "update" || commandName === "delete")
    return ((command.updates ?? command.deletes) as { q: unknown }[]).every((u) => byId(u.q));
  if (commandName === "findAndModify") return byId(command.query);
  return commandName === "insert";
}

const describe = ({ commandName, command }: Command) => {
  const collection = String(command[commandName]);
  const filter = command.filter ?? command.query ?? command.pipeline ?? "";
  return `${commandName} ${collection} ${JSON.stringify(filter).slice(0, 140)}`;
};

runBench("commands", async (bench) => {
  await bench.connect({ monitorCommands: true });
  const { default: mongoose } = await import("mongoose");
  log("加载演示数据…");
  const { seedDemo } = await import("../scripts/demo-data");
  await seedDemo();

  const { User } = await import("../models/user");
  const { actingUser } = await import("../app/services/accounts/auth.server");
  const { workbenchFor } = await import("../app/services/workbench/workbench.server");
  const { unreadCount, listNotifications } =
    await import("../app/services/notifications/notifications.server");
  const { listEnterprises, enterprisePick } = await import("../app/services/enterprises/enterprises.server");
  const { listOrgTree } = await import("../app/services/orgs/orgs.server");
  const { acceptedChecks } = await import("../app/services/reports/reports.server");
  const { recentBatches } = await import("../app/services/reports/report-batches.server");
  const { listItems, headlineByOrg, parseItemFilters } =
    await import("../app/services/prescriptions/list.server");
  const { latestPublished } = await import("../app/services/health-check/templates.server");
  const { pipeline } = await import("../app/services/bargaining/pipeline.server");
  const { can } = await import("../app/domain/policy");
  const { ruleSetsOf } = await import("../app/services/bargaining/rules.server");
  const { cohortFor } = await import("../app/services/cultivation/board.server");
  const { listTrainings } = await import("../app/services/cultivation/trainings.server");
  const { getEnterprise } = await import("../app/services/enterprises/enterprises.server");
  const { reportPage } = await import("../app/services/reports/reports.server");
  const { assessmentForm, evidenceList } = await import("../app/services/health-check/assessments.server");
  const { itemPage } = await import("../app/services/prescriptions/items.server");
  const { Assessment } = await import("../models/assessment");
  const { PrescriptionItem } = await import("../models/prescription");
  type User = Awaited<ReturnType<typeof actingUser>> & object;
  // The detail pages: an enterprise with prescription items, the check they were issued on, one item.
  const item = await PrescriptionItem.findOne().lean();
  const accepted = item ? await Assessment.findById(item.assessmentId).lean() : null;
  const enterpriseId = String(item?.enterpriseId ?? "");
  if (!enterpriseId || !accepted || !item) throw new Error("演示数据里没有整改事项及其体检");
  const year = new Date().getFullYear();
  /** A page whose route lets in only those the policy allows `action` (refused like a 403 otherwise). */
  const onlyIf =
    (action: "report:list" | "org:manage", load: (u: User) => Promise<unknown>) => async (u: User) => {
      if (!can(u, action, { type: "system" })) throw new Error("403");
      return load(u);
    };
  /** Each page: what its loader calls after the sign-in check (bench/pages.ts requests the same pages). */
  const PAGES: [string, (user: User) => Promise<unknown>][] = [
    ["布局（未读数）", (u) => unreadCount(u.id)],
    ["工作台 /", (u) => workbenchFor(u)],
    ["企业 /enterprises", (u) => Promise.all([listEnterprises(u, {}), listOrgTree(u)])],
    [
      "报告 /reports",
      onlyIf("report:list", (u) => Promise.all([acceptedChecks(u, {}), recentBatches(u), listOrgTree(u)])),
    ],
    [
      "处方 /prescriptions",
      (u) =>
        Promise.all([
          listItems(u, parseItemFilters(new URLSearchParams())),
          headlineByOrg(u),
          latestPublished(),
        ]),
    ],
    ["协商 /bargaining", (u) => pipeline(u, {})],
    [
      "培育 /plans",
      (u) =>
        Promise.all([
          cohortFor(u, { year }),
          cohortFor(u, { year }),
          enterprisePick(u, new URLSearchParams()),
        ]),
    ],
    [
      "培训 /trainings",
      (u) => Promise.all([listTrainings(u, year), listOrgTree(u), enterprisePick(u, new URLSearchParams())]),
    ],
    ["通知 /notifications", (u) => listNotifications(u, { page: 1, unreadOnly: false })],
    ["企业页", (u) => getEnterprise(u, enterpriseId)],
    ["体检报告页", (u) => reportPage(u, String(accepted._id))],
    [
      "审核页",
      async (u) => {
        const form = await assessmentForm(u, String(accepted._id));
        return evidenceList(form.assessment);
      },
    ],
    ["整改事项页", (u) => itemPage(u, String(item._id))],
    [
      "组织 /orgs",
      onlyIf("org:manage", async (u) =>
        ruleSetsOf((await listOrgTree(u, { withCounts: true })).map((n) => n.id)),
      ),
    ],
  ];
  let seen: Command[] | null = null;
  mongoose.connection.getClient().on("commandStarted", (e: Command) => seen?.push(e));
  const table: Record<string, Record<string, string>> = {};
  const scansSeen: string[] = [];
  for (const [role, account] of ACCOUNTS) {
    const doc = await User.findOne({ accountName: account }).lean();
    const user = doc ? await actingUser(doc._id) : null;
    if (!user) throw new Error(`演示数据里没有账号 ${account}`);
    for (const [page, load] of PAGES) {
      table[page] ??= {};
      // Warm-up: documents built on first read are not counted. A refusal (403, a redirect) marks "—".
      if (
        !(await load(user).then(
          () => true,
          () => false,
        ))
      ) {
        table[page][role] = "—";
        // The page's other reads may still be running: let them end before the next page is counted.
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      seen = [];
      await load(user);
      const commands: Command[] = seen;
      seen = null;
      const scans = commands.filter((c) => !isKeyed(c));
      table[page][role] = `${commands.length}（${scans.length}）`;
      if (VERBOSE) for (const c of scans) scansSeen.push(`${role} ${page}: ${describe(c)}`);
    }
  }
  console.log("\n每页的数据库命令数（括号内：不是按 _id 读取的条数）");
  console.table(table);
  for (const line of scansSeen) console.log(`  ${line}`);
});
