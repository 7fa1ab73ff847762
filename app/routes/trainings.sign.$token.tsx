import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { readForm, SMALL_FORM_MAX_BYTES } from "~/lib/form.server";
import { FormError, failureOf } from "~/components/form-bits";
import { SATISFACTION_LABELS } from "~/domain/cultivation/trainings";
import { leaveFeedback, publicTraining, selfSignIn } from "~/services/cultivation/trainings.server";
import { attempt, parseForm, refuseWhenFlooded } from "~/lib/http.server";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `培训签到：${data?.topic ?? ""}` }];

/** The public sign-in page of one session: no account; the link itself is the key. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await refuseWhenFlooded(request);
  return publicTraining(params.token ?? "");
}

const SignAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("sign-in"),
    enterpriseId: z.string({ error: "请选择所在企业" }).min(1, "请选择所在企业"),
    name: z.string({ error: "请填写姓名" }).trim().min(2, "请填写姓名").max(20, "姓名最多 20 个字"),
  }),
  z.object({
    intent: z.literal("feedback"),
    attendanceId: z.string().min(1),
    feedbackKey: z.string().min(1),
    satisfaction: z.coerce
      .number({ error: "请选择满意度" })
      .int()
      .min(1, "请选择满意度")
      .max(5, "请选择满意度"),
    comment: z.string().trim().max(500, "意见最多 500 字").optional(),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  await refuseWhenFlooded(request);
  const token = params.token ?? "";
  return attempt(async () => {
    const input = parseForm(await readForm(request, { maxBytes: SMALL_FORM_MAX_BYTES }), SignAction, {
      firstProblemAsMessage: true,
    });
    if (input.intent === "sign-in") {
      const result = await selfSignIn(token, input.enterpriseId, input.name);
      return { ok: true as const, step: "signed" as const, ...result };
    }
    await leaveFeedback(token, input);
    return { ok: true as const, step: "thanks" as const };
  });
}

export default function SignIn() {
  const t = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const busy = useNavigation().state !== "idle";
  const ok = result && result.ok ? result : null;
  return (
    <div className="cultivation public-page">
      <div className="card">
        <h1>{t.topic}</h1>
        <p className="hint">
          {t.date} {t.time} · {t.mode === "online" ? "云上课堂" : t.place}
        </p>
        {t.mode === "online" && t.onlineLink ? (
          <p>
            <a href={t.onlineLink} target="_blank" rel="noreferrer noopener">
              进入线上课堂
            </a>
          </p>
        ) : null}
        <FormError failure={failure} />
        {ok?.step === "thanks" ? (
          <div className="notice" role="status" data-testid="feedback-thanks">
            感谢您的反馈！
          </div>
        ) : ok?.step === "signed" ? (
          <>
            <div className="notice" role="status" data-testid="signed-in">
              {ok.fresh ? `签到成功：${ok.enterpriseName} ${ok.name}` : `${ok.name}已签到，无需重复签到`}
            </div>
            {ok.feedbackKey ? (
              <Form method="post">
                <input type="hidden" name="intent" value="feedback" />
                <input type="hidden" name="attendanceId" value={ok.attendanceId} />
                <input type="hidden" name="feedbackKey" value={ok.feedbackKey} />
                <fieldset className="field">
                  <legend>您对本次培训的满意度</legend>
                  <div className="rating">
                    {[5, 4, 3, 2, 1].map((n) => (
                      <label key={n} className="choice">
                        <input type="radio" name="satisfaction" value={n} required /> {n}{" "}
                        {SATISFACTION_LABELS[n]}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="field">
                  <label htmlFor="comment">意见和建议（选填）</label>
                  <textarea id="comment" name="comment" rows={3} maxLength={500} />
                </div>
                <button type="submit" disabled={busy}>
                  提交反馈
                </button>
              </Form>
            ) : null}
          </>
        ) : t.refusal ? (
          <p className="form-error">{t.refusal}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="sign-in" />
            <div className="field">
              <label htmlFor="enterpriseId">所在企业</label>
              <select id="enterpriseId" name="enterpriseId" defaultValue="">
                <option value="" disabled>
                  请选择
                </option>
                {t.invited.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
              {failure?.fieldErrors.enterpriseId ? (
                <div className="field-error">{failure.fieldErrors.enterpriseId.join("；")}</div>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="name">姓名</label>
              <input id="name" name="name" maxLength={20} autoComplete="name" />
              {failure?.fieldErrors.name ? (
                <div className="field-error">{failure.fieldErrors.name.join("；")}</div>
              ) : null}
            </div>
            <button type="submit" disabled={busy}>
              签到
            </button>
          </Form>
        )}
        {t.materials.length ? (
          <>
            <h2>培训资料</h2>
            <ul className="evidence-list">
              {t.materials.map((m) => (
                <li key={m.id}>
                  <a href={`/trainings/sign/${t.token}/materials/${m.id}`} download>
                    {m.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
