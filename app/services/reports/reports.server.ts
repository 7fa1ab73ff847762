/**
 * Risk reports (体检报告): the web page of an accepted health check, the instructor's problem analysis,
 * and the Word file rendered by the documents queue.
 */
import { Types } from "mongoose";
import * as z from "zod";
import { formatChineseDate, todayInShanghai, toShanghaiDate } from "~/domain/dates";
import { periodOf, PERIODS, RISK_LEVELS } from "~/domain/dashboards/figures";
import { INDUSTRIES } from "~/domain/enterprise";
import { idParam, oneOf, parseFilterQuery } from "~/lib/query";
import {
  RISK_LEVEL_LABELS,
  compareAssessments,
  type RiskLevel as ScoredRiskLevel,
  type AssessmentScore,
  type Finding,
} from "~/domain/health-check/scoring";
import { SEVERITY_LABELS } from "~/domain/health-check/types";
import { can, listScope } from "~/domain/policy";
import { countedSubtreeOf, subtreeOf } from "~/domain/org-tree";
import type { RowOf } from "~/domain/dashboards/rows";
import { mapLimit } from "~/lib/map-limit";
import { analysisProblem, parseAnalysis } from "~/domain/reports/analysis";
import { orgAverage, type OrgAverage } from "~/domain/reports/benchmark";
import { articleAnnex, citedArticles } from "~/domain/citation-format";
import { ITEM_STATUS_LABELS } from "~/domain/prescriptions/status";
import { Assessment, type AssessmentDoc } from "../../../models/assessment";
import { Enterprise, type EnterpriseDoc } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import {
  findPrescriptionOf,
  Prescription,
  PrescriptionItem,
  type PrescriptionDoc,
  type PrescriptionItemDoc,
} from "../../../models/prescription";
import { renderOfVersion, rendersOf } from "../../../models/rendered-document";
import { findReportOf, Report, type ReportDoc } from "../../../models/report";
import { keptItemRows, type ItemRow } from "../prescriptions/kept-items.server";
import { NO_ROWS, readAtVersions } from "../../../models/kept-rows";
import { updateAtVersion } from "../../../models/write-claim";
import {
  enterpriseOnce,
  evidenceList,
  loadAssessment,
  storedScore,
} from "../health-check/assessments.server";
import { actorOf, audit } from "../audit/audit.server";
import { afterReportAnalysed } from "../cultivation/proofs.server";
import type { CurrentUser } from "../accounts/auth.server";
import {
  renderView,
  requestRender,
  type RenderRequest,
  type ReportInput,
} from "../documents/documents.server";
import { conflict, forbidden, UserError } from "../../lib/http.server";
import { takeDocumentNo } from "../numbering/document-numbers.server";
import { keptCheckBuckets, keptCheckRows, noteChange, noteChanges } from "../dashboards/rollups.server";
import { memoOnInputs } from "~/lib/memo-inputs";
import { enterpriseNames } from "../workbench/figures.server";
import { statuteLibrary } from "../../../templates/statutes";
import { orgTree } from "../../../models/org-tree";
import { compareZh } from "~/lib/text";

/** The version a report is created with (its analysis edits count up from here). */
const FIRST_VERSION = 1;

/**
 * The report of an accepted assessment, created (and numbered) by the first action that needs it. Two
 * people acting at once end with one report: the unique index on the assessment decides.
 */
export async function ensureReport(
  assessment: AssessmentDoc,
  by: { id: string; name: string },
  // A batch creating many reports tells the dashboards once for all of them (noteChanges) instead.
  { dashboards = true }: { dashboards?: boolean } = {},
): Promise<ReportDoc> {
  const existing = await findReportOf(assessment._id);
  if (existing) return existing;
  if (assessment.status !== "accepted") throw new UserError("体检通过审核后才能生成体检报告");
  const year = toShanghaiDate(assessment.acceptedAt ?? new Date()).slice(0, 4);
  const reportNo = await takeDocumentNo("report", assessment.unionOrgId, year);
  try {
    const created = await Report.create({
      _id: assessment._id,
      assessmentId: assessment._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      reportNo,
      analysis: "",
      createdBy: new Types.ObjectId(by.id),
      createdByName: by.name,
      version: FIRST_VERSION,
    });
    if (dashboards) await noteChange("check", assessment._id);
    return created.toObject();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const raced = await findReportOf(assessment._id);
    if (!raced) throw error;
    return raced;
  }
}

/** An accepted assessment with its report as stored (null until an action first needs it). Reads only. */
async function readReport(user: CurrentUser, assessmentId: string, action: "report:view" | "report:edit") {
  const loaded = await loadAssessment(user, assessmentId, "assessment:view");
  if (!can(user, action, loaded.resource)) throw forbidden();
  const score = storedScore(loaded.assessment);
  if (loaded.assessment.status !== "accepted" || !score)
    throw new UserError("体检通过审核后才能查看体检报告");
  const [report, tree] = await Promise.all([findReportOf(loaded.assessment._id), orgTree()]);
  return {
    ...loaded,
    score,
    report,
    orgName: tree.byId.get(String(loaded.assessment.unionOrgId))?.name ?? "",
  };
}

