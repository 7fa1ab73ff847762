import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { formatAnswer } from "~/components/questionnaire/answer-input";
import { acceptAssessment, assessmentForm, returnAssessment } from "~/services/assessments.server";
import { requireActionUser, requireUser } from "~/services/auth.server";
import { attempt, forbidden } from "~/services/http.server";
import { can } from "~/domain/policy";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  if (!can(user, "assessment:review", form.resource)) throw forbidden("只有负责该企业的工会指导员可以审核");
  const dims = form.template.dimensions.slice().sort((a, b) => a.order - b.order);
  return {
    id: String(form.assessment._id),
    version: form.assessment.version,
    status: form.assessment.status,
    sections: dims.map((d) => ({
      id: d.id,
      title: d.title,
      questions: form.visible
        .filter((q) => q.dimensionId === d.id)
        .map((q) => ({ id: q.id, text: q.text, answer: formatAnswer(q, form.answers[q.id]) })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form);
  const version = Number(form.get("version"));
  const result = await attempt(async () => {
    if (form.get("intent") === "accept") return acceptAssessment(user, params.id ?? "", version);
    const remarks = [...form.entries()]
      .filter(([key]) => key.startsWith("remark:"))
      .map(([key, text]) => ({ questionId: key.slice("remark:".length), text: String(text) }));
    return returnAssessment(user, params.id ?? "", version, remarks, String(form.get("note") ?? ""));
  });
  if (failureOf(result)) return result;
  return redirect(
    form.get("intent") === "accept" ? `/assessments/${params.id}/scores` : `/assessments/${params.id}/review`,
  );
}

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  if (data.status !== "submitted") {
    return <div className="card hint">当前没有待审核的内容。</div>;
  }
  return (
    <AuthForm method="post" className="card">
      <h2>审核</h2>
      <FormError failure={failure} />
      <input type="hidden" name="version" value={data.version} />
      <p className="hint">对需要企业修改的问题填写批注后点击“退回修改”；全部无误则点击“审核通过”。</p>
      {data.sections.map((s) =>
        s.questions.length ? (
          <section key={s.id}>
            <h3>{s.title}</h3>
            <table>
              <tbody>
                {s.questions.map((q) => (
                  <tr key={q.id} data-question={q.id}>
                    <td style={{ width: "45%" }}>
                      <span className="question-id">{q.id}</span>
                      {q.text}
                    </td>
                    <td style={{ width: "20%" }}>{q.answer}</td>
                    <td>
                      <input
                        name={`remark:${q.id}`}
                        placeholder="批注（可选）"
                        aria-label={`${q.id} 批注`}
                        maxLength={500}
                      />
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
      <div style={{ display: "flex", gap: 8 }}>
        <button type="submit" name="intent" value="return" className="secondary">
          退回修改
        </button>
        <button type="submit" name="intent" value="accept">
          审核通过
        </button>
      </div>
    </AuthForm>
  );
}
