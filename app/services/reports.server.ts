/**
 * Risk reports (体检报告): the web page of an accepted health check, the instructor's problem analysis,
 * and the Word file rendered by the documents queue.
 */
import { Types } from "mongoose";
import { formatChineseDate, toShanghaiDate } from "~/domain/dates";
import {
  RISK_LEVEL_LABELS,
  compareAssessments,
  type AssessmentScore,
  type Finding,
} from "~/domain/health-check/scoring";
import { SEVERITY_LABELS } from "~/domain/health-check/types";
import { can } from "~/domain/policy";
import { analysisProblem, parseAnalysis } from "~/domain/reports/analysis";
import { orgAverage } from "~/domain/reports/benchmark";
import { ITEM_STATUS_LABELS } from "~/domain/prescriptions/status";
import { Assessment, type AssessmentDoc } from "../../models/assessment";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { isDuplicateKeyError } from "../../models/errors";
import { Prescription, PrescriptionItem } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { findReportOf, Report, type ReportDoc } from "../../models/report";
import { nextNumber } from "../../models/sequence";
import { UnionOrg } from "../../models/union-org";
import { updateAtVersion } from "../../models/write-claim";
import { loadAssessment, storedScore } from "./assessments.server";
import { audit } from "./audit.server";
import { afterReportAnalysed } from "./cultivation/proofs.server";
import type { CurrentUser } from "./auth.server";
import { renderView, requestRender, type RenderRequest, type ReportInput } from "./documents.server";
import { conflict, forbidden, UserError } from "./http.server";
import { scopedQuery } from "./access/list-scope.server";
import { noteChange } from "./dashboards/rollups.server";

const actorOf = (user: CurrentUser) => ({ id: user.id, name: user.displayName });

/** The version a report is created with (its analysis edits count up from here). */
const FIRST_VERSION = 1;

/** 体检〔2026〕12号: numbered per union organisation and year. */
export function formatReportNo(year: string, n: number) {
  return `体检〔${year}〕${n}号`;
}

/**
 * The report of an accepted assessment, created (and numbered) by the first action that needs it. Two
 * people acting at once end with one report: the unique index on the assessment decides.
 */
export async function ensureReport(
  assessment: AssessmentDoc,
  by: { id: string; name: string },
): Promise<ReportDoc> {
  const existing = await findReportOf(assessment._id);
  if (existing) return existing;
  if (assessment.status !== "accepted") throw new UserError("体检通过审核后才能生成体检报告");
  const year = toShanghaiDate(assessment.acceptedAt ?? new Date()).slice(0, 4);
  const n = await nextNumber(`report:${String(assessment.unionOrgId)}:${year}`);
  try {
    const created = await Report.create({
      _id: assessment._id,
      assessmentId: assessment._id,
      enterpriseId: assessment.enterpriseId,
      unionOrgId: assessment.unionOrgId,
      reportNo: formatReportNo(year, n),
      analysis: "",
      createdBy: new Types.ObjectId(by.id),
      createdByName: by.name,
      version: FIRST_VERSION,
    });
    await noteChange("check", assessment._id);
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
  const [report, org] = await Promise.all([
    findReportOf(loaded.assessment._id),
    UnionOrg.findById(loaded.assessment.unionOrgId).select({ name: 1 }).lean(),
  ]);
  return { ...loaded, score, report, orgName: org?.name ?? "" };
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

/** The Word builder's data for one report version (everything but the chart image). */
function reportInput(args: {
  report: ReportDoc;
  assessment: AssessmentDoc;
  enterprise: Pick<EnterpriseDoc, "name" | "creditCode">;
  orgName: string;
  templateTitle: string;
  score: AssessmentScore;
}): ReportInput {
  const { report, assessment, enterprise, orgName, templateTitle, score } = args;
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
    })),
    problemAnalysis: parseAnalysis(report.analysis),
    instructorName: report.analysisByName ?? report.createdByName,
    issuer: orgName,
  };
}

function findingView(f: Finding, dimensionTitle: Map<string, string>) {
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
  };
}