/**
 * For actions: the report, created (and numbered) by the first action that needs it (saving the analysis,
 * asking for the Word file, a batch, drafting the prescription). Reading the page never creates it.
 */
async function loadReport(user: CurrentUser, assessmentId: string, action: "report:view" | "report:edit") {
  const read = await readReport(user, assessmentId, action);
  const report =
    read.report ?? (await ensureReport(read.assessment, { id: user.id, name: user.displayName }));
  return { ...read, report };
}

/** The report of an accepted assessment, created and numbered now if no action has needed it yet. */
export async function openReport(user: CurrentUser, assessmentId: string) {
  return (await loadReport(user, assessmentId, "report:view")).report;
}

/**
 * Where reportFacts reads what lies beyond the check itself. One report reads it with a few queries of its
 * own; a batch reads it for all its reports at once (batchFactsSource), since on FerretDB each of these
 * filters reads the whole collection.
 */
export interface FactsSource {
  /** The organisation's average over the latest accepted check of each of its enterprises. */
  average(unionOrgId: Types.ObjectId): Promise<OrgAverage>;
  /** The enterprise's latest accepted check accepted before `before`, other than `self` (of `unionOrgId`). */
  previous(
    enterpriseId: Types.ObjectId,
    self: Types.ObjectId,
    before: Date,
    unionOrgId: Types.ObjectId,
  ): Promise<AssessmentDoc | null>;
  /** This check's prescription, if any. */
  prescription(assessmentId: Types.ObjectId): Promise<PrescriptionRef | null>;
  /** The items of an issued prescription (of this enterprise), by number. */
  items(prescription: PrescriptionRef, enterpriseId: Types.ObjectId): Promise<PrescriptionItemRef[]>;
}

type PrescriptionRef = { _id: Types.ObjectId; status: PrescriptionDoc["status"]; prescriptionNo?: string };
type PrescriptionItemRef = Pick<PrescriptionItemDoc, "_id" | "ruleIds" | "dueOn" | "no" | "prescriptionNo">;
type ScoredPeer = Pick<AssessmentDoc, "enterpriseId" | "acceptedAt" | "score" | "overall">;

const PEER_FIELDS = { enterpriseId: 1, acceptedAt: 1, score: 1, overall: 1 } as const;
const ITEM_FIELDS = { ruleIds: 1, dueOn: 1, no: 1, prescriptionNo: 1 } as const;

function averageOf(peers: readonly ScoredPeer[]): OrgAverage {
  return orgAverage(
    peers.map((p) => ({
      enterpriseId: String(p.enterpriseId),
      acceptedAt: p.acceptedAt ?? new Date(0),
      overall: p.overall ?? null,
      dimensions: (storedScore(p)?.dimensions ?? []).map((d) => ({ id: d.id, score: d.score })),
    })),
  );
}

/**
 * One report's facts by the database's queries: the reference the kept facts are tested against, and what
 * they fall back on for rows kept before they carried the acceptance time and the dimension scores.
 */
export const queriedFactsSource: FactsSource = {
  // Peers: the latest accepted check of every enterprise in the same union organisation.
  average: async (unionOrgId) =>
    averageOf(await Assessment.find({ unionOrgId, status: "accepted" }).select(PEER_FIELDS).lean()),
  previous: (enterpriseId, self, before) =>
    Assessment.findOne({
      enterpriseId,
      status: "accepted",
      _id: { $ne: self },
      acceptedAt: { $lt: before },
    })
      .sort({ acceptedAt: -1 })
      .lean(),
  prescription: (assessmentId) =>
    Prescription.findOne({ assessmentId }).select({ status: 1, prescriptionNo: 1 }).lean(),
  items: (prescription) =>
    PrescriptionItem.find({ prescriptionId: prescription._id }).select(ITEM_FIELDS).sort({ no: 1 }).lean(),
};

/** An organisation's average per cached check bucket (keptCheckBuckets), while the bucket is unchanged. */
const averageMemo = new WeakMap<readonly unknown[], OrgAverage | null>();

/**
 * One report's facts (its page, or one Word file asked for) from kept documents, by key: the accepted checks
 * in the dashboard's check bucket of the organisation (their times, overall and dimension scores), the
 * prescription by its assessment's id, the items from the enterprise's kept rows.
 */
