/**
 * Settings of collective bargaining that platform admins keep: the rule set of each union organisation
 * (inherited down the tree; unset means the parent's, and at the root the national rules) and the holiday
 * calendar (the shipped years, replaced or extended by the years an admin imports from a simple table).
 */
import { Types } from "mongoose";
import {
  describeSource,
  formatHolidayCalendar,
  isRuleSetId,
  parseHolidayCalendar,
  RULE_SETS,
  RULE_SET_IDS,
  resolveRuleSet,
  type HolidayCalendar,
} from "~/domain/bargaining";
import { can } from "~/domain/policy";
import { HolidayYear } from "../../../models/bargaining-summary";
import { UnionOrg } from "../../../models/union-org";
import { updateAtVersion } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { thresholdsView } from "./case-page.server";
import {
  actorOf,
  approvalChoiceFor,
  holidayCalendar,
  ruleSetIdFor,
  rulesFor,
  shippedCalendar,
} from "./context.server";
import { orgTree } from "../../../models/org-tree";

function requireRules(user: CurrentUser) {
  if (!can(user, "bargaining:rules", { type: "system" }))
    throw forbidden("只有平台管理员可以维护集体协商规则和节假日安排");
}

export const RULE_SET_OPTIONS = RULE_SET_IDS.map((id) => ({
  id,
  name: RULE_SETS[id].name,
  statute: RULE_SETS[id].statute,
}));

/** Sets (or clears, "" = inherit) the rule set of an organisation. */
export async function setOrgRuleSet(user: CurrentUser, orgId: string, version: number, ruleSet: string) {
  requireRules(user);
  if (ruleSet !== "" && !isRuleSetId(ruleSet))
    throw new UserError("请选择有效的规则", { ruleSet: ["请选择有效的规则"] });
  if (!Types.ObjectId.isValid(orgId)) throw notFound("工会组织不存在");
  const org = await UnionOrg.findById(orgId).lean();
  if (!org) throw notFound("工会组织不存在");
  if (org.version !== version) throw conflict("该组织已被他人修改，请刷新后重试");
  const saved = await updateAtVersion(
    UnionOrg,
    org._id,
    version,
    ruleSet ? { $set: { ruleSet } } : { $unset: { ruleSet: 1 } },
  );
  if (!saved) throw conflict("该组织已被他人修改，请刷新后重试");
  await audit(actorOf(user), {
    action: "org.rule_set",
    resourceType: "union_org",
    resourceId: orgId,
    resourceName: org.name,
    unionOrgId: orgId,
    before: { ruleSet: org.ruleSet ?? null },
    after: { ruleSet: ruleSet || null },
  });
  return saved;
}

/**
 * Sets the organisation's congress approval rule (bargaining.md "Counting thresholds"): "more_than_half"
 * (过半数) where a local regulation requires it, with its basis; "half_or_more" to apply the rule set's own
 * rule whatever an ancestor chose (refused where the rule set itself requires 过半数); "" to inherit.
 */
export async function setOrgApprovalRule(
  user: CurrentUser,
  orgId: string,
  version: number,
  input: { approvalRule: string; note: string },
) {
  requireRules(user);
  const value = input.approvalRule;
  if (value !== "" && value !== "more_than_half" && value !== "half_or_more")
    throw new UserError("请选择有效的通过规则", { approvalRule: ["请选择有效的通过规则"] });
  if (!Types.ObjectId.isValid(orgId)) throw notFound("工会组织不存在");
  const org = await UnionOrg.findById(orgId).lean();
  if (!org) throw notFound("工会组织不存在");
  const note = input.note.trim().slice(0, 200);
  if (value === "more_than_half" && !note)
    throw new UserError("选择“过半数”时请写明依据（适用的地方性法规及条款）", {
      note: ["请写明依据"],
    });
  if (value === "half_or_more") {
    const ruleSet = resolveRuleSet((await ruleSetIdFor(orgId)).id);
    const approval = ruleSet.rules.approval;
    if (approval.value === "more_than_half")
      throw new UserError(
        `${describeSource(ruleSet.id, approval)}规定须经全体职工代表过半数同意，不能改为“半数以上”`,
        { approvalRule: ["所适用的规则要求过半数"] },
      );
  }
  if (org.version !== version) throw conflict("该组织已被他人修改，请刷新后重试");
  const saved = await updateAtVersion(
    UnionOrg,
    org._id,
    version,
    value
      ? { $set: { approvalRule: value, approvalRuleNote: value === "more_than_half" ? note : "" } }
      : { $unset: { approvalRule: 1, approvalRuleNote: 1 } },
  );
  if (!saved) throw conflict("该组织已被他人修改，请刷新后重试");
  await audit(actorOf(user), {
    action: "org.approval_rule",
    resourceType: "union_org",
    resourceId: orgId,
    resourceName: org.name,
    unionOrgId: orgId,
    before: { approvalRule: org.approvalRule ?? null, note: org.approvalRuleNote ?? "" },
    after: { approvalRule: value || null, note: value === "more_than_half" ? note : "" },
  });
  return saved;
}

