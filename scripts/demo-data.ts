/**
 * Demo data for README command 1 and the browser tests: a city federation with the 云溪区 district
 * (three streets/towns and an industrial park) and a second district, 32 enterprises across industries,
 * sizes and statuses (valid credit codes), one account per role, and a history of accepted health checks,
 * risk reports and legal prescriptions (seedHistory below). Idempotent: keyed by organisation name, credit
 * code, account name and fixed ids, so running it twice changes nothing.
 */
import { rebuildKeptAccounts } from "../app/services/accounts/kept-accounts.server";
import { rebuildInboxes } from "../app/services/workbench/inbox.server";
import { rebuildEnterpriseFigures } from "../app/services/workbench/figures.server";
import { rebuildKeptItems } from "../app/services/prescriptions/kept-items.server";
import { rebuildEnterpriseChecks } from "../app/services/health-check/enterprise-checks.server";
import crypto from "node:crypto";
import { Types } from "mongoose";
import { makeCreditCode } from "../app/domain/credit-code";
import { addDays, todayInShanghai, toShanghaiDate } from "../app/domain/dates";
import { validateAnswer, visibleAnswers } from "../app/domain/health-check/answers";
import { attachmentKey, takesAttachments } from "../app/domain/health-check/attachments";
import { RISK_LEVEL_LABELS, scoreAssessment, type AssessmentScore } from "../app/domain/health-check/scoring";
import type {
  Answers,
  EnterpriseProfile,
  Question,
  Severity,
  Template,
} from "../app/domain/health-check/types";
import { draftOrder, proposeItems } from "../app/domain/prescriptions/items";
import type { ItemStatus } from "../app/domain/prescriptions/status";
import { ROLE_LABELS, type OrgKind, type Role } from "../app/domain/roles";
import { profileOf, storedScore } from "../app/services/health-check/assessments.server";
import { hashPassword } from "../app/services/accounts/auth.server";
import { buildFile, type RenderRequest } from "../app/services/documents/documents.server";
import { deleteBlob, putBlob } from "../models/file-blob";
import { insertRaw, olderShape } from "./older-shapes";
import { seedCultivation } from "./demo-cultivation";
import { samplePdf } from "./sample-pdf";
import { seedBargaining } from "./demo-bargaining";
import { ensureDefaultLibrary } from "../app/services/contracts/library.server";
import { seedDashboardDemo } from "./demo-dashboards";
import { takeDocumentNo } from "../app/services/numbering/document-numbers.server";
import { prescriptionRenderRequest } from "../app/services/prescriptions/drafting.server";
import { reportRenderRequest } from "../app/services/reports/reports.server";
import {
  ensureDefaultTemplate,
  latestPublished,
  loadTemplateVersion,
} from "../app/services/health-check/templates.server";
import {
  AnswerRevision,
  AnswerSheet,
  Assessment,
  EvidenceFile,
  type AssessmentDoc,
} from "../models/assessment";
import { Enterprise } from "../models/enterprise";
import { isDuplicateKeyError } from "../models/errors";
import {
  decodeCitations,
  encodeCitations,
  ItemEvidence,
  Prescription,
  PrescriptionItem,
  type ItemEventDoc,
} from "../models/prescription";
import { RenderedDocument, renderIdFor } from "../models/rendered-document";
import { findReportOf, Report, type ReportDoc } from "../models/report";
import { nextNumber } from "../models/sequence";
import { OrgCode, UnionOrg } from "../models/union-org";
import { AuditEntry } from "../models/audit";
import { Notification } from "../models/notification";
import { ReportBatch } from "../models/report-batch";
import { User, UserMobile } from "../models/user";

export const DEMO_PASSWORD = "Demo2026";

const ORGS: { name: string; kind: OrgKind; parent?: string; shortCode?: string; redHead?: string }[] = [
  { name: "滨江市总工会", kind: "city" },
  { name: "云溪区总工会", kind: "district", parent: "滨江市总工会" },
  // The admin set the short code and a red head (版头) for its prescriptions; the others use the defaults.
  {
    name: "湖滨街道总工会",
    kind: "street",
    parent: "云溪区总工会",
    shortCode: "湖滨",
    redHead: "湖滨街道总工会",
  },
  { name: "长桥街道总工会", kind: "street", parent: "云溪区总工会" },
  { name: "青石镇总工会", kind: "town", parent: "云溪区总工会" },
  { name: "云溪智造产业园区总工会", kind: "park", parent: "云溪区总工会" },
  { name: "临江区总工会", kind: "district", parent: "滨江市总工会" },
  { name: "临江区江口街道总工会", kind: "street", parent: "临江区总工会" },
];

type Seed = [
  name: string,
  industry: string,
  headcount: number,
  org: string,
  union: string | null,
  contract: "none" | "bargaining" | "in_effect",
  until?: string,
];