const singleReportFacts: FactsSource = {
  async average(unionOrgId) {
    const bucket = (await keptCheckBuckets([String(unionOrgId)])).get(String(unionOrgId)) ?? [];
    // Worked out once per bucket while it is unchanged (the cached array); null: rows from before the
    // acceptance time and scores were kept, so the query answers.
    let average = averageMemo.get(bucket);
    if (average === undefined) {
      const rows = bucket.map(([, row]) => row).filter((r) => r.st === "accepted");
      average = rows.some((r) => r.at === undefined || r.dims === undefined)
        ? null
        : orgAverage(
            rows.map((r) => ({
              enterpriseId: r.e,
              acceptedAt: r.at ? new Date(r.at) : new Date(0),
              overall: r.ov,
              dimensions: Object.entries(r.dims ?? {}).map(([id, score]) => ({ id, score })),
            })),
          );
      averageMemo.set(bucket, average);
    }
    return average ?? queriedFactsSource.average(unionOrgId);
  },
  async previous(enterpriseId, self, before, unionOrgId) {
    // The check's organisation's bucket, and the enterprise's organisation's should it have moved since.
    const now = await enterpriseOnce(enterpriseId);
    const kept = await keptCheckRows([String(unionOrgId), ...(now ? [String(now.unionOrgId)] : [])]);
    const own = [...kept].filter(
      ([id, { row }]) => row.e === String(enterpriseId) && row.st === "accepted" && id !== String(self),
    );
    if (own.some(([, { row }]) => row.at === undefined))
      return queriedFactsSource.previous(enterpriseId, self, before, unionOrgId);
    const limit = before.toISOString();
    let latest: { id: string; at: string } | null = null;
    for (const [id, { row }] of own)
      if (row.at && row.at < limit && (!latest || row.at > latest.at)) latest = { id, at: row.at };
    return latest ? Assessment.findById(latest.id).lean() : null;
  },
  async prescription(assessmentId) {
    const p = await findPrescriptionOf(assessmentId);
    return p ? { _id: p._id, status: p.status, prescriptionNo: p.prescriptionNo } : null;
  },
  async items(prescription, enterpriseId) {
    const items = await enterpriseItems(enterpriseId, (r) => r.pno === prescription.prescriptionNo);
    return items
      .filter((i) => i.prescriptionId.equals(prescription._id))
      .map((i) => ({
        _id: i._id,
        ruleIds: i.ruleIds,
        dueOn: i.dueOn,
        no: i.no,
        prescriptionNo: i.prescriptionNo,
      }))
      .sort((a, b) => a.no - b.no);
  },
};

/** What the report page shows of a prescription item (its deadline for a finding, the re-check table). */
const REPORT_ITEM_FIELDS = {
  ...ITEM_FIELDS,
  prescriptionId: 1,
  assessmentId: 1,
  title: 1,
  status: 1,
  createdAt: 1,
} as const;
type ReportItem = Pick<PrescriptionItemDoc, "_id" | keyof typeof REPORT_ITEM_FIELDS>;

/**
 * An enterprise's items whose kept rows pass `which`, each by key at its row's version (cached in the process
 * while that version holds: a report page opened again reads none).
 */
async function enterpriseItems(
  enterpriseId: Types.ObjectId,
  which: (row: ItemRow) => boolean,
): Promise<ReportItem[]> {
  const rows = await keptItemRows("enterprise", [String(enterpriseId)]);
  const wanted = [...rows].filter(([, r]) => which(r)).map(([id, r]) => [id, r.v] as const);
  const items = await readAtVersions<ReportItem, PrescriptionItemDoc>(
    PrescriptionItem,
    wanted,
    "report",
    REPORT_ITEM_FIELDS,
  );
  return [...items.values()];
}

/** What a batch's facts are read by: its checks, and their enterprises and organisations (each once). */
export interface BatchFactsKeys {
  assessmentIds: readonly Types.ObjectId[];
  enterpriseIds: readonly Types.ObjectId[];
  unionOrgIds: readonly Types.ObjectId[];
}

/** The keys of these checks, their enterprises and organisations each named once. */
export function factsKeysOf(
  assessments: readonly Pick<AssessmentDoc, "_id" | "enterpriseId" | "unionOrgId">[],
): BatchFactsKeys {
  const distinct = (ids: Types.ObjectId[]) =>
    [...new Set(ids.map(String))].map((id) => new Types.ObjectId(id));
  return {
    assessmentIds: assessments.map((a) => a._id),
    enterpriseIds: distinct(assessments.map((a) => a.enterpriseId)),
    unionOrgIds: distinct(assessments.map((a) => a.unionOrgId)),
  };
}

/**
 * The facts of many reports read in bulk: the accepted checks of the batch's organisations and
 * enterprises in one query (each organisation's average computed once, a previous check then read by
 * key), and their prescriptions and items in one query each, all three started together on first use
 * (on FerretDB each reads its whole collection, so the first report waits for the slowest one, not for
 * their sum). Gives the same answers as the single report's queries made at the same moment.
 */
