/**
 * Bulk data for benchmarks: one street union with an instructor and N enterprises, each with an accepted
 * health check scored by the real scoring module (the same shape tests/support/reports.ts stores). Answers
 * are drawn from a seeded generator, so enterprises get different findings and scores, and two runs with the
 * same seed get the same data. Written with insertMany: seeding is not what is being measured.
 */
import crypto from "node:crypto";
import { Types } from "mongoose";
import { makeCreditCode } from "../app/domain/credit-code";
import { todayInShanghai } from "../app/domain/dates";
import { scoreAssessment } from "../app/domain/health-check/scoring";
import type { Answers, Question, Template } from "../app/domain/health-check/types";
import type { TemplateVersion } from "../app/services/health-check/templates.server";
import { profileOf } from "../app/services/health-check/assessments.server";
import type { CurrentUser } from "../app/services/accounts/auth.server";
import { ensureDefaultTemplate, latestPublished } from "../app/services/health-check/templates.server";
import { Assessment } from "../models/assessment";
import { Enterprise, type EnterpriseDoc } from "../models/enterprise";
import { UnionOrg } from "../models/union-org";
import { User } from "../models/user";
import { seededRandom } from "./seeded-random";

/** A poor answer (no, the last option, the minimum, nothing selected); tests use it to produce findings. */
export function poorAnswer(q: Question, today: string): Answers[string] {
  switch (q.type) {
    case "yesno":
      return false;
    case "single":
      return q.options?.[q.options.length - 1]?.value ?? null;
    case "multi":
      return [];
    case "number":
      return q.min ?? 0;
    case "date":
      return today;
    case "text":
    case "longtext":
      return "无";
    default:
      return null;
  }
}

/** A compliant-looking answer (yes, the first option, every option, a value inside the bounds). */
function goodAnswer(q: Question, today: string, rand: () => number): Answers[string] {
  switch (q.type) {
    case "yesno":
      return true;
    case "single":
      return q.options?.[0]?.value ?? null;
    case "multi":
      return (q.options ?? []).map((o) => o.value);
    case "number": {
      const min = q.min ?? 0;
      const max = q.max ?? min + 60;
      const value = min + rand() * (max - min);
      return q.integer === false ? Math.round(value * 10) / 10 : Math.round(value);
    }
    default:
      return poorAnswer(q, today);
  }
}

/** Each question answered poorly with probability `poorShare`, else well. */
export function mixedAnswers(template: Template, poorShare: number, rand: () => number): Answers {
  const today = todayInShanghai(new Date());
  const answers: Answers = {};
  for (const q of template.questions) {
    answers[q.id] = rand() < poorShare ? poorAnswer(q, today) : goodAnswer(q, today, rand);
  }
  return answers;
}

const CITIES = ["苏州", "无锡", "常州", "南通", "昆山", "吴江", "太仓", "常熟"];
const BRANDS = [
  "恒达",
  "华信",
  "中联",
  "瑞丰",
  "金鼎",
  "宏远",
  "科达",
  "新锐",
  "长城",
  "东方",
  "天成",
  "永盛",
];
const TRADES = [
  "精密机械",
  "电子科技",
  "纺织",
  "物流",
  "食品",
  "建设工程",
  "医疗器械",
  "汽车零部件",
  "新材料",
];

export function enterpriseName(i: number): string {
  const pick = <T>(list: readonly T[], n: number) => list[n % list.length];
  return `${pick(CITIES, i)}${pick(BRANDS, Math.floor(i / 8))}${pick(TRADES, i * 7)}有限公司（${i + 1}）`;
}

export interface SeededAssessments {
  /** The street union's instructor, as services see a signed-in user. */
  instructor: CurrentUser;
  enterpriseIds: string[];
  assessmentIds: string[];
}

/**
 * The record of an accepted health check of `enterprise` with `answers`, scored by the real scoring module
 * (the fill-in and review flow has its own tests). Shared by the benchmark seed and the test factories.
 */
