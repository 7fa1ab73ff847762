import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { MILESTONE_KIND_LABELS, STAGE_LABELS } from "~/domain/cultivation/plan-template";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { planTemplateVersions, publishPlanTemplate } from "~/services/cultivation/plan-templates.server";
import { attempt, parseForm } from "~/lib/http.server";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "培育方案模板 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { versions: await planTemplateVersions(user) };
}

const PublishSchema = z.object({
  json: z.string({ error: "请粘贴模板 JSON" }).min(2, "请粘贴模板 JSON").max(100_000, "模板过大"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const published = await publishPlanTemplate(
      user,
      parseForm(form, PublishSchema, { firstProblemAsMessage: true }).json,
    );
    return { ok: true as const, message: `已发布第 ${published.version} 版；此后制定的计划使用新版本` };
  });
}

export default function PlanTemplates() {
  const { versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const busy = useNavigation().state !== "idle";
  const latest = versions[0];
  return (
    <div className="cultivation">
      <h1>培育方案模板</h1>
      <p className="hint">
        模板规定培育事项、所属阶段和距计划开始的天数。已制定的计划保留其制定时的版本，发布新版本只影响此后制定的计划。
      </p>
      <FormError failure={failure} />
      {result && result.ok && !busy ? (
        <div className="notice" role="status">
          {result.message}
        </div>
      ) : null}
      {latest ? (
        <div className="card">
          <h2>
            当前版本：{latest.title}（第 {latest.version} 版，{latest.publishedByName}）
          </h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>阶段</th>
                  <th>事项</th>
                  <th>完成方式</th>
                  <th>开始后天数</th>
                </tr>
              </thead>
              <tbody>
                {latest.content.milestones.map((m) => (
                  <tr key={m.key}>
                    <td>{STAGE_LABELS[m.stage]}</td>
                    <td>
                      {m.title}
                      <div className="hint">{m.description}</div>
                    </td>
                    <td>{MILESTONE_KIND_LABELS[m.kind]}</td>
                    <td>{m.offsetDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <AuthForm method="post">
            <div className="field">
              <label htmlFor="json">发布新版本（JSON）</label>
              <textarea
                id="json"
                name="json"
                rows={16}
                className="survey-links"
                defaultValue={JSON.stringify(latest.content, null, 2)}
              />
            </div>
            <button type="submit" disabled={busy}>
              发布新版本
            </button>
          </AuthForm>
        </div>
      ) : null}
    </div>
  );
}