export function batchFactsSource(keys: BatchFactsKeys): FactsSource {
  const orgIds = keys.unionOrgIds.map(String);
  let read:
    | {
        averages: Promise<Map<string, OrgAverage>>;
        accepted: Promise<Map<string, { _id: Types.ObjectId; acceptedAt?: Date }[]>>;
        prescriptions: Promise<Map<string, PrescriptionRef>>;
        items: Promise<Map<string, PrescriptionItemRef[]>>;
      }
    | undefined;
  const group = <T>(rows: T[], key: (row: T) => string) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(key(row));
      if (list) list.push(row);
      else map.set(key(row), [row]);
    }
    return map;
  };
  const start = () => {
    if (read) return read;
    const checks = Assessment.find({
      status: "accepted",
      $or: [
        { unionOrgId: { $in: [...keys.unionOrgIds] } },
        { enterpriseId: { $in: [...keys.enterpriseIds] } },
      ],
    })
      .select({ ...PEER_FIELDS, unionOrgId: 1 })
      .lean()
      .exec(); // one query, read by both uses below
    const wanted = new Set(keys.enterpriseIds.map(String));
    const prescriptions = Prescription.find({ assessmentId: { $in: [...keys.assessmentIds] } })
      .select({ status: 1, prescriptionNo: 1, assessmentId: 1 })
      .lean()
      // The same fields as the single report's read: the key it was found by is left out.
      .then(
        (rows) => new Map(rows.map(({ assessmentId, ...p }) => [String(assessmentId), p as PrescriptionRef])),
      );
    const items = keys.assessmentIds.length
      ? PrescriptionItem.find({ assessmentId: { $in: [...keys.assessmentIds] } })
          .select({ ...ITEM_FIELDS, prescriptionId: 1 })
          .lean()
      : Promise.resolve([]);
    read = {
      averages: checks.then((peers) => {
        const byOrg = group(peers, (p) => String(p.unionOrgId));
        return new Map(orgIds.map((id) => [id, averageOf(byOrg.get(id) ?? [])]));
      }),
      // Kept for the whole batch: only what finds the previous check (its scores are read by key).
      accepted: checks.then((rows) =>
        group(
          rows
            .filter((r) => wanted.has(String(r.enterpriseId)))
            .map(({ _id, enterpriseId, acceptedAt }) => ({ _id, enterpriseId, acceptedAt })),
          (r) => String(r.enterpriseId),
        ),
      ),
      prescriptions,
      // Only an issued prescription's items count (as when one report reads them by its prescription).
      items: Promise.all([prescriptions, items]).then(([found, rows]) => {
        const issued = new Set(
          [...found.values()].filter((p) => p.status === "issued").map((p) => String(p._id)),
        );
        // The same fields as the single report's read: the key they were found by is left out.
        const byPrescription = new Map<string, PrescriptionItemRef[]>();
        for (const { prescriptionId, ...item } of rows) {
          if (!issued.has(String(prescriptionId))) continue;
          const list = byPrescription.get(String(prescriptionId));
          if (list) list.push(item);
          else byPrescription.set(String(prescriptionId), [item]);
        }
        for (const list of byPrescription.values()) list.sort((a, b) => a.no - b.no);
        return byPrescription;
      }),
    };
    // Each read is awaited by the report that needs it; one no report needs must not go unhandled.
    for (const promise of Object.values(read)) promise.catch(() => undefined);
    return read;
  };
  return {
    async average(unionOrgId) {
      return (await start().averages).get(String(unionOrgId)) ?? singleReportFacts.average(unionOrgId);
    },
    async previous(enterpriseId, self, before, unionOrgId) {
      const own = (await start().accepted).get(String(enterpriseId));
      if (!own) return singleReportFacts.previous(enterpriseId, self, before, unionOrgId);
      let latest: (typeof own)[number] | undefined;
      for (const check of own) {
        if (check._id.equals(self) || !check.acceptedAt || check.acceptedAt >= before) continue;
        if (!latest || check.acceptedAt > latest.acceptedAt!) latest = check;
      }
      return latest ? Assessment.findById(latest._id).lean() : null;
    },
    async prescription(assessmentId) {
      return (await start().prescriptions).get(String(assessmentId)) ?? null;
    },
    async items(prescription, enterpriseId) {
      return (
        (await start().items).get(String(prescription._id)) ??
        singleReportFacts.items(prescription, enterpriseId)
      );
    },
  };
}

/**
 * What a report says beyond its own check's score, read once for the page and the Word file alike: the
 * organisation's average, the enterprise's previous accepted check and the comparison with it, the
 * items of this check's issued prescription (their deadlines are the findings' deadlines), and the
 * evidence files given with the answers.
 */
export async function reportFacts(
  assessment: AssessmentDoc,
  score: AssessmentScore,
  source: FactsSource = singleReportFacts,
) {
  const average = await source.average(assessment.unionOrgId);
  // The enterprise's own previous accepted check, if any.
  const previous = await source.previous(
    assessment.enterpriseId,
    assessment._id,
    assessment.acceptedAt ?? new Date(),
    assessment.unionOrgId,
  );
  const previousScore = previous ? storedScore(previous) : null;
  const comparison = previousScore ? compareAssessments(previousScore, score) : null;
  const prescription = await source.prescription(assessment._id);
  const items =
    prescription?.status === "issued" ? await source.items(prescription, assessment.enterpriseId) : [];
  // The files given with the answers (read by key, the same alone and in a batch).
  const evidence = await evidenceList(assessment);
  return { average, previous, comparison, prescription, items, evidence };
}

type ReportFacts = Awaited<ReturnType<typeof reportFacts>>;

/**
 * When a finding is to be rectified: the deadline of the issued prescription item that answers it, else
 * the rule's default counted from the report's date.
 */
function findingDeadline(f: Finding, facts: Pick<ReportFacts, "items"> | undefined): string {
  const item = facts?.items.find((i) => i.ruleIds.includes(f.ruleId));
  if (item) return `${formatChineseDate(item.dueOn)}前（${item.prescriptionNo}第${item.no}项）`;
  return `自报告出具之日起${f.deadlineDays}日内`;
}