export function acceptedAssessmentRecord(args: {
  enterprise: Pick<EnterpriseDoc, "_id" | "unionOrgId" | "headcount" | "industry" | "usesDispatch"> &
    Parameters<typeof profileOf>[0];
  version: TemplateVersion;
  answers: Answers;
  acceptedAt: Date;
  by: { id: Types.ObjectId; name: string };
}) {
  const { enterprise, version, answers, acceptedAt, by } = args;
  const profile = profileOf(enterprise);
  const score = scoreAssessment(version.template, answers, profile);
  return {
    enterpriseId: enterprise._id,
    unionOrgId: enterprise.unionOrgId,
    templateId: new Types.ObjectId(version.id),
    templateKey: version.key,
    templateVersion: version.version,
    status: "accepted" as const,
    dueOn: todayInShanghai(acceptedAt),
    profile,
    events: [{ action: "accept" as const, by: by.id, byName: by.name, at: acceptedAt }],
    score: JSON.stringify(score),
    overall: score.overall,
    riskLevel: score.riskLevel,
    acceptedAt,
    submittedAt: acceptedAt,
  };
}

/**
 * Seeds `count` enterprises with one accepted health check each under a new street union (its name made
 * unique with `label`). Needs a connected database with indexes.
 */
export async function seedAcceptedAssessments(options: {
  count: number;
  label: string;
  seed?: number;
  /** Checks still being filled in (no answers yet) instead of accepted ones. */
  inProgress?: boolean;
}): Promise<SeededAssessments> {
  const rand = seededRandom(options.seed ?? 20261123);
  await ensureDefaultTemplate();
  const version = (await latestPublished())!;
  const city = await UnionOrg.create({ name: `基准测试总工会（${options.label}）`, kind: "city" });
  const org = await UnionOrg.create({
    name: `基准测试街道总工会（${options.label}）`,
    kind: "street",
    parentId: city._id,
    ancestors: [city._id],
  });
  const user = await User.create({
    accountName: `bench.instructor.${options.label}`.toLowerCase(),
    displayName: "王建华",
    status: "active",
    mustChangePassword: false,
    roles: [{ role: "instructor", unionOrgId: org._id }],
  });
  const instructor: CurrentUser = {
    id: String(user._id),
    accountName: user.accountName,
    displayName: user.displayName,
    mustChangePassword: false,
    roles: [{ role: "instructor", unionOrgId: String(org._id) }],
    sessionId: "bench",
    csrfToken: "bench",
  };

  const enterpriseIds: string[] = [];
  const assessmentIds: string[] = [];
  const prefix = crypto.createHash("sha1").update(options.label).digest("hex").slice(0, 4).toUpperCase();
  const acceptedAt = new Date();
  for (let start = 0; start < options.count; start += 200) {
    const size = Math.min(200, options.count - start);
    const enterprises = (await Enterprise.insertMany(
      Array.from({ length: size }, (_, k) => {
        const i = start + k;
        return {
          name: enterpriseName(i),
          creditCode: makeCreditCode(`91320500${prefix}${String(i).padStart(5, "0")}`),
          industry: "C",
          headcount: 20 + Math.floor(rand() * 800),
          usesDispatch: rand() < 0.3,
          unionOrgId: org._id,
        };
      }),
    )) as unknown as EnterpriseDoc[];
    const assessments = enterprises.map((enterprise) => {
      const record = acceptedAssessmentRecord({
        enterprise,
        version,
        answers: mixedAnswers(version.template, 0.15 + rand() * 0.6, rand),
        acceptedAt,
        by: { id: user._id, name: user.displayName },
      });
      if (!options.inProgress) return record;
      const {
        score: _score,
        overall: _overall,
        riskLevel: _risk,
        acceptedAt: _at,
        submittedAt: _s,
        ...open
      } = record;
      return { ...open, status: "in_progress" as const, events: [] };
    });
    const created = await Assessment.insertMany(assessments);
    enterpriseIds.push(...enterprises.map((e) => String(e._id)));
    assessmentIds.push(...created.map((a) => String(a._id)));
  }
  return { instructor, enterpriseIds, assessmentIds };
}
