import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { ConfirmButton, failureOf, InlineError } from "~/components/form-bits";
import { formatAnswer } from "~/components/questionnaire/answer-input";
import { EvidenceFiles } from "~/components/questionnaire/evidence-files";
import { findingsByQuestion } from "~/domain/health-check/review-findings";
import { scoreAssessment } from "~/domain/health-check/scoring";
import {
  acceptAssessment,
  assessmentForm,
  evidenceList,
  returnAssessment,
} from "~/services/health-check/assessments.server";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, forbidden, isFailure, parseForm } from "~/lib/http.server";
import { can } from "~/domain/policy";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  if (!can(user, "assessment:review", form.resource)) throw forbidden("只有负责该企业的工会指导员可以审核");
  const dims = form.template.dimensions.slice().sort((a, b) => a.order - b.order);
  // The remarks of the last return stay on the assessment until it is accepted: shown on a re-review.
  const remarks = new Map(form.assessment.remarks.map((r) => [r.questionId, r.text]));
  // The findings the answers lead to, as the scores will say on acceptance: marked beside each answer.
  const marks = findingsByQuestion(scoreAssessment(form.template, form.answers, form.profile).findings);
  // An evidence question's files, or the files attached to another answer, listed beside the answer.
  const evidence = new Map((await evidenceList(form.assessment)).map((e) => [e.questionId, e.files]));
  return {
    id: String(form.assessment._id),
    version: form.assessment.version,
    status: form.assessment.status,
    remarks: form.assessment.remarks.map((r) => ({ questionId: r.questionId, text: r.text })),
    sections: dims.map((d) => ({
      id: d.id,
      title: d.title,
      questions: form.visible
        .filter((q) => q.dimensionId === d.id)
        .map((q) => {
          const value = form.answers[q.id];
          return {
            id: q.id,
            text: q.text,
            answer: formatAnswer(q, value),
            evidence: q.type === "evidence",
            files: evidence.get(q.id) ?? [],
            previousRemark: remarks.get(q.id) ?? null,
            findings: marks.get(q.id) ?? [],
          };
        }),
    })),
  };
}