/** The Word builder's data for one report version (everything but the chart image). */
function reportInput(args: {
  report: ReportDoc;
  assessment: AssessmentDoc;
  enterprise: Pick<EnterpriseDoc, "name" | "creditCode">;
  orgName: string;
  templateTitle: string;
  score: AssessmentScore;
  facts?: ReportFacts;
}): ReportInput {
  const { report, assessment, enterprise, orgName, templateTitle, score, facts } = args;
  const dimensionTitle = new Map(score.dimensions.map((d) => [d.id, d.title]));
  const started = toShanghaiDate(assessment.createdAt);
  const accepted = toShanghaiDate(assessment.acceptedAt ?? assessment.updatedAt);
  return {
    reportNo: report.reportNo,
    enterpriseName: enterprise.name,
    creditCode: enterprise.creditCode,
    unionOrgName: orgName,
    issuedOn: toShanghaiDate(report.analysisAt ?? report.createdAt),
    assessmentPeriod: `${formatChineseDate(started)}至${formatChineseDate(accepted)}`,
    templateTitle,
    overall: score.overall,
    riskLevel: score.riskLevel,
    dimensions: score.dimensions.map((d) => ({
      id: d.id,
      title: d.title,
      score: d.score,
      findingCount: d.findings.length,
    })),
    findings: score.findings.map((f) => ({
      dimensionId: f.dimensionId,
      dimensionTitle: dimensionTitle.get(f.dimensionId) ?? f.dimensionId,
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      legalBasis: f.legalBasis,
      recommendation: f.recommendation,
      signal: f.signal,
      deadline: findingDeadline(f, facts),
    })),
    ...(facts
      ? {
          comparison: {
            averageEnterprises: facts.average.enterprises,
            averageOverall: facts.average.overall,
            previous:
              facts.previous && facts.comparison
                ? {
                    acceptedOn: toShanghaiDate(facts.previous.acceptedAt ?? facts.previous.updatedAt),
                    overall: facts.comparison.overall.previous,
                    resolved: facts.comparison.resolvedFindings.length,
                    added: facts.comparison.newFindings.length,
                    persisting: facts.comparison.persistingFindings.length,
                    notApplicable: facts.comparison.notApplicableFindings.length,
                  }
                : null,
            dimensions: score.dimensions.map((d) => ({
              id: d.id,
              average: facts.average.dimensions[d.id] ?? null,
              previous: facts.comparison?.dimensions.find((c) => c.id === d.id)?.previous ?? null,
            })),
          },
        }
      : {}),
    annex: articleAnnex(
      score.findings.flatMap((f) => citedArticles(f.legalBasis, f.citations, statuteLibrary)),
    ).map((a) => ({ label: a.label, text: a.text })),
    ...(facts?.evidence.length
      ? {
          evidence: facts.evidence.map((e) => ({
            dimension: e.dimension,
            question: e.question,
            files: e.files.map(({ name, size, uploadedBy, uploadedAt }) => ({
              name,
              size,
              uploadedBy,
              uploadedAt,
            })),
          })),
        }
      : {}),
    problemAnalysis: parseAnalysis(report.analysis),
    instructorName: report.analysisByName ?? report.createdByName,
    issuer: orgName,
  };
}

function findingView(f: Finding, dimensionTitle: Map<string, string>, facts?: Pick<ReportFacts, "items">) {
  return {
    ruleId: f.ruleId,
    dimensionId: f.dimensionId,
    dimensionTitle: dimensionTitle.get(f.dimensionId) ?? f.dimensionId,
    severity: f.severity,
    severityLabel: SEVERITY_LABELS[f.severity],
    title: f.title,
    legalBasis: f.legalBasis,
    citations: f.citations,
    recommendation: f.recommendation,
    signal: f.signal,
    deadline: findingDeadline(f, facts),
  };
}

/** Everything the report page shows. */
/**
 * The enterprise's items of other checks created before this one was accepted, oldest first: from the
 * enterprise's kept rows (this check's own prescription left out by its number), each item by key.
 */
async function earlierItemsOf(assessment: AssessmentDoc, ownPrescriptionNo: string | undefined) {
  const items = await enterpriseItems(
    assessment.enterpriseId,
    (r) => !ownPrescriptionNo || r.pno !== ownPrescriptionNo,
  );
  const before = assessment.acceptedAt ?? new Date();
  return items
    .filter((i) => !i.assessmentId.equals(assessment._id) && i.createdAt < before)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.no - b.no);
}

