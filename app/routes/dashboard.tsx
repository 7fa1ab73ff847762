import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Bars, ChartFigure, Lines, type ChartRow } from "~/components/dashboard/chart-figure";
import { requireUser } from "~/services/accounts/auth.server";
import { dashboardData, parseDashboardQuery } from "~/services/dashboards/dashboard.server";
import styles from "../styles/dashboard.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "数据看板 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return dashboardData(user, parseDashboardQuery(new URL(request.url).searchParams));
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = Data["rows"][number];
type Figures = Row["figures"];

const COLORS = {
  blue: "#2f6fb0",
  teal: "#2a9d8f",
  amber: "#e0a030",
  red: "#c0392b",
  grey: "#8c8c8c",
  green: "#3c8d40",
};

/** Chart labels without the common suffix (the tables keep the full names). */
const short = (name: string) => name.replace("总工会", "");
const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
const q = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => [k, String(v)]),
  ).toString();

/** The lists behind the numbers, already filtered (own rows: the organisation's own records have no list). */
const lists = {
  enterprises: (org: string, extra: Record<string, string> = {}) => `/enterprises?${q({ org, ...extra })}`,
  items: (org: string, due?: string) => `/prescriptions?${q({ org, due })}`,
  pipeline: (org: string, extra: Record<string, string> = {}) => `/bargaining?${q({ org, ...extra })}`,
  plans: (org: string, year: string) => `/plans?${q({ org, year })}`,
  /**
   * The trainings hosted by the organisation's subtree in the year (the attendance figures): the list is by
   * calendar year, so only a "this year" period's figures open it (the others span two years).
   */
  trainings: (org: string, data: Data) =>
    data.period.key === "year" ? `/trainings?${q({ org, year: data.today.slice(0, 4) })}` : undefined,
  /** Latest accepted checks (the risk figures): organisation subtree, period, level or industry. */
  reports: (org: string, period: string, extra: Record<string, string> = {}) =>
    `/reports?${q({ org, period, ...extra })}`,
  /** Survey figures of the organisation's subtree, in the year of a "this year" period. */
  surveys: (org: string, data: Data) =>
    `/surveys?${q({ org, year: data.period.key === "year" ? data.today.slice(0, 4) : undefined })}`,
};

/** A number that opens its list, or the plain number where there is none. */
function N({ value, to, label }: { value: ReactNode; to?: string | null; label?: string }) {
  if (!to) return <>{value}</>;
  return (
    <Link to={to} aria-label={label}>
      {value}
    </Link>
  );
}