/** Each organisation's own settings and the rules in force (own or inherited), for the /orgs page. */
export async function ruleSetsOf(orgIds: string[]) {
  const out: Record<
    string,
    {
      own: string;
      effective: string;
      from: string | null;
      approvalOwn: string;
      approvalNote: string;
      thresholds: ReturnType<typeof thresholdsView>;
    }
  > = {};
  const { byId } = await orgTree();
  // A district's nodes share a few rule sets: each (rule set, approval choice) resolved once.
  const views = new Map<string, ReturnType<typeof thresholdsView>>();
  for (const id of orgIds) {
    const org = byId.get(id);
    const effective = await ruleSetIdFor(id);
    const choice = await approvalChoiceFor(id);
    const key = JSON.stringify([effective.id, choice]);
    let thresholds = views.get(key);
    if (!thresholds) views.set(key, (thresholds = thresholdsView(await rulesFor(id))));
    out[id] = {
      own: org?.ruleSet ?? "",
      effective: RULE_SETS[effective.id].name,
      from: effective.fromOrg,
      approvalOwn: org?.approvalRule ?? "",
      approvalNote: org?.approvalRuleNote ?? "",
      thresholds,
    };
  }
  return out;
}

function yearOnly(calendar: HolidayCalendar, year: number): HolidayCalendar {
  const days = Object.fromEntries(
    Object.entries(calendar.days).filter(([date]) => {
      const y = Number(date.slice(0, 4));
      const m = Number(date.slice(5, 7));
      return (
        y === year ||
        (m === 12 && y === year - 1 && !calendar.years.includes(y)) ||
        (m === 1 && y === year + 1 && !calendar.years.includes(y))
      );
    }),
  );
  return { years: [year], days };
}

export async function calendarPage(user: CurrentUser) {
  requireRules(user);
  const calendar = await holidayCalendar();
  const imported = await HolidayYear.find({}).sort({ _id: 1 }).lean();
  return {
    text: formatHolidayCalendar(calendar),
    years: calendar.years.map((year) => {
      const own = imported.find((y) => y._id === year);
      return {
        year,
        source: own
          ? `管理员导入（${own.updatedByName}，${own.updatedAt.toISOString().slice(0, 10)}）`
          : "系统内置",
        restDays: Object.entries(yearOnly(calendar, year).days).filter(([, d]) => d.kind === "rest").length,
        workDays: Object.entries(yearOnly(calendar, year).days).filter(([, d]) => d.kind === "work").length,
      };
    }),
    shippedYears: shippedCalendar().years,
  };
}

/** Imports the admin's table: all years in it or none (every problem named by its line). */
export async function importCalendar(user: CurrentUser, text: string) {
  requireRules(user);
  if (text.length > 20_000) throw new UserError("内容过长，请每次导入不超过几个年度");
  const parsed = parseHolidayCalendar(text);
  if (!parsed.ok)
    throw new UserError(`节假日安排有误，未导入：${parsed.errors.map((e) => e.message).join("；")}`, {
      text: parsed.errors.map((e) => e.message),
    });
  for (const year of parsed.calendar.years) {
    const block = formatHolidayCalendar(yearOnly(parsed.calendar, year));
    await HolidayYear.replaceOne(
      { _id: year },
      { _id: year, text: block, updatedByName: user.displayName, updatedAt: new Date() },
      { upsert: true },
    );
  }
  await audit(actorOf(user), {
    action: "bargaining.calendar_import",
    resourceType: "holiday_calendar",
    resourceName: parsed.calendar.years.join("、"),
    after: { years: parsed.calendar.years, days: Object.keys(parsed.calendar.days).length },
  });
  return parsed.calendar.years;
}
