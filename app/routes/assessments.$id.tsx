import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { isAnswered } from "~/domain/health-check/conditions";
import { ASSESSMENT_STATUS_LABELS } from "~/domain/health-check/status";
import { can } from "~/domain/policy";
import { assessmentForm } from "~/services/health-check/assessments.server";
import { requireUser } from "~/services/accounts/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.enterpriseName ?? ""} 法律体检 · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  const visibleIds = new Set(form.visible.map((q) => q.id));
  const answered = form.visible.filter((q) => isAnswered(form.answers[q.id])).length;
  return {
    id: String(form.assessment._id),
    enterpriseId: String(form.enterprise._id),
    enterpriseName: form.enterprise.name,
    status: form.assessment.status,
    statusLabel: ASSESSMENT_STATUS_LABELS[form.assessment.status],
    dueOn: form.assessment.dueOn,
    templateTitle: `${form.templateTitle}（第 ${form.assessment.templateVersion} 版）`,
    progress: { answered, total: visibleIds.size },
    dimensions: form.template.dimensions
      .slice()
      .sort((a, b) => a.order - b.order)
      .map((d) => ({
        id: d.id,
        title: d.title,
        visible: form.visible.filter((q) => q.dimensionId === d.id).length,
        answered: form.visible.filter((q) => q.dimensionId === d.id && isAnswered(form.answers[q.id])).length,
        remarks: form.assessment.remarks.filter(
          (r) => form.template.questions.find((q) => q.id === r.questionId)?.dimensionId === d.id,
        ).length,
      })),
    canFill: form.canFill,
    canReview: can(user, "assessment:review", form.resource) && form.assessment.status === "submitted",
    accepted: form.assessment.status === "accepted",
    returnNote: form.assessment.status === "returned" ? (form.assessment.returnNote ?? "") : "",
  };
}

export default function AssessmentLayout() {
  const data = useLoaderData<typeof loader>();
  const percent = data.progress.total ? Math.round((data.progress.answered / data.progress.total) * 100) : 0;
  return (
    <div>
      <p className="hint">
        <Link to={`/enterprises/${data.enterpriseId}/health-checks`}>{data.enterpriseName}</Link> › 法律体检 ·{" "}
        {data.templateTitle}
      </p>
      <h1>
        法律体检{" "}
        <span className="badge" data-testid="assessment-status">
          {data.statusLabel}
        </span>
      </h1>
      <p className="hint">截止日期：{data.dueOn}</p>
      {data.returnNote ? <div className="remark">指导员退回意见：{data.returnNote}</div> : null}
      <div className="card">
        <div style={{ display: "flex", justifyContent: "space-between" }}>
          <span>
            填写进度：
            <strong data-testid="progress">
              {data.progress.answered}/{data.progress.total}
            </strong>
          </span>
          <span>{percent}%</span>
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="填写进度"
          aria-valuenow={percent}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div style={{ width: `${percent}%` }} />
        </div>
        <nav className="dimension-nav" aria-label="维度">
          {data.dimensions.map((d, i) => (
            <NavLink
              key={d.id}
              to={`d/${d.id}`}
              className={({ isActive }) => (isActive ? "active" : "")}
              prefetch="intent"
            >
              {i + 1}. {d.title}
              {d.visible ? (
                <span
                  className={`count${d.answered === d.visible ? " done" : ""}`}
                  title={`已答 ${d.answered} 题，共 ${d.visible} 题`}
                >
                  {d.answered}/{d.visible}
                </span>
              ) : (
                <span className="count">不适用</span>
              )}
              {d.remarks ? <span className="badge warn">批注 {d.remarks}</span> : null}
            </NavLink>
          ))}
          <NavLink to="summary" className={({ isActive }) => (isActive ? "active" : "")}>
            汇总与提交
          </NavLink>
          {data.canReview ? (
            <NavLink to="review" className={({ isActive }) => (isActive ? "active" : "")}>
              审核
            </NavLink>
          ) : null}
          {data.accepted ? (
            <NavLink to="scores" className={({ isActive }) => (isActive ? "active" : "")}>
              评分结果
            </NavLink>
          ) : null}
          {data.accepted ? (
            <NavLink to="report" className={({ isActive }) => (isActive ? "active" : "")}>
              体检报告
            </NavLink>
          ) : null}
          {data.accepted ? (
            <NavLink to="prescription" className={({ isActive }) => (isActive ? "active" : "")}>
              法律处方
            </NavLink>
          ) : null}
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