const ENTERPRISES: Seed[] = [
  ["滨江湖滨精密机械有限公司", "C", 326, "湖滨街道总工会", "2015-06-18", "in_effect", "2027-06-30"],
  ["云溪新材料科技股份有限公司", "C", 812, "云溪智造产业园区总工会", "2012-03-09", "in_effect", "2026-12-31"],
  ["湖滨安居建设工程有限公司", "E", 455, "湖滨街道总工会", "2018-09-01", "bargaining"],
  ["长桥鲜达餐饮管理有限公司", "H", 138, "长桥街道总工会", "2020-11-20", "none"],
  ["云溪智联电子有限公司", "C", 1260, "云溪智造产业园区总工会", "2010-05-04", "in_effect", "2028-03-31"],
  ["青石绿源农业发展有限公司", "A", 64, "青石镇总工会", null, "none"],
  ["湖滨优选商贸有限公司", "F", 47, "湖滨街道总工会", null, "none"],
  ["长桥顺通物流有限公司", "G", 289, "长桥街道总工会", "2019-04-12", "bargaining"],
  ["云溪数码信息技术有限公司", "I", 176, "云溪智造产业园区总工会", "2021-01-15", "in_effect", "2027-01-14"],
  ["滨江长桥物业服务有限公司", "K", 233, "长桥街道总工会", "2017-08-08", "in_effect", "2026-08-31"],
  ["青石纺织服装有限公司", "C", 540, "青石镇总工会", "2009-10-10", "in_effect", "2027-09-30"],
  ["湖滨康宁医疗器械有限公司", "C", 198, "湖滨街道总工会", "2016-02-22", "none"],
  ["云溪汇鑫小额贷款有限公司", "J", 35, "云溪智造产业园区总工会", "2022-06-01", "none"],
  ["长桥乐学教育培训中心有限公司", "P", 88, "长桥街道总工会", null, "none"],
  ["青石石材加工有限公司", "B", 122, "青石镇总工会", "2014-07-07", "bargaining"],
  ["云溪恒润热电有限公司", "D", 305, "云溪智造产业园区总工会", "2008-12-12", "in_effect", "2027-12-31"],
  ["湖滨悦家酒店管理有限公司", "H", 156, "湖滨街道总工会", "2019-09-19", "none"],
  ["长桥明远汽车维修服务有限公司", "O", 42, "长桥街道总工会", null, "none"],
  ["云溪华测检测认证有限公司", "M", 97, "云溪智造产业园区总工会", "2020-05-20", "in_effect", "2026-05-19"],
  ["青石生态环境治理有限公司", "N", 76, "青石镇总工会", "2023-03-03", "none"],
  ["湖滨仁和康复医院有限公司", "Q", 214, "湖滨街道总工会", "2013-11-11", "in_effect", "2027-11-10"],
  ["长桥文化传媒有限公司", "R", 29, "长桥街道总工会", null, "none"],
  ["云溪精工汽车零部件有限公司", "C", 678, "云溪智造产业园区总工会", "2011-07-01", "bargaining"],
  ["青石建工集团有限公司", "E", 920, "青石镇总工会", "2006-04-18", "in_effect", "2028-04-17"],
  ["湖滨鲜果连锁超市有限公司", "F", 133, "湖滨街道总工会", "2021-10-01", "none"],
  ["长桥冷链仓储有限公司", "G", 91, "长桥街道总工会", null, "none"],
  ["云溪光伏能源科技有限公司", "D", 247, "云溪智造产业园区总工会", "2018-01-08", "in_effect", "2027-01-07"],
  ["青石竹木制品有限公司", "C", 58, "青石镇总工会", null, "none"],
  ["湖滨租赁服务有限公司", "L", 23, "湖滨街道总工会", null, "none"],
  ["长桥社区养老服务有限公司", "O", 110, "长桥街道总工会", "2022-12-20", "bargaining"],
  ["临江港口机械有限公司", "C", 430, "临江区江口街道总工会", "2014-05-01", "in_effect", "2027-04-30"],
  ["临江江鲜餐饮有限公司", "H", 66, "临江区江口街道总工会", null, "none"],
];

/**
 * Enterprises registered by an earlier version of the app (scripts/older-shapes.ts): those without a union
 * or a contract, whose missing fields mean exactly what the seed would have written. 青石绿源 (5) also has a
 * health check, report, prescription and items in the older shapes, and 湖滨优选 (6) an open check.
 */
const OLDER_SHAPE_ENTERPRISES = [5, 6, 13, 17, 21, 25, 27, 28, 31];
const OLDER_HISTORY_ENTERPRISE = 5;
const OLDER_OPEN_CHECK_ENTERPRISE = 6;

const ACCOUNTS: {
  accountName: string;
  displayName: string;
  mobile?: string;
  role: Role;
  org?: string;
  enterprise?: number;
  /** Heads the organisation (countersigns cultivation plans). */
  head?: boolean;
}[] = [
  { accountName: "admin", displayName: "平台管理员", role: "admin" },
  {
    accountName: "zhidao",
    displayName: "王建国",
    mobile: "13800000001",
    role: "instructor",
    org: "云溪区总工会",
  },
  { accountName: "hubin.zhidao", displayName: "陈晓红", role: "instructor", org: "湖滨街道总工会" },
  { accountName: "lingdao", displayName: "刘志强", role: "instructor", org: "云溪区总工会", head: true },
  { accountName: "linjiang.zhidao", displayName: "周海涛", role: "instructor", org: "临江区总工会" },
  { accountName: "hr", displayName: "张丽", mobile: "13800000002", role: "hr", enterprise: 0 },
  { accountName: "chair", displayName: "李明", role: "chair", enterprise: 0 },
  { accountName: "rep", displayName: "赵刚", role: "rep", enterprise: 0 },
  { accountName: "hr2", displayName: "孙颖", role: "hr", enterprise: 1 },
  { accountName: "hr3", displayName: "吴敏", role: "hr", enterprise: 2 },
];

export function demoCreditCode(index: number) {
  return makeCreditCode(`91330110MA2${String(100_000 + index * 7_919).slice(-6)}`);
}