export async function reportPage(user: CurrentUser, assessmentId: string) {
  const { assessment, enterprise, resource, score, report, orgName, templateTitle } = await readReport(
    user,
    assessmentId,
    "report:view",
  );
  const dimensionTitle = new Map(score.dimensions.map((d) => [d.id, d.title]));
  const facts = await reportFacts(assessment, score);
  const { average, previous, comparison, prescription } = facts;

  // Re-check: items of earlier prescriptions of this enterprise, and whether this check still finds them.
  const currentRules = new Set(score.findings.map((f) => f.ruleId));
  const applicableRules = new Set(score.dimensions.flatMap((d) => d.applicableRuleIds ?? []));
  const keptApplicability = score.dimensions.some((d) => d.applicableRuleIds !== undefined);
  const earlierItems = await earlierItemsOf(assessment, prescription?.prescriptionNo);
  const recheck = earlierItems.map((item) => ({
    id: String(item._id),
    prescriptionNo: item.prescriptionNo,
    no: item.no,
    title: item.title,
    status: item.status,
    statusLabel: ITEM_STATUS_LABELS[item.status],
    dueOn: item.dueOn,
    // Resolved when every finding the item answered is answered compliantly in this check; an item
    // whose findings no longer apply is neither resolved nor still found.
    ...recheckState(item.ruleIds, currentRules, keptApplicability ? applicableRules : null),
  }));

  // By key, version by version (a filter on the source would read every rendered document).
  const renders = report ? await rendersOf("report", report._id, report.version) : [];
  const version = report?.version ?? FIRST_VERSION;
  const current = renders.find((r) => r.version === version);

  return {
    assessmentId: String(assessment._id),
    enterprise: { id: String(enterprise._id), name: enterprise.name, creditCode: enterprise.creditCode },
    orgName,
    templateTitle,
    // Until an action first needs the report it has no record and no number yet; the page shows the
    // version it will be created with, so the first save or Word file works on what was on screen.
    report: {
      id: report ? String(report._id) : null,
      reportNo: report?.reportNo ?? null,
      version,
      analysis: report?.analysis ?? "",
      analysisBlocks: parseAnalysis(report?.analysis ?? ""),
      analysisByName: report?.analysisByName ?? null,
      analysisAt: report?.analysisAt ? report.analysisAt.toISOString() : null,
      issuedOn: toShanghaiDate(report ? (report.analysisAt ?? report.createdAt) : new Date()),
    },
    acceptedOn: toShanghaiDate(assessment.acceptedAt ?? assessment.updatedAt),
    overall: score.overall,
    riskLevel: score.riskLevel,
    riskLevelLabel: RISK_LEVEL_LABELS[score.riskLevel],
    dimensions: score.dimensions.map((d) => ({
      id: d.id,
      title: d.title,
      score: d.score,
      findingCount: d.findings.length,
      average: average.dimensions[d.id] ?? null,
      previous: comparison?.dimensions.find((c) => c.id === d.id)?.previous ?? null,
    })),
    average: { enterprises: average.enterprises, overall: average.overall },
    findings: score.findings.map((f) => findingView(f, dimensionTitle, facts)),
    previous: previous
      ? {
          assessmentId: String(previous._id),
          acceptedOn: toShanghaiDate(previous.acceptedAt ?? previous.updatedAt),
          overall: comparison!.overall.previous,
          resolved: comparison!.resolvedFindings.map((f) => findingView(f, dimensionTitle)),
          added: comparison!.newFindings.map((f) => findingView(f, dimensionTitle)),
          persisting: comparison!.persistingFindings.map((f) => findingView(f, dimensionTitle)),
          notApplicable: comparison!.notApplicableFindings.map((f) => findingView(f, dimensionTitle)),
        }
      : null,
    recheck,
    evidence: facts.evidence,
    currentRender: current ? renderView(current) : null,
    renders: renders.map(renderView),
    canEdit: can(user, "report:edit", resource),
    canPrescribe: can(user, "prescription:manage", resource),
    prescriptionStatus: prescription?.status ?? null,
  };
}

/** Saves the problem analysis as a new report version; a stale version is refused, never overwritten. */
export async function saveAnalysis(user: CurrentUser, assessmentId: string, version: number, text: string) {
  const { report } = await loadReport(user, assessmentId, "report:edit");
  const cleaned = text.replace(/\r\n?/g, "\n").trim();
  const problem = analysisProblem(cleaned);
  if (problem) throw new UserError(problem, { analysis: [problem] });
  if (report.version !== version)
    throw conflict("报告已被他人修改，请刷新后再编辑（您的文字未保存，可先复制）");
  if (cleaned === report.analysis) return report;
  const saved = await updateAtVersion(Report, report._id, version, {
    $set: {
      analysis: cleaned,
      analysisBy: new Types.ObjectId(user.id),
      analysisByName: user.displayName,
      analysisAt: new Date(),
    },
  });
  if (!saved) throw conflict("报告已被他人修改，请刷新后再编辑（您的文字未保存，可先复制）");
  await audit(actorOf(user), {
    action: "report.analysis",
    resourceType: "report",
    resourceId: String(report._id),
    resourceName: report.reportNo,
    enterpriseId: String(report.enterpriseId),
    unionOrgId: String(report.unionOrgId),
    before: { version: report.version, analysis: report.analysis },
    after: { version: saved.version, analysis: cleaned },
  });
  await afterReportAnalysed(saved); // completes the problem-analysis milestone of that year's plan
  // The check's kept row names the report's version (the reports list reads its Word file by it).
  await noteChange("check", report.assessmentId);
  return saved;
}

