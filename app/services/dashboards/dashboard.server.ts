/**
 * The organisation dashboard (/dashboard): an organisation and everything below it, by child organisation,
 * for a period. Reads the organisation tree (a small collection) and the roll-up of every organisation of the
 * subtree by `_id`; never the records themselves. Its .xlsx export has one sheet per panel.
 */
import ExcelJS from "exceljs";
import * as z from "zod";
import { CASE_KIND_INFO, CASE_KINDS, CASE_STAGE_LABELS, isCaseKind } from "~/domain/bargaining";
import { todayInShanghai } from "~/domain/dates";
import {
  orgFigures,
  periodOf,
  PERIOD_LABELS,
  PERIODS,
  type RISK_LEVELS,
  type OrgFigures,
} from "~/domain/dashboards/figures";
import { FUNNEL_LABELS, FUNNEL_STEPS } from "~/domain/dashboards/rows";
import type { Counters } from "~/domain/dashboards/summaries";
import { formatFigure } from "~/domain/cultivation/survey-figures";
import { INDUSTRIES } from "~/domain/enterprise";
import { can, type Principal } from "~/domain/policy";
import { idParam, oneOf, parseQuery } from "~/lib/query";
import { workbookBytes } from "~/lib/xlsx.server";
import { orgTree } from "../../../models/org-tree";
import { forbidden } from "../../lib/http.server";
import { rollupCounters, subtreeTotals } from "./rollups.server";

const DashboardQuery = z.object({ org: idParam, period: oneOf(PERIODS) });

export type DashboardQuery = z.output<typeof DashboardQuery>;

export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  return parseQuery(DashboardQuery, params);
}

export const RISK_LABELS: Record<(typeof RISK_LEVELS)[number], string> = {
  high: "高风险",
  medium: "中风险",
  low: "低风险",
};

const industryName = (code: string) => INDUSTRIES.find((i) => i.code === code)?.name ?? (code || "未填");
const caseKindName = (kind: string) => (isCaseKind(kind) ? CASE_KIND_INFO[kind].label : kind);

interface OrgNode {
  id: string;
  name: string;
  parentId: string | null;
  path: string[];
}

/** The live organisations by name (in the database's order, by code point), from the cached tree. */
async function liveOrgs(): Promise<OrgNode[]> {
  const { nodes } = await orgTree();
  return nodes
    .filter((o) => !o.archived)
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((o) => ({
      id: String(o._id),
      name: o.name,
      parentId: o.parentId ? String(o.parentId) : null,
      path: [...o.ancestors.map(String), String(o._id)],
    }));
}

export interface DashboardRow {
  id: string;
  name: string;
  /** The organisation's own enterprises (本级), not a child's subtree. */
  own: boolean;
  figures: OrgFigures;
}

/** The dashboard's data: the chosen organisation (default: the person's highest), its children, the period. */
export async function dashboardData(user: Principal, query: DashboardQuery, now = new Date()) {
  const tree = await liveOrgs();
  const visible = tree.filter((o) => can(user, "dashboard:view", { type: "org", orgPath: o.path }));
  if (visible.length === 0) throw forbidden("只有工会指导员和平台管理员可以查看数据看板");
  const root = query.org
    ? visible.find((o) => o.id === query.org)
    : [...visible].sort((a, b) => a.path.length - b.path.length)[0];
  if (!root) throw forbidden("您无权查看该工会组织的数据看板");
  const today = todayInShanghai(now);
  const period = periodOf(query.period ?? "year", today);
  // A few documents, whatever the subtree's size: the chosen organisation's subtree total and own roll-up,
  // and each direct child's subtree total (README "Dashboards at a city's scale").
  const children = tree.filter((o) => o.parentId === root.id);
  const [totals, ownRollup] = await Promise.all([
    subtreeTotals([root.id, ...children.map((c) => c.id)]),
    rollupCounters([root.id]),
  ]);
  const rows: DashboardRow[] = children.map((child) => ({
    id: child.id,
    name: child.name,
    own: false,
    figures: orgFigures(totals.get(child.id) ?? {}, period, today),
  }));
  const own: Counters = ownRollup.get(root.id) ?? {};
  if (Object.keys(own).length > 0 || rows.length === 0)
    rows.unshift({
      id: root.id,
      name: `${root.name}（本级）`,
      own: true,
      figures: orgFigures(own, period, today),
    });
  const minDepth = Math.min(...visible.map((o) => o.path.length));
  return {
    org: { id: root.id, name: root.name },
    today,
    period: { key: period.key, label: period.label, from: period.from, to: period.to },
    periods: PERIODS.map((key) => ({ key, label: PERIOD_LABELS[key] })),
    orgOptions: visible.map((o) => ({ id: o.id, name: o.name, depth: o.path.length - minDepth })),
    total: orgFigures(totals.get(root.id) ?? {}, period, today),
    rows,
    labels: {
      funnel: FUNNEL_LABELS,
      risk: RISK_LABELS,
      stages: CASE_STAGE_LABELS,
      industries: Object.fromEntries(INDUSTRIES.map((i) => [i.code, i.name])),
      caseKinds: Object.fromEntries(CASE_KINDS.map((k) => [k, CASE_KIND_INFO[k].label])) as Record<
        string,
        string
      >,
    },
  };
}

export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;

// ── The .xlsx export: one sheet per panel ─────────────────────────────────────────────────────────────

const pctText = (v: number | null) => (v === null ? "—" : `${v}%`);

type Cell = string | number | null;

