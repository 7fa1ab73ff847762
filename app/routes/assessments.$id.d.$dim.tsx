import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useMemo, useState } from "react";
import { QuestionBlock } from "~/components/questionnaire/question-block";
import { useFlushOnLeave, useRefreshAfterSaves } from "~/components/questionnaire/use-autosave";
import { visibleQuestions } from "~/domain/health-check/answers";
import { attachmentKey } from "~/domain/health-check/attachments";
import type { Answers, Question } from "~/domain/health-check/types";
import { assessmentForm } from "~/services/health-check/assessments.server";
import { requireUser } from "~/services/accounts/auth.server";
import { notFound } from "~/lib/http.server";
import { legalBasisView } from "~/services/health-check/legal-basis.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  const dims = form.template.dimensions.slice().sort((a, b) => a.order - b.order);
  const index = dims.findIndex((d) => d.id === params.dim);
  if (index === -1) throw notFound("该维度不存在");
  const dimension = dims[index];
  const questions = form.template.questions.filter((q) => q.dimensionId === dimension.id);
  return {
    assessmentId: String(form.assessment._id),
    dimension: { id: dimension.id, title: dimension.title },
    prev: index > 0 ? dims[index - 1].id : null,
    next: index < dims.length - 1 ? dims[index + 1].id : null,
    // Every question (without rules) so visibility is decided in the browser as answers change.
    allQuestions: form.template.questions.map((q) => ({
      id: q.id,
      dimensionId: q.dimensionId,
      visibleWhen: q.visibleWhen,
    })),
    questions: questions.map((q) => ({ ...q, basis: legalBasisView(q.legalBasis, q.citations) })),
    answers: Object.fromEntries([...form.map].map(([id, a]) => [id, { value: a.value, rev: a.rev }])),
    profile: form.profile,
    canFill: form.canFill,
    readOnlyNote: form.canFill ? null : readOnlyNote(form.assessment.status, form.fillsForEnterprise),
    remarks: Object.fromEntries(form.assessment.remarks.map((r) => [r.questionId, r.text])),
  };
}

/** Why the answers on the page cannot be changed, in the words of the person looking at them. */
function readOnlyNote(status: string, fillsForEnterprise: boolean): string {
  if (status === "accepted") return "该体检已审核通过，答案不能再修改。";
  if (status === "submitted") {
    return fillsForEnterprise
      ? "已提交，等待工会指导员审核。审核期间只能查看，不能修改。"
      : "企业已提交，请在“审核”页填写批注或审核通过。";
  }
  return "以下为企业已保存的答案，仅供查看；由企业人力资源负责人填写。";
}

/**
 * Autosave refreshes the assessment layout (progress, counts per dimension) after answers are saved; this
 * page's own data is not needed again then — each question keeps its state — so only navigations and
 * form posts reload it.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === undefined && currentUrl.href === nextUrl.href ? false : defaultShouldRevalidate);

export default function DimensionPage() {
  const data = useLoaderData<typeof loader>();
  const onSaved = useRefreshAfterSaves();
  const registerFlush = useFlushOnLeave();
  const [local, setLocal] = useState<Answers>(() =>
    Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])),
  );

  const visibleIds = useMemo(() => {
    return new Set(visibleQuestions(data.allQuestions as Question[], local, data.profile).map((q) => q.id));
  }, [data.allQuestions, data.profile, local]);

  const shown = data.questions.filter((q) => visibleIds.has(q.id));
  return (
    <div className="card" key={data.dimension.id}>
      <h2>{data.dimension.title}</h2>
      {data.readOnlyNote ? (
        <div className="notice read-only-note" data-testid="read-only-note">
          {data.readOnlyNote}
        </div>
      ) : null}
      {shown.length === 0 ? <p className="hint">根据企业情况，本维度没有需要填写的问题（不适用）。</p> : null}
      {shown.map((q) => (
        <QuestionBlock
          key={q.id}
          question={q as never}
          initial={data.answers[q.id]}
          attached={data.answers[attachmentKey(q.id)]}
          assessmentId={data.assessmentId}
          canFill={data.canFill}
          remark={data.remarks[q.id]}
          onLocalChange={(id, v) => setLocal((prev) => ({ ...prev, [id]: v }))}
          onSaved={onSaved}
          registerFlush={registerFlush}
        />
      ))}
      <div style={{ display: "flex", justifyContent: "space-between", marginTop: 16 }}>
        {data.prev ? (
          <Link className="button secondary" to={`/assessments/${data.assessmentId}/d/${data.prev}`}>
            上一维度
          </Link>
        ) : (
          <span />
        )}
        {data.next ? (
          <Link className="button" to={`/assessments/${data.assessmentId}/d/${data.next}`}>
            下一维度
          </Link>
        ) : (
          <Link className="button" to={`/assessments/${data.assessmentId}/summary`}>
            {data.canFill ? "去汇总并提交" : "查看汇总"}
          </Link>
        )}
      </div>
    </div>
  );
}