/** Everything the report page shows. */
export async function reportPage(user: CurrentUser, assessmentId: string) {
  const { assessment, enterprise, resource, score, report, orgName, templateTitle } = await readReport(
    user,
    assessmentId,
    "report:view",
  );
  const dimensionTitle = new Map(score.dimensions.map((d) => [d.id, d.title]));

  // Peers: the latest accepted check of every enterprise in the same union organisation.
  const peers = await Assessment.find({ unionOrgId: assessment.unionOrgId, status: "accepted" })
    .select({ enterpriseId: 1, acceptedAt: 1, score: 1, overall: 1 })
    .lean();
  const average = orgAverage(
    peers.map((p) => ({
      enterpriseId: String(p.enterpriseId),
      acceptedAt: p.acceptedAt ?? new Date(0),
      overall: p.overall ?? null,
      dimensions: (storedScore(p)?.dimensions ?? []).map((d) => ({ id: d.id, score: d.score })),
    })),
  );

  // The enterprise's own previous accepted check, if any.
  const previous = await Assessment.findOne({
    enterpriseId: assessment.enterpriseId,
    status: "accepted",
    _id: { $ne: assessment._id },
    acceptedAt: { $lt: assessment.acceptedAt ?? new Date() },
  })
    .sort({ acceptedAt: -1 })
    .lean();
  const previousScore = previous ? storedScore(previous) : null;
  const comparison = previousScore ? compareAssessments(previousScore, score) : null;

  // Re-check: items of earlier prescriptions of this enterprise, and whether this check still finds them.
  const currentRules = new Set(score.findings.map((f) => f.ruleId));
  const earlierItems = await PrescriptionItem.find({
    enterpriseId: assessment.enterpriseId,
    assessmentId: { $ne: assessment._id },
    createdAt: { $lt: assessment.acceptedAt ?? new Date() },
  })
    .sort({ createdAt: 1, no: 1 })
    .lean();
  const recheck = earlierItems.map((item) => ({
    id: String(item._id),
    prescriptionNo: item.prescriptionNo,
    no: item.no,
    title: item.title,
    status: item.status,
    statusLabel: ITEM_STATUS_LABELS[item.status],
    dueOn: item.dueOn,
    // Resolved when none of the findings the item answered shows up again in this check.
    resolved: item.ruleIds.length > 0 ? !item.ruleIds.some((r) => currentRules.has(r)) : null,
  }));

  const prescription = await Prescription.findOne({ assessmentId: assessment._id })
    .select({ status: 1 })
    .lean();
  const renders = report
    ? await RenderedDocument.find({ kind: "report", sourceId: report._id })
        .select("-data -input")
        .sort({ version: -1 })
        .lean()
    : [];
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
    findings: score.findings.map((f) => findingView(f, dimensionTitle)),
    previous: previous
      ? {
          assessmentId: String(previous._id),
          acceptedOn: toShanghaiDate(previous.acceptedAt ?? previous.updatedAt),
          overall: comparison!.overall.previous,
          resolved: comparison!.resolvedFindings.map((f) => findingView(f, dimensionTitle)),
          added: comparison!.newFindings.map((f) => findingView(f, dimensionTitle)),
        }
      : null,
    recheck,
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

async function renderReport(loaded: Awaited<ReturnType<typeof loadReport>>, requestedBy: string) {
  return requestRender(reportRenderRequest(loaded, requestedBy));
}

/** What to render for the current version of a report (also used by the demo data). */
export function reportRenderRequest(
  parts: Parameters<typeof reportInput>[0],
  requestedBy: string,
): RenderRequest {
  const { report, assessment, enterprise, orgName, templateTitle, score } = parts;
  return {
    kind: "report",
    sourceId: report._id,
    version: report.version,
    enterpriseId: report.enterpriseId,
    unionOrgId: report.unionOrgId,
    fileName: `${enterprise.name}法律体检报告（${report.reportNo}）.docx`,
    requestedBy,
    input: reportInput({ report, assessment, enterprise, orgName, templateTitle, score }),
  };
}

/** For batches: the current version of the report of each accepted assessment, without a page. */
export async function requestReportFileFor(user: CurrentUser, assessmentId: string) {
  const loaded = await loadReport(user, assessmentId, "report:view");
  const view = await renderReport(loaded, user.id);
  return { renderId: view.id, enterpriseName: loaded.enterprise.name };
}

/** The reports list: each enterprise the person may see with its latest accepted check and report state. */
export async function acceptedChecks(user: CurrentUser) {
  const accepted = await Assessment.find(await scopedQuery(user, "accepted_check", { status: "accepted" }))
    .select({ enterpriseId: 1, unionOrgId: 1, acceptedAt: 1, overall: 1, riskLevel: 1 })
    .sort({ acceptedAt: -1 })
    .limit(10_000)
    .lean();
  const latest = new Map<string, (typeof accepted)[number]>();
  for (const a of accepted) if (!latest.has(String(a.enterpriseId))) latest.set(String(a.enterpriseId), a);
  const checks = [...latest.values()];
  const [enterprises, orgs, reports] = await Promise.all([
    Enterprise.find({ _id: { $in: checks.map((c) => c.enterpriseId) } })
      .select({ name: 1 })
      .lean(),
    UnionOrg.find({ _id: { $in: [...new Set(checks.map((c) => String(c.unionOrgId)))] } })
      .select({ name: 1 })
      .lean(),
    Report.find({ assessmentId: { $in: checks.map((c) => c._id) } })
      .select({ assessmentId: 1, reportNo: 1, version: 1 })
      .lean(),
  ]);
  const renders = await RenderedDocument.find({
    kind: "report",
    sourceId: { $in: reports.map((r) => r._id) },
  })
    .select({ sourceId: 1, version: 1, status: 1 })
    .lean();
  const names = new Map(enterprises.map((e) => [String(e._id), e.name]));
  const orgNames = new Map(orgs.map((o) => [String(o._id), o.name]));
  return checks
    .map((c) => {
      const report = reports.find((r) => String(r.assessmentId) === String(c._id));
      const render = report
        ? renders.find((r) => String(r.sourceId) === String(report._id) && r.version === report.version)
        : undefined;
      return {
        assessmentId: String(c._id),
        enterpriseId: String(c.enterpriseId),
        enterpriseName: names.get(String(c.enterpriseId)) ?? "",
        // Report numbers run per organisation: the organisation tells two 体检〔2026〕1号 apart.
        orgName: orgNames.get(String(c.unionOrgId)) ?? "",
        acceptedOn: toShanghaiDate(c.acceptedAt ?? new Date(0)),
        overall: c.overall ?? null,
        riskLevel: c.riskLevel ?? null,
        riskLabel: c.riskLevel ? RISK_LEVEL_LABELS[c.riskLevel] : "",
        reportNo: report?.reportNo ?? null,
        fileStatus: render ? render.status : null,
      };
    })
    .sort((a, b) => a.enterpriseName.localeCompare(b.enterpriseName, "zh-CN"));
}