/**
 * Asks for the Word file of the version on screen. When the report moved on since the page was loaded,
 * nothing is rendered: the person is told to look at the new version first.
 */
export async function requestReportFile(user: CurrentUser, assessmentId: string, version: number) {
  const loaded = await loadReport(user, assessmentId, "report:view");
  if (loaded.report.version !== version) throw conflict("报告内容已更新，请刷新页面查看最新版本后再生成");
  return renderReport(loaded, user.id);
}

async function renderReport(
  loaded: Awaited<ReturnType<typeof loadReport>>,
  requestedBy: string,
  source?: FactsSource,
) {
  const facts = await reportFacts(loaded.assessment, loaded.score, source);
  return requestRender(reportRenderRequest({ ...loaded, facts }, requestedBy));
}

/** What to render for the current version of a report (also used by the demo data). */
export function reportRenderRequest(
  parts: Parameters<typeof reportInput>[0],
  requestedBy: string,
): RenderRequest {
  const { report, enterprise } = parts;
  return {
    kind: "report",
    sourceId: report._id,
    version: report.version,
    enterpriseId: report.enterpriseId,
    unionOrgId: report.unionOrgId,
    fileName: `${enterprise.name}法律体检报告（${report.reportNo}）.docx`,
    requestedBy,
    input: reportInput(parts),
  };
}

/**
 * For batches: the current version of the report of each of these accepted assessments, without a page.
 * The reports are read side by side; those not made yet are created one after another in the order given
 * (so their numbers follow it); then their files are asked for side by side. `source` is the batch's
 * facts, read in bulk (batchFactsSource). Each assessment gets its render's id or the error that refused it.
 */
export async function requestReportFilesFor(
  user: CurrentUser,
  assessmentIds: readonly string[],
  source?: FactsSource,
): Promise<({ renderId: string } | { error: unknown })[]> {
  const settle = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  const read = await Promise.all(assessmentIds.map((id) => settle(readReport(user, id, "report:view"))));
  // Each file is asked for as soon as its report is open, while the next report is being created.
  const requested: Promise<{ renderId: string } | { error: unknown }>[] = [];
  // The reports made here reach the dashboards in one turn per bucket at the end, not one turn each (a
  // batch's reports mostly share an organisation, whose bucket would otherwise take them one at a time).
  const created: unknown[] = [];
  for (const r of read) {
    const loaded =
      "error" in r || r.value.report
        ? r
        : await settle(
            ensureReport(
              r.value.assessment,
              { id: user.id, name: user.displayName },
              { dashboards: false },
            ).then((report) => {
              created.push(report._id);
              return { ...r.value, report };
            }),
          );
    if ("error" in loaded) {
      requested.push(Promise.resolve({ error: loaded.error }));
      continue;
    }
    const report = loaded.value.report;
    if (!report) throw new Error("报告未能打开");
    requested.push(
      settle(renderReport({ ...loaded.value, report }, user.id, source)).then((rendered) =>
        "error" in rendered ? { error: rendered.error } : { renderId: rendered.value.id },
      ),
    );
  }
  const [results] = await Promise.all([
    Promise.all(requested),
    created.length ? noteChanges("check", created) : undefined,
  ]);
  return results;
}

/**
 * The reports list's filters (the dashboard's risk figures link here with them): the organisation with
 * everything below it, the period the latest check was accepted in, its risk level, the industry the check
 * recorded. A value that cannot be read is ignored and named in `invalid`.
 */
const ReportFilterQuery = z.object({
  org: idParam,
  period: oneOf(PERIODS),
  risk: oneOf(RISK_LEVELS),
  industry: oneOf(INDUSTRIES.map((i) => i.code) as [string, ...string[]]),
});
export type ReportFilters = z.output<typeof ReportFilterQuery>;

export function parseReportFilters(source: URLSearchParams | Request) {
  return parseFilterQuery(ReportFilterQuery, source, {
    org: "工会组织",
    period: "审核通过期间",
    risk: "风险等级",
    industry: "行业",
  });
}

/** Rows of the reports list per page (each reads its Word file's state by key). */
const REPORT_PAGE_SIZE = 50;

/**
 * The reports list: each enterprise the person may see with its latest accepted check and report state,
 * narrowed by the filters (the latest check is picked first, then its level, industry and date decide), by
 * enterprise name, a page at a time. From kept rows only: the checks in the dashboard's check bucket of each
 * organisation of the scope (and of the person's own enterprises), the names in the enterprises' rows kept
 * per organisation; the shown page's Word files by key (the report's id, number and version are in the rows).
 */
