/**
 * Demo cultivation plans (培育助推): a cohort of the 云溪区 instructor's enterprises in different stages —
 * just started with the first visit overdue, in diagnosis, in rectification with a contract about to
 * expire, waiting for the head's countersignature, and one signed off with its 培育工作总结. Dates count
 * back from the day of the seed; plans are keyed by (enterprise, year), so a second run changes nothing.
 * Proofs from the seeded health checks, reports and contracts are derived by the same resync a plan uses.
 */
import { type Types } from "mongoose";
import { addDays, todayInShanghai, type LocalDate } from "../app/domain/dates";
import { milestonesFor } from "../app/domain/cultivation/milestones";
import { MILESTONE_KIND_LABELS, isManualKind } from "../app/domain/cultivation/plan-template";
import { refreshBoardRow } from "../app/services/cultivation/board.server";
import { requestPlanInputs } from "./demo-cultivation-files";
import { latestPlanTemplate } from "../app/services/cultivation/plan-templates.server";
import { resyncPlan } from "../app/services/cultivation/proofs.server";
import type { RenderRequest } from "../app/services/documents/documents.server";
import {
  CultivationPlan,
  CultivationRecord,
  planIdFor,
  type PlanRecordRef,
} from "../models/cultivation-plan";
import { Enterprise } from "../models/enterprise";

interface PlanSeed {
  enterprise: number;
  startDaysAgo: number;
  instructor: string;
  /** Manual milestones done, with days after the start. */
  done: Record<string, number>;
  status?: "instructor_signed" | "signed_off";
  award?: { level: string; org: string };
}

const SEEDS: PlanSeed[] = [
  { enterprise: 0, startDaysAgo: 274, instructor: "zhidao", done: { first_visit: 8, guidance: 110 } },
  { enterprise: 1, startDaysAgo: 288, instructor: "zhidao", done: { first_visit: 9, guidance: 95 } },
  { enterprise: 3, startDaysAgo: 244, instructor: "zhidao", done: { first_visit: 9 } },
  { enterprise: 5, startDaysAgo: 47, instructor: "zhidao", done: {} },
  { enterprise: 10, startDaysAgo: 91, instructor: "zhidao", done: { first_visit: 7 } },
  {
    enterprise: 2,
    startDaysAgo: 260,
    instructor: "hubin.zhidao",
    done: { first_visit: 10, guidance: 90, rules_improved: 150, employee_congress: 200 },
    status: "instructor_signed",
  },
  {
    enterprise: 4,
    startDaysAgo: 330,
    instructor: "zhidao",
    done: {
      first_visit: 6,
      guidance: 80,
      rules_improved: 140,
      employee_congress: 220,
      designation_evaluation: 320,
    },
    status: "signed_off",
    award: { level: "区级", org: "云溪区协调劳动关系三方委员会" },
  },
];

const VISIT_TEXT = [
  {
    people: "人力资源经理、企业工会主席",
    findings: "劳动合同签订率较高，但考勤和加班制度未经民主程序",
    next: "指导修订考勤管理办法，下月开展一对一辅导",
  },
  {
    people: "总经理、人力资源经理",
    findings: "已建会，职代会制度不健全，集体合同即将到期",
    next: "准备续签集体合同要约，安排职代会",
  },
];