function sheetOf(book: ExcelJS.Workbook, name: string, data: DashboardData, header: string[]) {
  const sheet = book.addWorksheet(name);
  sheet.addRow([`${data.org.name} · ${name}`]).font = { bold: true, size: 13 };
  sheet.addRow([`统计期间：${data.period.label}（${data.period.from} 至 ${data.period.to}）`]);
  sheet.addRow([]);
  const head = sheet.addRow(header);
  head.font = { bold: true };
  sheet.columns = header.map((h, i) => ({ width: i === 0 ? 28 : Math.max(10, h.length * 2 + 2) }));
  return sheet;
}

function byOrg(sheet: ExcelJS.Worksheet, data: DashboardData, cells: (f: OrgFigures) => Cell[]) {
  for (const row of data.rows) sheet.addRow([row.name, ...cells(row.figures)]);
  sheet.addRow(["合计", ...cells(data.total)]).font = { bold: true };
}

function section(sheet: ExcelJS.Worksheet, title: string, header: string[], rows: Cell[][]) {
  sheet.addRow([]);
  sheet.addRow([title]).font = { bold: true };
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
}

export async function dashboardWorkbook(user: Principal, query: DashboardQuery, now = new Date()) {
  const data = await dashboardData(user, query, now);
  const t = data.total;
  const book = new ExcelJS.Workbook();
  book.creator = "工会协商通";

  const coverage = sheetOf(book, "覆盖情况", data, [
    "工会组织",
    "企业数",
    "已建会",
    "建会率",
    "集体合同生效",
    "覆盖率",
    "本期体检企业",
    "体检覆盖率",
    "本年有培育计划",
  ]);
  byOrg(coverage, data, (f) => [
    f.coverage.enterprises,
    f.coverage.withUnion,
    pctText(f.coverage.unionRate),
    f.coverage.covered,
    pctText(f.coverage.coverageRate),
    f.coverage.checked,
    pctText(f.coverage.checkedRate),
    f.coverage.withPlan,
  ]);
  section(
    coverage,
    "集体合同覆盖企业（按合同类型）",
    ["合同类型", "覆盖企业数"],
    Object.entries(t.coverage.coveredByKind).map(([k, n]) => [caseKindName(k), n]),
  );

  const risk = sheetOf(book, "风险分布", data, ["工会组织", "高风险", "中风险", "低风险", "体检报告"]);
  byOrg(risk, data, (f) => [f.risk.levels.high, f.risk.levels.medium, f.risk.levels.low, f.risk.reports]);
  section(
    risk,
    "按行业",
    ["行业", "高风险", "中风险", "低风险"],
    Object.entries(t.risk.byIndustry).map(([code, l]) => [
      industryName(code),
      l.high ?? 0,
      l.medium ?? 0,
      l.low ?? 0,
    ]),
  );
  section(
    risk,
    "最常见的问题",
    ["维度", "问题", "次数"],
    t.risk.findings.map((f) => [f.dimension, f.title, f.count]),
  );
  section(
    risk,
    "平均得分趋势",
    ["月份", "平均得分", "通过审核的体检"],
    t.risk.trend.map((m) => [m.month, m.average, m.checks]),
  );

  const rect = sheetOf(book, "整改落实", data, [
    "工会组织",
    "本期签发事项",
    "已销号",
    "销号率",
    "未销号",
    "已逾期",
    "逾期率",
    "核验用时中位数（天）",
  ]);
  byOrg(rect, data, (f) => [
    f.rectification.issued,
    f.rectification.verified,
    pctText(f.rectification.verifiedRate),
    f.rectification.open,
    f.rectification.overdue,
    pctText(f.rectification.overdueRate),
    f.rectification.medianDaysToVerify,
  ]);
  section(
    rect,
    "按月",
    ["月份", "签发", "销号"],
    t.rectification.byMonth.map((m) => [m.month, m.issued, m.verified]),
  );

  const bargaining = sheetOf(book, "集体协商", data, [
    "工会组织",
    ...FUNNEL_STEPS.map((s) => FUNNEL_LABELS[s]),
    "要约阶段逾期",
    "90天内到期",
  ]);
  byOrg(bargaining, data, (f) => [
    ...f.bargaining.funnel.map((s) => s.count),
    f.bargaining.overdueResponses,
    f.bargaining.expiring,
  ]);
  section(
    bargaining,
    "当前阶段",
    ["阶段", "案件数"],
    Object.entries(CASE_STAGE_LABELS).map(([stage, label]) => [label, t.bargaining.stages[stage] ?? 0]),
  );

  const cultivation = sheetOf(book, "培育助推", data, [
    "工会组织",
    "本年培育计划",
    "已验收",
    "到期节点",
    "已完成节点",
    "培训场次",
    "受邀企业",
    "参训企业",
    "参训率",
    "签到人数",
  ]);
  byOrg(cultivation, data, (f) => [
    f.cultivation.plans,
    f.cultivation.signedOff,
    f.cultivation.milestonesDue,
    f.cultivation.milestonesDone,
    f.cultivation.trainings,
    f.cultivation.invited,
    f.cultivation.attendedEnterprises,
    pctText(f.cultivation.attendanceRate),
    f.cultivation.attendees,
  ]);

  const quality = sheetOf(book, "质量评价", data, [
    "工会组织",
    "参与率",
    "知晓率",
    "满意率",
    "职工样本",
    "认可率",
    "企业样本",
  ]);
  byOrg(quality, data, (f) => [
    formatFigure(f.quality.participation),
    formatFigure(f.quality.awareness),
    formatFigure(f.quality.satisfaction),
    f.quality.participation.n,
    formatFigure(f.quality.recognition),
    f.quality.recognition.n,
  ]);
  quality.addRow([]);
  quality.addRow(["样本不足5份的比率不显示，以免推知个人答卷。"]);

  return { bytes: await workbookBytes(book), name: `数据看板-${data.org.name}-${data.today}.xlsx` };
}
