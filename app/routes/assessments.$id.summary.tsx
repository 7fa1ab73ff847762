import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { ConfirmButton, failureOf, FormError, InlineError } from "~/components/form-bits";
import { assessmentForm, submitAssessment } from "~/services/health-check/assessments.server";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, parseForm } from "~/lib/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  const titleOf = (id: string) => form.template.dimensions.find((d) => d.id === id)?.title ?? id;
  return {
    id: String(form.assessment._id),
    version: form.assessment.version,
    canFill: form.canFill,
    status: form.assessment.status,
    missing: form.missing.map((q) => ({
      id: q.id,
      text: q.text,
      dimensionId: q.dimensionId,
      dimension: titleOf(q.dimensionId),
    })),
    remarks: form.assessment.remarks.map((r) => ({
      ...r,
      dimensionId: form.template.questions.find((q) => q.id === r.questionId)?.dimensionId ?? "",
    })),
  };
}

const SubmitForm = z.object({ version: z.coerce.number().int().nonnegative() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attempt(async () => {
    const { version } = parseForm(form, SubmitForm);
    return submitAssessment(user, params.id ?? "", version);
  });
  if (failureOf(result)) return result;
  return redirect(`/assessments/${params.id}/summary`);
}

export default function Summary() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div className="card">
      <h2>汇总与提交</h2>
      {data.status === "submitted" ? (
        <div className="notice">已提交，等待工会指导员审核。审核期间只能查看，不能修改。</div>
      ) : null}
      {data.status === "accepted" ? <div className="notice">指导员已审核通过。</div> : null}
      {data.status === "returned" && data.remarks.length ? (
        <>
          <h3>指导员批注（请逐条修改）</h3>
          <ul>
            {data.remarks.map((r) => (
              <li key={r.questionId}>
                <Link to={`/assessments/${data.id}/d/${r.dimensionId}`}>{r.questionId}</Link>：{r.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.missing.length ? (
        <>
          <h3>还有 {data.missing.length} 道必答题未填写</h3>
          <ul data-testid="missing-list">
            {data.missing.map((q) => (
              <li key={q.id}>
                <Link to={`/assessments/${data.id}/d/${q.dimensionId}`}>
                  {q.dimension} · {q.id}
                </Link>{" "}
                {q.text}
              </li>
            ))}
          </ul>
        </>
      ) : data.canFill ? (
        <p>所有必答题均已填写。</p>
      ) : null}
      {data.canFill ? (
        <AuthForm method="post">
          <input type="hidden" name="version" value={data.version} />
          <ConfirmButton
            label="提交审核"
            confirmLabel="确认提交"
            question="提交后将不能修改，除非指导员退回。确认提交？"
            disabled={data.missing.length > 0}
          />
          <span className="hint"> 提交后将不能修改，除非指导员退回。</span>
          <InlineError failure={failure} />
        </AuthForm>
      ) : (
        <FormError failure={failure} />
      )}
    </div>
  );
}