export async function seedDemo(): Promise<string> {
  await ensureDefaultTemplate();
  await ensureDefaultLibrary();
  const seededAt = new Date();
  const orgIds = new Map<string, Types.ObjectId>();
  for (const org of ORGS) {
    const parentId = org.parent ? orgIds.get(org.parent)! : null;
    const parent = parentId ? await UnionOrg.findById(parentId).lean() : null;
    const ancestors = parent ? [...parent.ancestors, parent._id] : [];
    // The root node as the first version wrote it (no parentId, ancestors, archived): an older shape.
    if (!parentId && !(await UnionOrg.exists({ name: org.name })))
      await insertRaw(UnionOrg, olderShape.unionOrg({ _id: demoId(`org:${org.name}`), ...org }, seededAt));
    const saved =
      (await UnionOrg.findOne({ name: org.name }).lean()) ??
      (await UnionOrg.create({
        name: org.name,
        kind: org.kind,
        parentId,
        ancestors,
        ...(org.shortCode ? { shortCode: org.shortCode } : {}),
        ...(org.redHead ? { redHead: org.redHead } : {}),
      }));
    if (saved.shortCode) {
      await OrgCode.updateOne(
        { _id: saved.shortCode },
        { $setOnInsert: { orgId: saved._id } },
        { upsert: true },
      );
    }
    orgIds.set(org.name, saved._id);
  }

  const enterpriseIds: Types.ObjectId[] = [];
  for (const [i, [name, industry, headcount, org, union, contract, until]] of ENTERPRISES.entries()) {
    const creditCode = demoCreditCode(i);
    if (OLDER_SHAPE_ENTERPRISES.includes(i) && !(await Enterprise.exists({ creditCode }))) {
      // Registered by an earlier version: none of the fields added since (all at their defaults here).
      const _id = demoId(`enterprise:${creditCode}`);
      const unionOrgId = orgIds.get(org)!;
      await insertRaw(
        Enterprise,
        olderShape.enterprise({ _id, name, creditCode, industry, headcount, unionOrgId }, seededAt),
      );
    }
    const saved = await Enterprise.findOneAndUpdate(
      { creditCode },
      {
        $setOnInsert: {
          name,
          creditCode,
          industry,
          headcount,
          womenShare: [18.5, 42, 12, 63.5, 36, 51][i % 6],
          address: `滨江市${org.replace("总工会", "")}${["滨湖路", "长桥大道", "青石街", "智造路"][i % 4]}${100 + i}号`,
          unionOrgId: orgIds.get(org),
          contacts: [
            {
              name: ["张丽", "刘强", "吴敏", "郑洁"][i % 4],
              role: "人力资源经理",
              phone: `1390000${String(1000 + i)}`,
            },
          ],
          unionEstablishedOn: union,
          congressEstablished: !!union && headcount >= 100,
          openAffairs: !!union,
          usesDispatch: i % 5 === 0,
          contractStatus: contract,
          contractValidUntil: until ?? null,
          harmoniousDesignations:
            contract === "in_effect" && i % 3 === 0 ? [{ year: 2025, level: "区级" }] : [],
          archived: false,
          version: 0,
          createdAt: seededAt,
          updatedAt: seededAt,
        },
      },
      // No automatic updatedAt: finding the enterprise on a later run must not touch it.
      { upsert: true, new: true, timestamps: false },
    ).lean();
    enterpriseIds.push(saved!._id);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds = new Map<string, Types.ObjectId>();
  for (const account of ACCOUNTS) {
    const grant = {
      role: account.role,
      unionOrgId: account.org ? orgIds.get(account.org) : undefined,
      enterpriseId: account.enterprise !== undefined ? enterpriseIds[account.enterprise] : undefined,
      ...(account.head ? { head: true } : {}),
    };
    const user = await User.findOneAndUpdate(
      { accountName: account.accountName },
      {
        $setOnInsert: {
          accountName: account.accountName,
          displayName: account.displayName,
          mobile: account.mobile,
          passwordHash,
          status: "active",
          mustChangePassword: false,
          roles: [grant],
          version: 0,
          createdAt: seededAt,
          updatedAt: seededAt,
        },
      },
      { upsert: true, new: true, timestamps: false },
    ).lean();
    userIds.set(account.accountName, user!._id);
    if (account.mobile && !(await UserMobile.findById(account.mobile).lean())) {
      await UserMobile.create({ _id: account.mobile, userId: user!._id });
    }
  }

  const history = await seedHistory(enterpriseIds, userIds);
  await seedOlderShapes(enterpriseIds, userIds);
  const bargaining = await seedBargaining(enterpriseIds, userIds.get("admin")!, {
    chair: userIds.get("chair")!,
    hr: userIds.get("hr")!,
    rep: userIds.get("rep")!,
  });
  const person = (accountName: string) => ({
    id: userIds.get(accountName)!,
    name: ACCOUNTS.find((a) => a.accountName === accountName)!.displayName,
  });
  const cultivation = await seedCultivation(enterpriseIds, person, seedRenderedFile);
  const dashboards = await seedDashboardDemo(enterpriseIds, person("zhidao"));
  // The demo's records were written directly: their workbench inbox entries and figures are built from them.
  await rebuildInboxes();
  await rebuildEnterpriseFigures();
  await rebuildKeptItems();
  await rebuildEnterpriseChecks();
  await rebuildKeptAccounts();

  const lines = [
    `[seed] 演示数据已就绪：${ORGS.length} 个工会组织，${ENTERPRISES.length} 家企业，${ACCOUNTS.length} 个账号`,
    `[seed] 体检记录：${history.checks} 次已通过审核的法律体检，${history.prescriptions} 份已签发的法律处方（${history.items} 项整改事项）`,
    `[seed] 集体协商：本次新建 ${bargaining} 个演示案件（要约、逾期未回应、协商会议、草案协商一致、合同生效、可续签）`,
    `[seed] 培育助推：${cultivation.plans} 份不同阶段的培育计划`,
    `[seed] 数据看板：${dashboards.buckets} 个汇总分组（${dashboards.records} 条记录）已按记录重算`,
    `[seed] 演示账号（密码均为 ${DEMO_PASSWORD}）：`,
    ...ACCOUNTS.map((a) => {
      const where = a.org ?? (a.enterprise !== undefined ? ENTERPRISES[a.enterprise][0] : "全平台");
      return `[seed]   ${a.accountName.padEnd(16)} ${a.displayName}（${ROLE_LABELS[a.role]}${a.head ? "、负责人" : ""}，${where}）`;
    }),
  ];
  return lines.join("\n");
}

// ———————————————————————————————————————————————————————————————————————————————————————————————————
// History: accepted legal health checks, risk reports and issued prescriptions, so the dashboards, the
// reports list and the prescription list show a union at work. Answers follow the real default template
// and are scored by the real scoring module; they vary by enterprise through a hash, never by chance, so
// every run writes the same answers. Dates count back from the day of the seed. Every document has a
// deterministic id or a unique natural key and is only inserted when missing: a second run changes nothing.

type Level = "low" | "medium" | "high";

/** What happens to one prescription item after issue. */
type ItemState =
  "issued" | "acknowledged" | "working" | "due_soon" | "overdue" | "submitted" | "rejected" | "closed";

interface CheckSeed {
  /** Index in ENTERPRISES. */
  enterprise: number;
  /** How poorly the enterprise answers (POOR_SHARE); the risk level shown follows from the real score. */
  level: Level;
  acceptedDaysAgo: number;
  /** The account that started, accepted, analysed and (if any) prescribed. */
  instructor: string;
  /** A risk report with the instructor's problem analysis and its Word file. */
  report?: boolean;
  /** An issued prescription: the state of each item in order, `rest` for the items after those. */
  prescription?: { issuedDaysAgo: number; states: ItemState[]; rest: ItemState };
}

/**
 * Twelve accepted checks of eleven enterprises. 滨江湖滨精密机械 (the `hr` account's enterprise) has an
 * accepted check and nothing else — no report file, no prescription — so the browser tests can take it
 * through report and prescription themselves; a new check can be started there at any time (only open
 * checks block one). 云溪新材料科技 was checked twice: a year ago (prescription fully rectified) and
 * recently (prescription in progress, one item overdue), so its report compares and re-checks.
 */
const CHECKS: CheckSeed[] = [
  {
    enterprise: 1,
    level: "high",
    acceptedDaysAgo: 400,
    instructor: "zhidao",
    report: true,
    prescription: { issuedDaysAgo: 394, states: [], rest: "closed" },
  },
  { enterprise: 4, level: "low", acceptedDaysAgo: 130, instructor: "zhidao", report: true },
  {
    enterprise: 2,
    level: "high",
    acceptedDaysAgo: 80,
    instructor: "hubin.zhidao",
    report: true,
    prescription: {
      issuedDaysAgo: 74,
      states: ["closed", "closed", "submitted", "closed", "rejected", "closed", "submitted", "working"],
      rest: "closed",
    },
  },
  { enterprise: 7, level: "medium", acceptedDaysAgo: 66, instructor: "zhidao" },
  { enterprise: 30, level: "medium", acceptedDaysAgo: 58, instructor: "linjiang.zhidao", report: true },
  {
    enterprise: 1,
    level: "medium",
    acceptedDaysAgo: 45,
    instructor: "zhidao",
    report: true,
    prescription: {
      issuedDaysAgo: 40,
      states: [
        "closed",
        "overdue",
        "submitted",
        "closed",
        "due_soon",
        "rejected",
        "acknowledged",
        "closed",
        "issued",
        "working",
        "issued",
      ],
      rest: "acknowledged",
    },
  },
  { enterprise: 8, level: "low", acceptedDaysAgo: 38, instructor: "zhidao" },
  { enterprise: 3, level: "high", acceptedDaysAgo: 30, instructor: "zhidao", report: true },
  { enterprise: 15, level: "medium", acceptedDaysAgo: 26, instructor: "zhidao" },
  { enterprise: 12, level: "low", acceptedDaysAgo: 22, instructor: "zhidao" },
  { enterprise: 0, level: "medium", acceptedDaysAgo: 18, instructor: "hubin.zhidao" },
  { enterprise: 10, level: "high", acceptedDaysAgo: 12, instructor: "zhidao" },
];

/** Share of items answered poorly, by risk level and item severity. */
const POOR_SHARE: Record<Level, Record<Severity, number>> = {
  low: { H: 0, M: 0.06, L: 0.2 },
  medium: { H: 0.05, M: 0.4, L: 0.5 },
  high: { H: 0.25, M: 0.4, L: 0.5 },
};

const DAY = 86_400_000;

/** A number in [0, 1) from a key: the same key always gives the same number. */
function unit(key: string): number {
  return crypto.createHash("sha1").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/** A fixed ObjectId per key, so the seed finds what it wrote before. */
function demoId(key: string): Types.ObjectId {
  return new Types.ObjectId(crypto.createHash("sha1").update(`demo:${key}`).digest("hex").slice(0, 24));
}

function clamp(q: Question, n: number): number {
  const value = Math.min(q.max ?? n, Math.max(q.min ?? n, n));
  return q.integer ? Math.round(value) : value;
}

/**
 * Answers of one enterprise: each item of the template is answered well or poorly (the share of poor
 * answers set by the level and the item's severity), gate questions yes or no, numbers plausible for the
 * enterprise's size. Only the answers of questions the enterprise is actually asked are kept.
 */
function demoAnswers(template: Template, profile: EnterpriseProfile, key: string, level: Level): Answers {
  const answers: Answers = {};
  const byId = new Map(template.questions.map((q) => [q.id, q]));
  for (const rule of template.rules) {
    const poor = unit(`${key}:${rule.id}`) < POOR_SHARE[level][rule.severity];
    const h = unit(`${key}:${rule.id}:value`);
    const when = rule.when;
    if ("answer" in when && when.op !== "answered") {
      const q = byId.get(when.answer)!;
      const { op, value } = when;
      if (q.type === "yesno" && op === "eq") answers[q.id] = poor ? value === true : value !== true;
      else if (q.type === "single" && (op === "eq" || op === "in")) {
        const bad = (Array.isArray(value) ? value : [value]).map(String);
        const options = q.options!.map((o) => o.value);
        const pick = poor ? bad : options.filter((o) => !bad.includes(o));
        answers[q.id] = pick[Math.floor(h * pick.length)];
      } else if (q.type === "number" && typeof value === "number") {
        // gt / gte n is a finding: a poor answer lies above the line, a good one below it.
        const above = value + 1 + Math.round(h * value * 0.6);
        const below = Math.round((op === "gte" ? value - 1 : value) * (0.3 + h * 0.7));
        answers[q.id] = clamp(q, poor === (op === "gt" || op === "gte") ? above : below);
      }
    } else if ("compare" in when) {
      // WG-03: the lowest wage paid against the local minimum wage (杭州 2 490 元).
      const { left, right } = when.compare;
      answers[right] = clamp(byId.get(right)!, 2490);
      answers[left] = clamp(
        byId.get(left)!,
        poor ? 2490 - 80 - Math.round(h * 300) : 2700 + Math.round(h * 1500),
      );
    } else if ("ratio" in when) {
      // DP-01: dispatched workers as a share of all workers, over 10 % is a finding.
      const { ratio } = when;
      const share = poor ? 0.13 + h * 0.15 : 0.02 + h * 0.06;
      const dispatched = Math.max(1, Math.round(profile.headcount * share));
      answers[ratio.numerator[0]] = dispatched;
      answers[ratio.denominator.find((id) => id !== ratio.numerator[0])!] = profile.headcount - dispatched;
    }
  }
  for (const q of template.questions) {
    if (q.id in answers) continue;
    // Gates and anything no rule decides: yes or no by the hash.
    if (q.type === "yesno") answers[q.id] = unit(`${key}:${q.id}`) < 0.45;
    else if (q.type === "single") answers[q.id] = q.options![0].value;
    else if (q.type === "number") answers[q.id] = clamp(q, q.min ?? 0);
  }
  const kept = visibleAnswers(template.questions, answers, profile);
  for (const [id, value] of Object.entries(kept)) {
    const checked = validateAnswer(byId.get(id)!, value);
    if (!checked.ok) throw new Error(`演示答案 ${id} 无效：${checked.message}`);
  }
  return kept;
}

/** The instructor's problem analysis, written from the check's own findings. */
function analysisFor(score: AssessmentScore, enterpriseName: string): string {
  const real = score.findings.filter((f) => !f.signal);
  const high = real.filter((f) => f.severity === "H");
  const weakest = score.dimensions
    .filter((d) => d.score !== null && d.score < 100)
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .slice(0, 3);
  const lines = [
    "## 总体评价",
    `${enterpriseName}本次法律体检综合得分 ${score.overall ?? "不适用"} 分，风险等级为“${RISK_LEVEL_LABELS[score.riskLevel]}”，共发现问题 ${real.length} 项，其中高风险 ${high.length} 项。`,
  ];
  if (weakest.length) {
    lines.push("", "## 主要问题");
    for (const d of weakest) lines.push(`- ${d.title}：得分 ${d.score}，发现问题 ${d.findings.length} 项`);
  }
  if (high.length) {
    lines.push("", "## 须优先整改的事项");
    high.slice(0, 5).forEach((f, i) => lines.push(`${i + 1}. ${f.title}（${f.legalBasis}）`));
  }
  lines.push(
    "",
    "## 工作建议",
    "建议企业对照法律处方逐项整改，由企业工会全程参与、监督；区总工会将在整改期限届满后组织复查，必要时约谈企业负责人。",
  );
  return lines.join("\n");
}

const HR_NOTES = [
  "已对照整改要求逐项落实，相关制度已修订并经职工代表大会讨论通过后公示，佐证材料见附件。",
  "已完成补签和补缴，经办人员已核对名单，无遗漏，佐证材料见附件。",
  "已召开专题会议部署整改，修订后的文件已发放至各部门并组织学习，佐证材料见附件。",
];
const REJECT_REASON = "佐证材料缺少职工签字确认页，请补充后重新提交。";

interface People {
  instructor: { id: Types.ObjectId; name: string };
  hr: { id: Types.ObjectId; name: string } | null;
}

async function seedHistory(enterpriseIds: Types.ObjectId[], userIds: Map<string, Types.ObjectId>) {
  const version = (await latestPublished())!;
  const template = version.template;
  const now = Date.now();
  const today = todayInShanghai(new Date(now));
  const person = (accountName: string) => {
    const account = ACCOUNTS.find((a) => a.accountName === accountName)!;
    return { id: userIds.get(accountName)!, name: account.displayName };
  };
  const counts = { checks: 0, prescriptions: 0, items: 0 };
  const checksOf = new Map<number, number>();

  for (const check of CHECKS) {
    const nth = (checksOf.get(check.enterprise) ?? 0) + 1;
    checksOf.set(check.enterprise, nth);
    const enterprise = (await Enterprise.findById(enterpriseIds[check.enterprise]).lean())!;
    const org = (await UnionOrg.findById(enterprise.unionOrgId).select({ name: 1 }).lean())!;
    const hrAccount = ACCOUNTS.find((a) => a.role === "hr" && a.enterprise === check.enterprise);
    const people: People = {
      instructor: person(check.instructor),
      hr: hrAccount ? person(hrAccount.accountName) : null,
    };
    const key = `${enterprise.creditCode}:${nth}`;
    const acceptedAt = new Date(now - check.acceptedDaysAgo * DAY);
    const startedAt = new Date(acceptedAt.getTime() - 24 * DAY);
    const submittedAt = new Date(acceptedAt.getTime() - 4 * DAY);
    const profile = profileOf(enterprise);
    const assessmentId = demoId(`assessment:${key}`);
    if (!(await Assessment.exists({ _id: assessmentId }))) {
      const answers = demoAnswers(template, profile, key, check.level);
      const score = scoreAssessment(template, answers, profile);
      const events = [
        { action: "start", by: people.instructor.id, byName: people.instructor.name, at: startedAt },
        ...(people.hr
          ? [{ action: "submit", by: people.hr.id, byName: people.hr.name, at: submittedAt }]
          : []),
        { action: "accept", by: people.instructor.id, byName: people.instructor.name, at: acceptedAt },
      ];
      await new Assessment({
        _id: assessmentId,
        enterpriseId: enterprise._id,
        unionOrgId: enterprise.unionOrgId,
        templateId: new Types.ObjectId(version.id),
        templateKey: version.key,
        templateVersion: version.version,
        status: "accepted",
        dueOn: addDays(toShanghaiDate(startedAt), 30),
        profile,
        remarks: [],
        events,
        score: JSON.stringify(score),
        overall: score.overall,
        riskLevel: score.riskLevel,
        acceptedAt,
        submittedAt,
        version: events.length - 1,
        createdAt: startedAt,
        updatedAt: acceptedAt,
      }).save({ timestamps: false });
    }
    // From here on, what was stored: the check's own template version, its answers and its fixed score.
    const assessment = (await Assessment.findById(assessmentId).lean())!;
    const own =
      String(assessment.templateId) === version.id
        ? version
        : await loadTemplateVersion(assessment.templateId);
    const answers = demoAnswers(own.template, assessment.profile, key, check.level);
    const score = storedScore(assessment)!;
    // A file HR attached to the first answer (附件), stored as the fill-in page stores it: listed beside the
    // answer in the review, on the report page and in the report's annex.
    const attachedTo = people.hr
      ? own.template.questions.find((q) => takesAttachments(q) && answers[q.id] !== undefined)
      : undefined;
    if (people.hr && attachedTo) {
      const fileId = demoId(`check-evidence:${key}`);
      const name = "劳动合同签订台账.pdf";
      const bytes = samplePdf(`Labour contract ledger ${key}`);
      await putBlob(fileId, bytes);
      await EvidenceFile.updateOne(
        { _id: fileId },
        {
          $setOnInsert: {
            assessmentId,
            questionId: attachmentKey(attachedTo.id),
            name,
            contentType: "application/pdf",
            size: bytes.byteLength,
            sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
            uploadedBy: people.hr.id,
            uploadedAt: new Date(startedAt.getTime() + 2 * DAY),
          },
        },
        { upsert: true },
      );
      answers[attachmentKey(attachedTo.id)] = [{ fileId: String(fileId), name }];
    }
    // The answers as autosave stores them (revision 1 each), by HR where the enterprise has an account.
    const saved = new Set(
      (await AnswerRevision.find({ assessmentId }).select({ questionId: 1 }).lean()).map((r) => r.questionId),
    );
    const missing = Object.entries(answers).filter(([id]) => !saved.has(id));
    if (missing.length) {
      await AnswerRevision.insertMany(
        missing.map(([questionId, value], i) => ({
          assessmentId,
          questionId,
          rev: 1,
          value: JSON.stringify(value),
          savedBy: (people.hr ?? people.instructor).id,
          savedAt: new Date(startedAt.getTime() + (i + 1) * 3 * 60_000 + 2 * DAY),
        })),
        { ordered: false },
      ).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
      // The answer sheet is rebuilt from the revisions on its next read.
      await AnswerSheet.deleteOne({ _id: assessmentId });
    }
    counts.checks += 1;

    const report =
      check.report || check.prescription
        ? await seedReport(assessment, score, people, org.name, own.title)
        : null;
    if (check.prescription && report) {
      counts.items += await seedPrescription(assessment, score, report, people, check.prescription, {
        now,
        today,
        key,
      });
      counts.prescriptions += 1;
    }
  }
  return counts;
}

/** The report with its analysis (version 2: created, then analysed) and the Word file of that version. */
async function seedReport(
  assessment: AssessmentDoc,
  score: AssessmentScore,
  people: People,
  orgName: string,
  templateTitle: string,
): Promise<ReportDoc> {
  const enterprise = (await Enterprise.findById(assessment.enterpriseId).lean())!;
  const acceptedAt = assessment.acceptedAt ?? assessment.updatedAt;
  let report = await findReportOf(assessment._id);
  if (!report) {
    const year = toShanghaiDate(acceptedAt).slice(0, 4);
    const reportNo = await takeDocumentNo("report", assessment.unionOrgId, year);
    const analysedAt = new Date(acceptedAt.getTime() + 2 * DAY);
    await new Report({
      _id: assessment._id,
      assessmentId: assessment._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      reportNo,
      analysis: analysisFor(score, enterprise.name),
      analysisBy: people.instructor.id,
      analysisByName: people.instructor.name,
      analysisAt: analysedAt,
      createdBy: people.instructor.id,
      createdByName: people.instructor.name,
      version: 2,
      createdAt: new Date(acceptedAt.getTime() + DAY),
      updatedAt: analysedAt,
    }).save({ timestamps: false });
    report = (await findReportOf(assessment._id))!;
  }
  await seedRenderedFile(
    reportRenderRequest(
      { report, assessment, enterprise, orgName, templateTitle, score },
      String(people.instructor.id),
    ),
    report.analysisAt ?? report.createdAt,
  );
  return report;
}

/** A Word file rendered at `at`, built now from the same snapshot the worker would use. */
async function seedRenderedFile(request: RenderRequest, at: Date) {
  const { input: data, requestedBy, ...meta } = request;
  const _id = renderIdFor(meta.kind, meta.sourceId, meta.version);
  if (await RenderedDocument.exists({ _id })) return;
  if (await RenderedDocument.exists({ kind: meta.kind, sourceId: meta.sourceId, version: meta.version }))
    return;
  const input = JSON.stringify(data);
  const bytes = await buildFile(meta.kind, input);
  const inputBlobId = new Types.ObjectId();
  await putBlob(inputBlobId, input);
  await putBlob(_id, bytes);
  await new RenderedDocument({
    ...meta,
    _id,
    requestedBy: new Types.ObjectId(requestedBy),
    inputBlobId,
    status: "done",
    progress: 100,
    size: bytes.byteLength,
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    attempts: 1,
    renderedAt: at,
    createdAt: at,
    updatedAt: at,
  })
    .save({ timestamps: false })
    .catch(async (error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
      await deleteBlob(_id);
      await deleteBlob(inputBlobId);
    });
}

/**
 * The issued prescription of a check: one item per finding as the draft proposes them, deadlines kept
 * except where the instructor moved them (open items stay within their deadline, except the one meant to
 * be overdue), and each item taken through the states of `plan` with its history, notes and evidence.
 */
async function seedPrescription(
  assessment: AssessmentDoc,
  score: AssessmentScore,
  report: ReportDoc,
  people: People,
  plan: NonNullable<CheckSeed["prescription"]>,
  at: { now: number; today: string; key: string },
): Promise<number> {
  const prescriptionId = demoId(`prescription:${at.key}`);
  const stateOf = (i: number) => plan.states[i] ?? plan.rest;
  let prescription = await Prescription.findById(prescriptionId).lean();
  if (!prescription) {
    const issuedAt = new Date(at.now - plan.issuedDaysAgo * DAY);
    const issuedOn = toShanghaiDate(issuedAt);
    const ordered = draftOrder(
      score.findings,
      [...score.dimensions].sort((x, y) => x.order - y.order).map((d) => d.id),
    );
    const drafts = proposeItems(ordered, issuedOn).map((item, i) => {
      const state = stateOf(i);
      let dueOn = item.dueOn;
      if (state === "overdue") dueOn = addDays(at.today, -6);
      else if (state === "due_soon") dueOn = addDays(at.today, 4);
      else if (state !== "closed" && dueOn < addDays(at.today, 12)) dueOn = addDays(at.today, 12 + i);
      return { ...item, dueOn };
    });
    const year = issuedOn.slice(0, 4);
    const prescriptionNo = await takeDocumentNo("prescription", assessment.unionOrgId, year);
    await new Prescription({
      _id: prescriptionId,
      assessmentId: assessment._id,
      reportId: report._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      status: "issued",
      prescriptionNo,
      items: drafts.map((d) => ({
        ...d,
        ruleIds: d.ruleIds.join(","),
        citations: encodeCitations(d.citations),
      })),
      createdBy: people.instructor.id,
      issuedBy: people.instructor.id,
      issuedByName: people.instructor.name,
      issuedAt,
      issuedOn,
      version: 1,
      createdAt: new Date(issuedAt.getTime() - DAY),
      updatedAt: issuedAt,
    }).save({ timestamps: false });
    prescription = (await Prescription.findById(prescriptionId).lean())!;
  }
  // From here on, what was stored: a later run (another day) completes the same prescription.
  const issuedAt = prescription.issuedAt!;
  const issuedOn = prescription.issuedOn!;
  const prescriptionNo = prescription.prescriptionNo!;
  await seedRenderedFile(
    await prescriptionRenderRequest(prescription, String(people.instructor.id)),
    issuedAt,
  );

  const hr = people.hr ?? { id: people.instructor.id, name: people.instructor.name };
  for (const [i, draft] of prescription.items.entries()) {
    const no = i + 1;
    if (await PrescriptionItem.exists({ prescriptionId, no })) continue;
    const state = stateOf(i);
    // Each step a few days after the one before, never later than yesterday.
    const step = (days: number) =>
      new Date(Math.min(issuedAt.getTime() + days * DAY, at.now - DAY + days * 60_000));
    const by = (
      who: { id: Types.ObjectId; name: string },
      action: ItemEventDoc["action"],
      days: number,
      note?: string,
    ) => ({
      action,
      by: who.id,
      byName: who.name,
      at: step(days),
      ...(note ? { note } : {}),
    });
    const note = HR_NOTES[i % HR_NOTES.length];
    const events: ItemEventDoc[] = [by(people.instructor, "issue", 0)];
    if (state !== "issued") events.push(by(hr, "acknowledge", 2));
    if (["working", "due_soon", "submitted", "rejected", "closed"].includes(state))
      events.push(by(hr, "work", 8, "更新整改说明"));
    if (["submitted", "rejected", "closed"].includes(state)) events.push(by(hr, "submit", 15));
    if (state === "rejected") events.push(by(people.instructor, "reject", 18, REJECT_REASON));
    if (state === "closed") events.push(by(people.instructor, "verify", 20));
    const status: ItemStatus =
      state === "issued"
        ? "issued"
        : state === "acknowledged" || state === "overdue"
          ? "acknowledged"
          : state === "submitted"
            ? "submitted"
            : state === "closed"
              ? "closed"
              : "in_progress";
    const itemId = demoId(`item:${at.key}:${no}`);
    const last = events[events.length - 1].at;
    await new PrescriptionItem({
      _id: itemId,
      prescriptionId,
      assessmentId: assessment._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      prescriptionNo,
      no,
      ruleIds: draft.ruleIds ? draft.ruleIds.split(",") : [],
      dimensionId: draft.dimensionId,
      severity: draft.severity,
      title: draft.title,
      legalBasis: draft.legalBasis,
      citations: decodeCitations(draft.citations),
      action: draft.action,
      owner: draft.owner,
      dueOn: draft.dueOn,
      priority: draft.priority,
      status,
      note: events.some((e) => e.action === "work") ? note : "",
      ...(state === "rejected" ? { rejectReason: REJECT_REASON } : {}),
      instructorId: people.instructor.id,
      issuedOn,
      ...(events.some((e) => e.action === "submit") ? { submittedAt: step(15) } : {}),
      ...(state === "closed" ? { closedAt: step(20) } : {}),
      events,
      // Its evidence file (below), kept on the item as the services keep it.
      evidenceIds: events.some((e) => e.action === "work") ? [demoId(`evidence:${at.key}:${no}`)] : [],
      version: events.length - 1,
      createdAt: issuedAt,
      updatedAt: last,
    })
      .save({ timestamps: false })
      .catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    if (events.some((e) => e.action === "work")) {
      const bytes = samplePdf(`Rectification evidence, item ${no}`);
      const evidenceId = demoId(`evidence:${at.key}:${no}`);
      await putBlob(evidenceId, bytes);
      await ItemEvidence.updateOne(
        { _id: evidenceId },
        {
          $setOnInsert: {
            itemId,
            name: `整改佐证材料（第${no}项）.pdf`,
            contentType: "application/pdf",
            size: bytes.byteLength,
            sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
            uploadedBy: hr.id,
            uploadedByName: hr.name,
            uploadedAt: step(8),
          },
        },
        { upsert: true },
      );
    }
  }
  return prescription.items.length;
}

// ———————————————————————————————————————————————————————————————————————————————————————————————————
// Older shapes: records as earlier versions wrote them (scripts/older-shapes.ts), each reachable from the
// pages: 青石绿源's accepted check with its report (under a random id, the Word file inline), its issued
// prescription and items (no optional fields, evidence bytes inline), 湖滨优选's open check, an account
// never activated, and the admin's notification, report batch and audit entry.

async function seedOlderShapes(enterpriseIds: Types.ObjectId[], userIds: Map<string, Types.ObjectId>) {
  const version = (await latestPublished())!;
  const now = Date.now();
  const today = todayInShanghai(new Date(now));
  const at = new Date(now - 50 * DAY);
  const instructor = {
    id: userIds.get("zhidao")!,
    name: ACCOUNTS.find((a) => a.accountName === "zhidao")!.displayName,
  };
  const adminId = userIds.get("admin")!;
  const enterprise = (await Enterprise.findById(enterpriseIds[OLDER_HISTORY_ENTERPRISE]).lean())!;
  const base = { enterpriseId: enterprise._id, unionOrgId: enterprise.unionOrgId };
  const key = `${enterprise.creditCode}:older`;

  const accountId = demoId("older:user");
  if (!(await User.exists({ accountName: "jiu.hr" }))) {
    await insertRaw(
      User,
      olderShape.user(
        {
          _id: accountId,
          accountName: "jiu.hr",
          displayName: "旧版账号",
          roles: [{ role: "hr", enterpriseId: enterprise._id }],
        },
        at,
      ),
    );
  }

  // The accepted check: its score and answers as the demo's other checks, stored in the older shape.
  const profile = profileOf(enterprise) as EnterpriseProfile;
  const answers = demoAnswers(version.template, profile, key, "medium");
  const score = scoreAssessment(version.template, answers, profile);
  const assessmentId = demoId(`older:assessment:${key}`);
  await insertRaw(
    Assessment,
    olderShape.assessment(
      {
        _id: assessmentId,
        ...base,
        templateId: new Types.ObjectId(version.id),
        templateKey: version.key,
        templateVersion: version.version,
        status: "accepted",
        dueOn: toShanghaiDate(at),
        score: JSON.stringify(score),
      },
      at,
    ),
  );
  const saved = new Set(
    (await AnswerRevision.find({ assessmentId }).select({ questionId: 1 }).lean()).map((r) => r.questionId),
  );
  const missing = Object.entries(answers).filter(([id]) => !saved.has(id));
  if (missing.length) {
    await AnswerRevision.insertMany(
      missing.map(([questionId, value]) => ({
        assessmentId,
        questionId,
        rev: 1,
        value: JSON.stringify(value),
        savedBy: accountId,
        savedAt: at,
      })),
      { ordered: false },
    ).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
  const assessment = (await Assessment.findById(assessmentId).lean())!;

  // Its report under a random id (before reports were keyed by their assessment), the Word file inline.
  const reportId = demoId(`older:report:${key}`);
  if (!(await Report.exists({ _id: reportId }))) {
    const year = toShanghaiDate(at).slice(0, 4);
    const n = await nextNumber(`report:${String(enterprise.unionOrgId)}:${year}`);
    await insertRaw(
      Report,
      olderShape.report(
        {
          _id: reportId,
          assessmentId,
          ...base,
          reportNo: `体检〔${year}〕${n}号`, // the number as written before organisation codes
          createdBy: instructor.id,
          createdByName: instructor.name,
        },
        at,
      ),
    );
  }
  const report = (await Report.findById(reportId).lean())!;
  const org = (await UnionOrg.findById(enterprise.unionOrgId).select({ name: 1 }).lean())!;
  const request = reportRenderRequest(
    { report, assessment, enterprise, orgName: org.name, templateTitle: version.title, score },
    String(instructor.id),
  );
  const renderId = demoId(`older:render:${key}`);
  if (!(await RenderedDocument.exists({ _id: renderId }))) {
    const input = JSON.stringify(request.input);
    await insertRaw(
      RenderedDocument,
      olderShape.renderedDocument(
        {
          _id: renderId,
          kind: "report",
          sourceId: report._id,
          version: report.version,
          ...base,
          fileName: request.fileName,
          requestedBy: instructor.id,
          input,
          data: await buildFile("report", input),
        },
        at,
      ),
    );
  }

  // The issued prescription and its items, none overdue (the demo has exactly one overdue item).
  const prescriptionId = demoId(`older:prescription:${key}`);
  const issuedOn = toShanghaiDate(new Date(now - 45 * DAY));
  const drafts = proposeItems(score.findings, issuedOn)
    .slice(0, 3)
    .map((d, i) => olderShape.draftItem({ ...d, dueOn: addDays(today, 20 + i) }));
  if (!(await Prescription.exists({ _id: prescriptionId }))) {
    const n = await nextNumber(`prescription:${String(enterprise.unionOrgId)}:${issuedOn.slice(0, 4)}`);
    await insertRaw(
      Prescription,
      olderShape.prescription(
        {
          _id: prescriptionId,
          assessmentId,
          ...base,
          status: "issued",
          prescriptionNo: `法处〔${issuedOn.slice(0, 4)}〕${n}号`, // as written before organisation codes
          issuedBy: instructor.id,
          issuedOn,
          createdBy: instructor.id,
          items: drafts,
        },
        at,
      ),
    );
  }
  const prescription = (await Prescription.findById(prescriptionId).lean())!;
  const statuses: ItemStatus[] = ["acknowledged", "in_progress", "closed"];
  for (const [i, draft] of prescription.items.entries()) {
    const itemId = demoId(`older:item:${key}:${i + 1}`);
    await insertRaw(
      PrescriptionItem,
      olderShape.prescriptionItem(
        {
          _id: itemId,
          prescriptionId,
          assessmentId,
          ...base,
          prescriptionNo: prescription.prescriptionNo!,
          no: i + 1,
          title: draft.title,
          action: draft.action,
          owner: draft.owner,
          dueOn: draft.dueOn,
          priority: draft.priority,
          status: statuses[i % statuses.length],
          instructorId: instructor.id,
          issuedOn,
        },
        at,
      ),
    );
    if (statuses[i % statuses.length] === "in_progress") {
      const bytes = samplePdf(`Rectification evidence (older layout), item ${i + 1}`);
      await insertRaw(
        ItemEvidence,
        olderShape.itemEvidence({
          _id: demoId(`older:evidence:${key}:${i + 1}`),
          itemId,
          name: `整改佐证材料（第${i + 1}项）.pdf`,
          contentType: "application/pdf",
          size: bytes.byteLength,
          sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
          data: bytes,
          uploadedBy: accountId,
          uploadedByName: "旧版账号",
          uploadedAt: at,
        }),
      );
    }
  }

  // An open check in the older shape (no profile, remarks or events).
  const open = (await Enterprise.findById(enterpriseIds[OLDER_OPEN_CHECK_ENTERPRISE]).lean())!;
  await insertRaw(
    Assessment,
    olderShape.assessment(
      {
        _id: demoId(`older:open-check:${open.creditCode}`),
        enterpriseId: open._id,
        unionOrgId: open.unionOrgId,
        templateId: new Types.ObjectId(version.id),
        templateKey: version.key,
        templateVersion: version.version,
        status: "in_progress",
        dueOn: addDays(today, 30),
      },
      at,
    ),
  );

  // The admin's notification, report batch and audit entry.
  await insertRaw(
    Notification,
    olderShape.notification({
      _id: demoId("older:notification"),
      userId: adminId,
      kind: "report.ready",
      title: "体检报告已生成（旧版通知，无正文与链接）",
      dedupeKey: "older:notification",
      createdAt: at,
    }),
  );
  await insertRaw(
    ReportBatch,
    olderShape.reportBatch(
      {
        _id: demoId("older:report-batch"),
        lockKey: "older:report-batch",
        createdBy: adminId,
        createdByName: "平台管理员",
        enterpriseCount: 1,
        status: "done",
      },
      at,
    ),
  );
  await insertRaw(
    AuditEntry,
    olderShape.auditEntry({
      _id: demoId("older:audit"),
      at,
      actorName: "平台管理员",
      action: "enterprise.update",
      outcome: "success",
    }),
  );
}
