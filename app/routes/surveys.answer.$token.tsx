import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { readForm, SMALL_FORM_MAX_BYTES } from "~/lib/form.server";
import { FormError, failureOf } from "~/components/form-bits";
import { SATISFACTION_LABELS } from "~/domain/cultivation/trainings";
import { answerSurvey, publicSurvey } from "~/services/cultivation/surveys.server";
import { attempt, parseForm, refuseWhenFlooded } from "~/lib/http.server";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "集体协商质量调查" }];

/** The public, anonymous answer page of one survey link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await refuseWhenFlooded(request);
  return publicSurvey(params.token ?? "");
}

const yesNo = z.enum(["yes", "no"], { error: "请选择" }).transform((v) => v === "yes");
const AnswerSchema = z.discriminatedUnion("audience", [
  z.object({
    audience: z.literal("employee"),
    participated: yesNo,
    aware: yesNo,
    satisfaction: z.coerce
      .number({ error: "请选择满意度" })
      .int()
      .min(1, "请选择满意度")
      .max(5, "请选择满意度"),
    comment: z.string().trim().max(300, "意见最多 300 字").optional(),
  }),
  z.object({
    audience: z.literal("employer"),
    recognition: z.enum(["recognise", "partly", "not"], { error: "请选择" }),
    comment: z.string().trim().max(300, "意见最多 300 字").optional(),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  await refuseWhenFlooded(request);
  return attempt(async () => {
    const input = parseForm(await readForm(request, { maxBytes: SMALL_FORM_MAX_BYTES }), AnswerSchema, {
      firstProblemAsMessage: true,
    });
    const { comment, ...answers } = input;
    await answerSurvey(params.token ?? "", answers as never, comment);
    return { ok: true as const };
  });
}

function YesNo({ name, label }: { name: string; label: string }) {
  return (
    <fieldset className="field">
      <legend>{label}</legend>
      <div className="rating">
        <label className="choice">
          <input type="radio" name={name} value="yes" required /> 是
        </label>
        <label className="choice">
          <input type="radio" name={name} value="no" /> 否
        </label>
      </div>
    </fieldset>
  );
}

export default function Answer() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const busy = useNavigation().state !== "idle";
  const done = result && result.ok;
  return (
    <div className="cultivation public-page">
      <div className="card">
        <h1>{s.title}</h1>
        <p className="hint">本问卷匿名填写，不记录姓名；统计结果在作答人数达到 5 人后才显示。</p>
        <FormError failure={failure} />
        {done ? (
          <div className="notice" role="status" data-testid="survey-thanks">
            提交成功，感谢您的参与！
          </div>
        ) : s.used ? (
          <p className="form-error" data-testid="survey-used">
            该链接已提交过问卷，每个链接只能提交一次。
          </p>
        ) : s.closed ? (
          <p className="form-error">问卷已结束，感谢关注。</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="audience" value={s.audience} />
            {s.audience === "employee" ? (
              <>
                <YesNo
                  name="participated"
                  label="1. 您是否参与了本企业的集体协商（提出意见建议、参加讨论或表决）？"
                />
                <YesNo name="aware" label="2. 您是否知晓本企业集体合同的主要内容？" />
                <fieldset className="field">
                  <legend>3. 您对集体合同的签订和履行是否满意？</legend>
                  <div className="rating">
                    {[5, 4, 3, 2, 1].map((n) => (
                      <label key={n} className="choice">
                        <input type="radio" name="satisfaction" value={n} required /> {SATISFACTION_LABELS[n]}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </>
            ) : (
              <fieldset className="field">
                <legend>贵企业是否认可本次集体协商的成效？</legend>
                <div className="rating">
                  <label className="choice">
                    <input type="radio" name="recognition" value="recognise" required /> 认可
                  </label>
                  <label className="choice">
                    <input type="radio" name="recognition" value="partly" /> 基本认可
                  </label>
                  <label className="choice">
                    <input type="radio" name="recognition" value="not" /> 不认可
                  </label>
                </div>
              </fieldset>
            )}
            <div className="field">
              <label htmlFor="comment">意见和建议（选填）</label>
              <textarea id="comment" name="comment" rows={3} maxLength={300} />
            </div>
            <button type="submit" disabled={busy}>
              提交
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