function OrgTable(props: {
  data: Data;
  testId: string;
  head: string[];
  cells: (f: Figures, row: Row | null) => ReactNode[];
}) {
  const { data } = props;
  return (
    <table className="dash-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th scope="col">工会组织</th>
          {props.head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((row) => (
          <tr key={row.id + String(row.own)} data-org={row.name}>
            <th scope="row">
              {row.own ? (
                row.name
              ) : (
                <Link to={`/dashboard?${q({ org: row.id, period: data.period.key })}`}>{row.name}</Link>
              )}
            </th>
            {props.cells(row.figures, row).map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
        <tr className="dash-total">
          <th scope="row">合计</th>
          {props.cells(data.total, null).map((c, i) => (
            <td key={i}>{c}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** Link target for a row: its own organisation (children) or the chosen one (the total). */
const orgOf = (data: Data, row: Row | null) => (row ? (row.own ? null : row.id) : data.org.id);

function Coverage({ data }: { data: Data }) {
  const year = data.today.slice(0, 4);
  const rows: ChartRow[] = data.rows.map((r) => ({
    label: short(r.name),
    href: r.own ? null : lists.enterprises(r.id),
    unionRate: r.figures.coverage.unionRate,
    coverageRate: r.figures.coverage.coverageRate,
    checkedRate: r.figures.coverage.checkedRate,
  }));
  const kinds = Object.entries(data.total.coverage.coveredByKind);
  return (
    <section className="dash-panel" aria-labelledby="panel-coverage">
      <h2 id="panel-coverage">覆盖情况</h2>
      <div className="dash-stats">
        <Stat label="企业" value={data.total.coverage.enterprises} to={lists.enterprises(data.org.id)} />
        <Stat
          label="建会率"
          value={pct(data.total.coverage.unionRate)}
          to={lists.enterprises(data.org.id, { union: "yes" })}
        />
        <Stat
          label="集体合同覆盖率"
          value={pct(data.total.coverage.coverageRate)}
          to={lists.enterprises(data.org.id, { contract: "in_effect" })}
        />
        <Stat
          label={`${data.period.label}体检`}
          value={data.total.coverage.checked}
          to={lists.reports(data.org.id, data.period.key)}
        />
        <Stat
          label="本年有培育计划"
          value={data.total.coverage.withPlan}
          to={lists.plans(data.org.id, year)}
        />
      </div>
      <ChartFigure
        id="chart-coverage"
        title="建会率、集体合同覆盖率与体检覆盖率（按下级组织，%）"
        summary={`合计：建会率${pct(data.total.coverage.unionRate)}，覆盖率${pct(data.total.coverage.coverageRate)}，体检覆盖率${pct(data.total.coverage.checkedRate)}`}
        chart={
          <Bars
            rows={rows}
            unit="%"
            series={[
              { key: "unionRate", label: "建会率", color: COLORS.blue },
              { key: "coverageRate", label: "集体合同覆盖率", color: COLORS.teal },
              { key: "checkedRate", label: "体检覆盖率", color: COLORS.amber },
            ]}
          />
        }
        open
        table={
          <OrgTable
            data={data}
            testId="table-coverage"
            head={["企业", "已建会", "建会率", "合同生效", "覆盖率", "体检", "培育计划"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                <N key="e" value={f.coverage.enterprises} to={org && lists.enterprises(org)} />,
                <N
                  key="u"
                  value={f.coverage.withUnion}
                  to={org && lists.enterprises(org, { union: "yes" })}
                />,
                pct(f.coverage.unionRate),
                <N
                  key="c"
                  value={f.coverage.covered}
                  to={org && lists.enterprises(org, { contract: "in_effect" })}
                />,
                pct(f.coverage.coverageRate),
                <N key="k" value={f.coverage.checked} to={org && lists.reports(org, data.period.key)} />,
                <N key="p" value={f.coverage.withPlan} to={org && lists.plans(org, year)} />,
              ];
            }}
          />
        }
      />
      {kinds.length ? (
        <p className="hint">
          按合同类型覆盖企业：{kinds.map(([k, n]) => `${data.labels.caseKinds[k] ?? k} ${n} 家`).join("，")}
        </p>
      ) : null}
    </section>
  );
}

function Risk({ data }: { data: Data }) {
  const levels = data.labels.risk;
  const byChild: ChartRow[] = data.rows.map((r) => ({
    label: short(r.name),
    href: r.own ? null : lists.reports(r.id, data.period.key),
    ...r.figures.risk.levels,
  }));
  const series = [
    { key: "high", label: levels.high, color: COLORS.red },
    { key: "medium", label: levels.medium, color: COLORS.amber },
    { key: "low", label: levels.low, color: COLORS.green },
  ];
  const t = data.total.risk.levels;
  return (
    <section className="dash-panel" aria-labelledby="panel-risk">
      <h2 id="panel-risk">体检风险</h2>
      <ChartFigure
        id="chart-risk-org"
        title="最近一次体检的风险等级（按下级组织，家）"
        summary={`合计：高风险${t.high}家，中风险${t.medium}家，低风险${t.low}家`}
        chart={<Bars rows={byChild} series={series} stacked />}
        open
        table={
          <OrgTable
            data={data}
            testId="table-risk"
            head={[levels.high, levels.medium, levels.low, "体检报告"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                ...(["high", "medium", "low"] as const).map((level) => (
                  <N
                    key={level}
                    value={f.risk.levels[level]}
                    to={org && lists.reports(org, data.period.key, { risk: level })}
                    label={`${row?.name ?? "合计"}${levels[level]} ${f.risk.levels[level]} 家`}
                  />
                )),
                f.risk.reports,
              ];
            }}
          />
        }
      />
    </section>
  );
}

/** Risk by industry, the most frequent findings and the score's trend (the city's view across districts). */
function RiskDetail({ data }: { data: Data }) {
  const levels = data.labels.risk;
  const byIndustry: ChartRow[] = Object.entries(data.total.risk.byIndustry).map(([code, l]) => ({
    label: data.labels.industries[code] ?? code,
    href: lists.reports(data.org.id, data.period.key, { industry: code }),
    code,
    high: l.high ?? 0,
    medium: l.medium ?? 0,
    low: l.low ?? 0,
  }));
  const series = [
    { key: "high", label: levels.high, color: COLORS.red },
    { key: "medium", label: levels.medium, color: COLORS.amber },
    { key: "low", label: levels.low, color: COLORS.green },
  ];
  const trend: ChartRow[] = data.total.risk.trend.map((m) => ({ label: m.month, average: m.average }));
  return (
    <section className="dash-panel" aria-labelledby="panel-risk-detail">
      <h2 id="panel-risk-detail">行业风险、常见问题与得分趋势</h2>
      <ChartFigure
        id="chart-risk-industry"
        title="风险等级（按行业，家）"
        summary={
          byIndustry.map((r) => `${r.label}：高${r.high}中${r.medium}低${r.low}`).join("；") || "暂无数据"
        }
        chart={<Bars rows={byIndustry} series={series} stacked horizontal />}
        table={
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">行业</th>
                {series.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {byIndustry.map((r) => (
                <tr key={r.label}>
                  <th scope="row">
                    <N value={r.label} to={r.href} />
                  </th>
                  {(["high", "medium", "low"] as const).map((level) => (
                    <td key={level}>
                      <N
                        value={r[level]}
                        to={lists.reports(data.org.id, data.period.key, {
                          industry: String(r.code),
                          risk: level,
                        })}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <div className="dash-two">
        <div>
          <h3>最常见的问题</h3>
          <table className="dash-table" data-testid="table-findings">
            <thead>
              <tr>
                <th scope="col">问题</th>
                <th scope="col">次数</th>
              </tr>
            </thead>
            <tbody>
              {data.total.risk.findings.map((f) => (
                <tr key={`${f.dimension}|${f.title}`}>
                  <th scope="row">
                    <Link to={`/prescriptions?${q({ org: data.org.id, dimension: f.dimension })}`}>
                      {f.title}
                    </Link>
                  </th>
                  <td>{f.count}</td>
                </tr>
              ))}
              {data.total.risk.findings.length === 0 ? (
                <tr>
                  <td colSpan={2} className="hint">
                    本期暂无签发的整改事项。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </div>
      <ChartFigure
        id="chart-score-trend"
        title="体检平均得分（按月）"
        summary={trend
          .filter((m) => m.average !== null)
          .map((m) => `${m.label}：${m.average}分`)
          .join("；")}
        chart={<Lines rows={trend} series={[{ key: "average", label: "平均得分", color: COLORS.blue }]} />}
        table={
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">月份</th>
                <th scope="col">平均得分</th>
                <th scope="col">通过审核的体检</th>
              </tr>
            </thead>
            <tbody>
              {data.total.risk.trend.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td>{m.average ?? "—"}</td>
                  <td>{m.checks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

function Rectification({ data }: { data: Data }) {
  const rows: ChartRow[] = data.rows.map((r) => ({
    label: short(r.name),
    href: r.own ? null : lists.items(r.id),
    issued: r.figures.rectification.issued,
    verified: r.figures.rectification.verified,
    overdue: r.figures.rectification.overdue,
  }));
  const t = data.total.rectification;
  return (
    <section className="dash-panel" aria-labelledby="panel-rect">
      <h2 id="panel-rect">整改落实</h2>
      <div className="dash-stats">
        <Stat label="本期签发事项" value={t.issued} to={lists.items(data.org.id)} />
        <Stat label="销号率" value={pct(t.verifiedRate)} />
        <Stat label="已逾期" value={t.overdue} to={lists.items(data.org.id, "overdue")} tone="warn" />
        <Stat label="逾期率（未销号中）" value={pct(t.overdueRate)} />
        <Stat
          label="核验用时中位数"
          value={t.medianDaysToVerify === null ? "—" : `${t.medianDaysToVerify}天`}
        />
      </div>
      <ChartFigure
        id="chart-rect"
        title="签发、销号与逾期（按下级组织，项）"
        summary={`合计：签发${t.issued}项，销号${t.verified}项，逾期${t.overdue}项`}
        chart={
          <Bars
            rows={rows}
            series={[
              { key: "issued", label: "签发", color: COLORS.blue },
              { key: "verified", label: "已销号", color: COLORS.green },
              { key: "overdue", label: "已逾期", color: COLORS.red },
            ]}
          />
        }
        open
        table={
          <OrgTable
            data={data}
            testId="table-rectification"
            head={["签发", "已销号", "销号率", "未销号", "已逾期", "逾期率", "核验用时中位数（天）"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                <N key="i" value={f.rectification.issued} to={org && lists.items(org)} />,
                f.rectification.verified,
                pct(f.rectification.verifiedRate),
                <N key="o" value={f.rectification.open} to={org && lists.items(org, "open")} />,
                <N
                  key="d"
                  value={f.rectification.overdue}
                  to={org && lists.items(org, "overdue")}
                  label={`${row?.name ?? "合计"}已逾期事项 ${f.rectification.overdue} 项`}
                />,
                pct(f.rectification.overdueRate),
                f.rectification.medianDaysToVerify ?? "—",
              ];
            }}
          />
        }
      />
      <ChartFigure
        id="chart-rect-month"
        title="签发与销号（按月，项）"
        summary={t.byMonth.map((m) => `${m.month}：签发${m.issued}，销号${m.verified}`).join("；")}
        chart={
          <Lines
            rows={t.byMonth.map((m) => ({ label: m.month, issued: m.issued, verified: m.verified }))}
            series={[
              { key: "issued", label: "签发", color: COLORS.blue },
              { key: "verified", label: "销号", color: COLORS.green },
            ]}
          />
        }
        table={
          <table className="dash-table">
            <thead>
              <tr>
                <th scope="col">月份</th>
                <th scope="col">签发</th>
                <th scope="col">销号</th>
              </tr>
            </thead>
            <tbody>
              {t.byMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td>{m.issued}</td>
                  <td>{m.verified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

function Bargaining({ data }: { data: Data }) {
  const t = data.total.bargaining;
  // Each bar opens the cases it counts: offered in the period, reached its step.
  const funnel: ChartRow[] = t.funnel.map((s) => ({
    label: data.labels.funnel[s.step],
    href: lists.pipeline(data.org.id, { step: s.step, period: data.period.key }),
    count: s.count,
  }));
  const stages: ChartRow[] = Object.entries(data.labels.stages).map(([stage, label]) => ({
    label,
    href: lists.pipeline(data.org.id, { stage }),
    count: t.stages[stage] ?? 0,
  }));
  return (
    <section className="dash-panel" aria-labelledby="panel-bargaining">
      <h2 id="panel-bargaining">集体协商</h2>
      <div className="dash-stats">
        <Stat
          label="要约阶段逾期"
          value={t.overdueResponses}
          to={lists.pipeline(data.org.id, { stage: "offer", overdue: "1" })}
          tone="warn"
        />
        <Stat label="90天内到期合同" value={t.expiring} to={lists.pipeline(data.org.id, { expiring: "1" })} />
      </div>
      <ChartFigure
        id="chart-funnel"
        title={`协商进程（${data.period.label}发出要约的案件，件）`}
        summary={funnel.map((s) => `${s.label}${s.count}件`).join("，")}
        chart={
          <Bars rows={funnel} series={[{ key: "count", label: "案件", color: COLORS.blue }]} horizontal />
        }
        table={
          <table className="dash-table" data-testid="table-funnel">
            <thead>
              <tr>
                <th scope="col">环节</th>
                <th scope="col">案件数</th>
              </tr>
            </thead>
            <tbody>
              {funnel.map((s) => (
                <tr key={s.label}>
                  <th scope="row">{s.label}</th>
                  <td>
                    <N value={s.count} to={s.href} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <ChartFigure
        id="chart-stages"
        title="当前阶段（全部案件，件）"
        summary={stages.map((s) => `${s.label}${s.count}件`).join("，")}
        chart={
          <Bars rows={stages} series={[{ key: "count", label: "案件", color: COLORS.teal }]} height={200} />
        }
        open
        table={
          <OrgTable
            data={data}
            testId="table-bargaining"
            head={["发出要约", "合同生效", "要约阶段逾期", "90天内到期"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                f.bargaining.funnel[0].count,
                f.bargaining.funnel[5].count,
                <N
                  key="o"
                  value={f.bargaining.overdueResponses}
                  to={org && lists.pipeline(org, { stage: "offer", overdue: "1" })}
                />,
                <N
                  key="x"
                  value={f.bargaining.expiring}
                  to={org && lists.pipeline(org, { expiring: "1" })}
                />,
              ];
            }}
          />
        }
      />
    </section>
  );
}

function Cultivation({ data }: { data: Data }) {
  const year = data.today.slice(0, 4);
  const rows: ChartRow[] = data.rows.map((r) => ({
    label: short(r.name),
    href: r.own ? null : lists.plans(r.id, year),
    due: r.figures.cultivation.milestonesDue,
    done: r.figures.cultivation.milestonesDone,
  }));
  const t = data.total.cultivation;
  return (
    <section className="dash-panel" aria-labelledby="panel-cultivation">
      <h2 id="panel-cultivation">培育助推</h2>
      <div className="dash-stats">
        <Stat label="本年培育计划" value={t.plans} to={lists.plans(data.org.id, year)} />
        <Stat label="已验收" value={t.signedOff} />
        <Stat label="节点完成" value={`${t.milestonesDone}/${t.milestonesDue}`} />
        <Stat label="培训参训率" value={pct(t.attendanceRate)} to={lists.trainings(data.org.id, data)} />
      </div>
      <ChartFigure
        id="chart-milestones"
        title="到期节点与已完成节点（按下级组织，个）"
        summary={`合计：到期${t.milestonesDue}个，完成${t.milestonesDone}个`}
        chart={
          <Bars
            rows={rows}
            series={[
              { key: "due", label: "到期节点", color: COLORS.grey },
              { key: "done", label: "已完成", color: COLORS.green },
            ]}
          />
        }
        open
        table={
          <OrgTable
            data={data}
            testId="table-cultivation"
            head={["培育计划", "已验收", "到期节点", "已完成", "培训场次", "受邀企业", "参训企业", "参训率"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                <N key="p" value={f.cultivation.plans} to={org && lists.plans(org, year)} />,
                f.cultivation.signedOff,
                f.cultivation.milestonesDue,
                f.cultivation.milestonesDone,
                <N key="t" value={f.cultivation.trainings} to={org && lists.trainings(org, data)} />,
                f.cultivation.invited,
                f.cultivation.attendedEnterprises,
                <N
                  key="r"
                  value={pct(f.cultivation.attendanceRate)}
                  to={org && lists.trainings(org, data)}
                />,
              ];
            }}
          />
        }
      />
    </section>
  );
}

const figureText = (f: { value: number | null; n: number }) =>
  f.value === null ? `样本不足（${f.n}）` : `${f.value}%`;

function Quality({ data }: { data: Data }) {
  const t = data.total.quality;
  const rows: ChartRow[] = [
    { label: "参与率", value: t.participation.value },
    { label: "知晓率", value: t.awareness.value },
    { label: "满意率", value: t.satisfaction.value },
    { label: "认可率", value: t.recognition.value },
  ].map((r) => ({ ...r, href: lists.surveys(data.org.id, data) }));
  return (
    <section className="dash-panel" aria-labelledby="panel-quality">
      <h2 id="panel-quality">协商质量评价</h2>
      <ChartFigure
        id="chart-quality"
        title="参与率、知晓率、满意率、认可率（%，样本不足5份不显示）"
        summary={`参与率${figureText(t.participation)}，知晓率${figureText(t.awareness)}，满意率${figureText(t.satisfaction)}，认可率${figureText(t.recognition)}`}
        chart={
          <Bars
            rows={rows}
            unit="%"
            series={[{ key: "value", label: "比率", color: COLORS.blue }]}
            height={200}
          />
        }
        open
        table={
          <OrgTable
            data={data}
            testId="table-quality"
            head={["参与率", "知晓率", "满意率", "认可率"]}
            cells={(f, row) => {
              const org = orgOf(data, row);
              return [
                figureText(f.quality.participation),
                figureText(f.quality.awareness),
                figureText(f.quality.satisfaction),
                figureText(f.quality.recognition),
              ].map((text, i) => <N key={i} value={text} to={org && lists.surveys(org, data)} />);
            }}
          />
        }
      />
      <p className="hint">职工问卷匿名填写；任一组织样本不足5份时不显示其比率，以免推知个人答卷。</p>
    </section>
  );
}

function Stat(props: { label: string; value: ReactNode; to?: string; tone?: "warn" }) {
  return (
    <div className={`stat${props.tone === "warn" ? " warn" : ""}`}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">
        <N value={props.value} to={props.to} label={`${props.label}：${String(props.value)}`} />
      </div>
    </div>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const exportHref = `/dashboard/export.xlsx?${q({ org: data.org.id, period: data.period.key })}`;
  return (
    <div className="dashboard">
      <div className="dash-head">
        <h1>数据看板 · {data.org.name}</h1>
        <p className="hint">
          {data.period.label}（{data.period.from} 至 {data.period.to}）；逾期、到期与覆盖按今天（{data.today}
          ）计。
        </p>
        <Form method="get" className="dash-filters">
          <label>
            工会组织
            <select name="org" defaultValue={data.org.id}>
              {data.orgOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {"　".repeat(o.depth)}
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            统计期间
            <select name="period" defaultValue={data.period.key}>
              {data.periods.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">查看</button>
          <a className="button secondary" href={exportHref} download>
            导出 Excel
          </a>
          <button type="button" className="secondary" onClick={() => window.print()}>
            打印
          </button>
        </Form>
      </div>
      {/* Panel groups: each prints on one A4 page. */}
      <div className="dash-group">
        <Coverage data={data} />
        <Risk data={data} />
      </div>
      <div className="dash-group">
        <RiskDetail data={data} />
      </div>
      <div className="dash-group">
        <Rectification data={data} />
      </div>
      <div className="dash-group">
        <Bargaining data={data} />
      </div>
      <div className="dash-group">
        <Cultivation data={data} />
        <Quality data={data} />
      </div>
    </div>
  );
}