export async function seedCultivation(
  enterpriseIds: Types.ObjectId[],
  people: (accountName: string) => { id: Types.ObjectId; name: string },
  renderFile: (request: RenderRequest, at: Date) => Promise<void>,
) {
  const template = await latestPlanTemplate();
  const today = todayInShanghai(new Date());
  let plans = 0;
  for (const seed of SEEDS) {
    const enterprise = await Enterprise.findById(enterpriseIds[seed.enterprise]).lean();
    if (!enterprise) continue;
    const startOn = addDays(today, -seed.startDaysAgo);
    const year = Number(startOn.slice(0, 4));
    const _id = planIdFor(enterprise._id, year);
    const instructor = people(seed.instructor);
    const head = people("lingdao");
    plans += 1;
    if (await CultivationPlan.exists({ _id })) continue;
    const defs = template.content.milestones;
    const at = (days: number): LocalDate => {
      const d = addDays(startOn, days);
      return d > today ? today : d;
    };
    const records: PlanRecordRef[] = [];
    const milestones = milestonesFor(defs, startOn).map((m, i) => ({
      ...m,
      description: defs[i].description,
      assignees: defs[i].assignees.join(","),
    }));
    for (const m of milestones) {
      const days = seed.done[m.key];
      if (days === undefined || !isManualKind(m.kind)) continue;
      const on = at(days);
      const text = VISIT_TEXT[(seed.enterprise + records.length) % VISIT_TEXT.length];
      const record = await CultivationRecord.create({
        planId: _id,
        enterpriseId: enterprise._id,
        unionOrgId: enterprise.unionOrgId,
        milestoneKey: m.key,
        kind: m.kind,
        date: on,
        ...(m.kind === "visit" || m.kind === "consultation"
          ? { peopleMet: text.people, findings: text.findings, nextSteps: text.next }
          : {}),
        ...(m.kind === "rules" ? { ruleName: "员工考勤与休假管理办法（修订）" } : {}),
        ...(m.kind === "congress"
          ? { minutes: "审议通过集体合同草案和考勤管理办法修订稿，应到代表 45 人，实到 43 人。" }
          : {}),
        ...(m.kind === "evaluation" && seed.award
          ? { result: "awarded", awardYear: year, awardLevel: seed.award.level, awardingOrg: seed.award.org }
          : {}),
        files: [],
        completes: true,
        createdBy: instructor.id,
        createdByName: instructor.name,
        createdAt: new Date(`${on}T10:00:00+08:00`),
      });
      m.doneOn = on;
      Object.assign(m, {
        doneByName: instructor.name,
        proofType: "record",
        proofId: String(record._id),
        proofLabel: `${MILESTONE_KIND_LABELS[m.kind]}（${on}）`,
      });
      records.push({
        id: record._id,
        milestoneKey: m.key,
        kind: m.kind,
        date: on,
        title: (text.findings ?? "").slice(0, 40),
        byName: instructor.name,
      });
    }
    const visits = records
      .filter((r) => r.kind === "visit" || r.kind === "consultation")
      .map((r) => r.date)
      .sort();
    await CultivationPlan.create({
      _id,
      enterpriseId: enterprise._id,
      enterpriseName: enterprise.name,
      unionOrgId: enterprise.unionOrgId,
      year,
      startOn,
      templateKey: template.key,
      templateVersion: template.version,
      templateTitle: template.title,
      rectifyThreshold: template.content.defaultRectifyThreshold,
      milestones,
      records,
      events: [{ on: startOn, kind: "plan", text: `${instructor.name}制定${year}年度培育计划` }],
      status: "active",
      contractStatus: enterprise.contractStatus,
      contractValidUntil: enterprise.contractValidUntil ?? null,
      lastVisitOn: visits.pop() ?? null,
      createdBy: instructor.id,
      createdByName: instructor.name,
      version: 0,
    });
    // Proofs already in the demo history (accepted checks, analysed reports, contracts in effect).
    await resyncPlan(_id);
    if (seed.status) {
      const plan = (await CultivationPlan.findById(_id).lean())!;
      // A plan at its year's end: the remaining automatic milestones were proved too (trainings, contract).
      const closed = plan.milestones.map((m) =>
        m.doneOn || (seed.status === "instructor_signed" && m.kind === "evaluation")
          ? m
          : {
              ...m,
              doneOn: at(m.kind === "training" ? 150 : 235),
              doneByName: "系统自动",
              proofLabel: m.kind === "training" ? "参加“劳动法律政策解读”培训" : "集体合同续签生效",
            },
      );
      await CultivationPlan.updateOne(
        { _id },
        {
          $set: {
            milestones: closed,
            status: seed.status,
            summary:
              "本年度完成首次走访、法律体检和问题分析，开展一对一辅导，企业修订考勤与休假管理办法并经职代会审议通过，" +
              "集体合同按期续签。下一步继续跟踪处方整改和合同履行，巩固和谐劳动关系创建成果。",
            instructorSignedBy: instructor.id,
            instructorSignedByName: instructor.name,
            instructorSignedAt: new Date(`${at(seed.startDaysAgo - 5)}T16:00:00+08:00`),
            ...(seed.status === "signed_off"
              ? {
                  headSignedBy: head.id,
                  headSignedByName: head.name,
                  headSignedAt: new Date(`${at(seed.startDaysAgo - 3)}T09:30:00+08:00`),
                  summaryDocVersion: 1,
                  version: 1,
                }
              : {}),
          },
        },
      );
      if (seed.award) {
        await Enterprise.updateOne(
          { _id: enterprise._id, "harmoniousDesignations.year": { $ne: year } },
          { $push: { harmoniousDesignations: { year, level: seed.award.level, awardedBy: seed.award.org } } },
        );
      }
    }
    const plan = (await CultivationPlan.findById(_id).lean())!;
    for (const request of await requestPlanInputs(plan, instructor.id)) await renderFile(request, new Date());
    await refreshBoardRow(plan);
  }
  return { plans };
}