const version = z.coerce.number().int().nonnegative();
const ReviewAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), version }),
  z.object({
    intent: z.literal("return"),
    version,
    note: z.string().max(10_000, "总体意见过长").default(""),
  }),
]);
const REMARK = "remark:";
const SEVERITY_BADGE = { H: "danger", M: "warn", L: "" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  const result = await attempt(async () => {
    const input = parseForm(form, ReviewAction);
    if (input.intent === "accept") {
      await acceptAssessment(user, id, input.version);
      return `/assessments/${id}/scores`;
    }
    // One remark per question, named remark:<question id>; the service checks each against the template.
    const remarks = [...form.entries()]
      .filter(([key, text]) => key.startsWith(REMARK) && typeof text === "string")
      .map(([key, text]) => ({ questionId: key.slice(REMARK.length), text: String(text) }));
    await returnAssessment(user, id, input.version, remarks, input.note);
    return `/assessments/${id}/review`;
  });
  if (isFailure(result)) return result;
  return redirect(result);
}

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const [onlyFindings, setOnlyFindings] = useState(false);
  if (data.status === "returned") {
    return (
      <div className="card" data-testid="review-returned">
        <div className="notice">已退回企业修改，企业重新提交后可再次审核。</div>
        {data.remarks.length ? (
          <>
            <h3>本次批注（{data.remarks.length} 条）</h3>
            <ul>
              {data.remarks.map((r) => (
                <li key={r.questionId}>
                  <span className="question-id">{r.questionId}</span>
                  {r.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    );
  }
  if (data.status === "accepted") {
    return (
      <div className="card">
        <p>该体检已审核通过。</p>
        <Link to={`/assessments/${data.id}/scores`}>查看评分结果</Link>
      </div>
    );
  }
  if (data.status !== "submitted") {
    return <div className="card hint">企业尚未提交，提交后可在此审核。</div>;
  }
  const findingCount = data.sections.reduce(
    (n, s) => n + s.questions.filter((q) => q.findings.length).length,
    0,
  );
  return (
    <AuthForm method="post" className="card">
      <h2>审核</h2>
      <input type="hidden" name="version" value={data.version} />
      <p className="hint">对需要企业修改的问题填写批注后点击“退回修改”；全部无误则点击“审核通过”。</p>
      <div className="review-filter">
        <label>
          <input
            type="checkbox"
            checked={onlyFindings}
            onChange={(e) => setOnlyFindings(e.currentTarget.checked)}
            data-testid="only-findings"
          />{" "}
          只看产生问题的答案（{findingCount} 题）
        </label>
        <span className="hint">
          按当前答案计算，标出的风险等级即审核通过后报告中的问题。其余答案仍随表单提交，批注不会丢失。
        </span>
      </div>
      {data.sections.map((s) =>
        s.questions.length ? (
          <section key={s.id} hidden={onlyFindings && !s.questions.some((q) => q.findings.length)}>
            <h3>{s.title}</h3>
            <table className="review-table">
              <thead>
                <tr>
                  <th style={{ width: "45%" }}>问题</th>
                  <th style={{ width: "20%" }}>企业填报</th>
                  <th>批注（需企业修改时填写）</th>
                </tr>
              </thead>
              <tbody>
                {s.questions.map((q) => (
                  <tr
                    key={q.id}
                    data-question={q.id}
                    data-finding={q.findings[0]?.severity}
                    className={
                      q.findings.length ? `review-finding severity-${q.findings[0].severity}` : undefined
                    }
                    // Hidden, not removed: a remark typed before filtering is still sent.
                    hidden={onlyFindings && q.findings.length === 0}
                  >
                    <td>
                      <span className="question-id">{q.id}</span>
                      {q.text}
                      {q.findings.map((f) => (
                        <div key={f.ruleId} className="review-finding-note" data-testid={`finding-${q.id}`}>
                          <span className={`badge ${f.signal ? "" : SEVERITY_BADGE[f.severity]}`}>
                            {f.label}
                          </span>{" "}
                          {f.title}
                        </div>
                      ))}
                    </td>
                    <td>
                      {q.evidence ? (
                        <div data-testid={`answer-${q.id}`}>
                          {q.files.length ? (
                            <EvidenceFiles assessmentId={data.id} files={q.files} />
                          ) : (
                            q.answer
                          )}
                        </div>
                      ) : (
                        <>
                          <div data-testid={`answer-${q.id}`}>{q.answer}</div>
                          {q.files.length ? (
                            <div className="review-attachments" data-testid={`files-${q.id}`}>
                              <span className="hint">附件：</span>
                              <EvidenceFiles assessmentId={data.id} files={q.files} />
                            </div>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td>
                      <textarea
                        name={`remark:${q.id}`}
                        placeholder="批注（可选）"
                        aria-label={`${q.id} 批注`}
                        maxLength={500}
                        rows={1}
                      />
                      {q.previousRemark ? (
                        <div className="hint" data-testid={`previous-remark-${q.id}`}>
                          上次批注：{q.previousRemark}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null,
      )}
      <div className="field" style={{ marginTop: 16 }}>
        <label htmlFor="note">总体意见</label>
        <textarea id="note" name="note" rows={2} maxLength={1000} />
      </div>
      <div className="toolbar" data-testid="review-actions">
        <button type="submit" name="intent" value="return" className="secondary">
          退回修改
        </button>
        <ConfirmButton
          label="审核通过"
          confirmLabel="确认通过"
          question="审核通过后企业不能再修改答案，确认？"
          name="intent"
          value="accept"
        />
      </div>
      {/* Beside the buttons, where the instructor is at the end of a long page, and focused. */}
      <InlineError failure={failure} testId="review-error" />
    </AuthForm>
  );
}