export async function acceptedChecks(
  user: CurrentUser,
  filters: ReportFilters = {},
  now = new Date(),
  requestedPage = 1,
  pageSize = REPORT_PAGE_SIZE,
) {
  const scope = listScope(user, "accepted_check");
  const none = { rows: [], total: 0, page: 1, pages: 1 };
  if (scope.kind === "none" || scope.kind === "own") return none;
  const { nodes: tree } = await orgTree();
  const counted = filters.org ? new Set(countedSubtreeOf(tree, filters.org).map((o) => String(o._id))) : null;
  const orgIds = (scope.kind === "all" ? tree : subtreeOf(tree, scope.orgIds))
    .map((o) => String(o._id))
    .filter((id) => !counted || counted.has(id));
  const own = new Set(scope.kind === "within" ? scope.enterpriseIds : []);
  const ownOrgs = (
    await mapLimit(
      [...own].filter((id) => Types.ObjectId.isValid(id)),
      16,
      (id) => Enterprise.findById(id).select({ unionOrgId: 1 }).lean(),
    )
  ).flatMap((e) => (e ? [String(e.unionOrgId)] : []));
  const inScope = new Set(orgIds);
  const bucketOrgs = [...new Set([...orgIds, ...ownOrgs])];
  const buckets = await keptCheckBuckets(bucketOrgs);
  const arrays = bucketOrgs.map((id) => buckets.get(id) ?? NO_ROWS);
  // Each step worked out once while the buckets (and then the names) are the same cached arrays.
  // Everything the steps depend on beside the arrays: which organisations are in scope (not only read), the
  // person's own enterprises, the filter's organisations.
  const scopeKey = JSON.stringify([
    orgIds,
    bucketOrgs,
    [...own].sort(),
    counted ? [...counted].sort() : null,
  ]);
  const latest = memoOnInputs("accepted-latest", scopeKey, arrays, () => {
    // The latest accepted check of each enterprise (by the time it was accepted, then the newest id).
    const out = new Map<string, { id: string; orgId: string; row: RowOf["check"] }>();
    const when = (r: RowOf["check"]) => r.at ?? r.acc ?? "";
    bucketOrgs.forEach((orgId, i) => {
      for (const [id, row] of arrays[i]) {
        if (row.st !== "accepted") continue;
        if (!inScope.has(orgId) && !(own.has(row.e) && (!counted || counted.has(orgId)))) continue;
        const seen = out.get(row.e);
        if (!seen || when(row) > when(seen.row) || (when(row) === when(seen.row) && id > seen.id))
          out.set(row.e, { id, orgId, row });
      }
    });
    return [...out.values()];
  });
  const from = filters.period ? periodOf(filters.period, todayInShanghai(now)).from : null;
  const filterKey = JSON.stringify([scopeKey, filters.risk, filters.industry, from]);
  const checks = memoOnInputs("accepted-filtered", filterKey, [latest], () =>
    latest.filter(
      ({ row }) =>
        (!filters.risk || row.lvl === filters.risk) &&
        (!filters.industry || row.ind === filters.industry) &&
        (!from || (row.acc ?? "1970-01-01") >= from),
    ),
  );
  const names = await enterpriseNames(
    checks.map((c) => c.row.e),
    [...new Set(checks.map((c) => c.orgId))],
  );
  const orgNames = new Map(tree.map((o) => [String(o._id), o.name]));
  const sorted = memoOnInputs("accepted-sorted", filterKey, [checks, names], () =>
    checks
      .map((c) => ({ ...c, name: names.get(c.row.e) ?? "" }))
      .sort((a, b) => compareZh(a.name, b.name) || (a.row.e < b.row.e ? -1 : 1)),
  );
  const total = sorted.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const shown = sorted.slice((page - 1) * pageSize, page * pageSize);
  // The report's id, number and version from the row (rows kept before they held them: the report by key).
  const files = await mapLimit(shown, 16, async (c) => {
    const report =
      c.row.rid && c.row.no && typeof c.row.rv === "number"
        ? { _id: new Types.ObjectId(c.row.rid), reportNo: c.row.no, version: c.row.rv }
        : await findReportOf(new Types.ObjectId(c.id));
    const render = report ? await renderOfVersion("report", report._id, report.version) : null;
    return { report, render };
  });
  const rows = shown.map((c, i) => ({
    assessmentId: c.id,
    enterpriseId: c.row.e,
    enterpriseName: c.name,
    // Report numbers run per organisation; older numbers (体检〔2026〕1号) carry no code, the organisation does.
    orgName: orgNames.get(c.orgId) ?? "",
    // Checks accepted before the date was recorded have none (not 1970-01-01).
    acceptedOn: c.row.acc,
    overall: c.row.ov,
    riskLevel: c.row.lvl as ScoredRiskLevel | null,
    riskLabel: c.row.lvl ? RISK_LEVEL_LABELS[c.row.lvl as ScoredRiskLevel] : "",
    reportNo: files[i].report?.reportNo ?? null,
    fileStatus: files[i].render?.status ?? null,
  }));
  return { rows, total, page, pages };
}

/** How an earlier prescription item fares in this check (null applicability: a score stored without it). */
function recheckState(
  ruleIds: readonly string[],
  found: ReadonlySet<string>,
  applicable: ReadonlySet<string> | null,
): { resolved: boolean | null; recheck: "manual" | "found" | "not_applicable" | "resolved" } {
  if (ruleIds.length === 0) return { resolved: null, recheck: "manual" };
  if (ruleIds.some((r) => found.has(r))) return { resolved: false, recheck: "found" };
  if (applicable && !ruleIds.every((r) => applicable.has(r)))
    return { resolved: false, recheck: "not_applicable" };
  return { resolved: true, recheck: "resolved" };
}
