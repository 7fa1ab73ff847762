import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { formatFigure } from "~/domain/cultivation/survey-figures";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { closeSurvey, surveyPage } from "~/services/cultivation/surveys.server";
import { attempt, parseForm } from "~/lib/http.server";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.survey.title ?? "问卷"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return surveyPage(user, params.id ?? "", new URL(request.url).origin);
}

const CloseSchema = z.object({ intent: z.literal("close"), version: z.coerce.number().int().nonnegative() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const input = parseForm(form, CloseSchema, { firstProblemAsMessage: true });
    await closeSurvey(user, params.id ?? "", input.version);
    return { ok: true as const, message: "问卷已结束" };
  });
}

export default function SurveyPage() {
  const { survey, employerLink, employeeLinks, responses, figures } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  return (
    <div className="cultivation">
      <p className="hint">
        <Link to="/surveys">质量调查</Link> ›{" "}
        <Link to={`/enterprises/${survey.enterpriseId}`}>{survey.enterpriseName}</Link>
      </p>
      <h1>{survey.title}</h1>
      <FormError failure={failure} />
      <div className="card">
        <dl className="facts">
          <dt>状态</dt>
          <dd>
            {survey.status === "open" ? "进行中" : "已结束"}（{survey.openedOn} 发起）
          </dd>
          <dt>作答</dt>
          <dd data-testid="survey-responses">
            职工 {responses.employees} 份，企业方 {responses.employers} 份
          </dd>
          <dt>指标</dt>
          <dd>
            参与率 {formatFigure(figures.participation)} · 知晓率 {formatFigure(figures.awareness)} · 满意率{" "}
            {formatFigure(figures.satisfaction)} · 认可率 {formatFigure(figures.recognition)}
          </dd>
        </dl>
        {survey.status === "open" ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="version" value={survey.version} />
            <button type="submit" className="secondary" disabled={busy}>
              结束问卷
            </button>
          </AuthForm>
        ) : null}
      </div>
      <div className="card">
        <h2>企业方链接（1 个）</h2>
        <p className="survey-links" data-testid="employer-link">
          {employerLink}
        </p>
        <h2>职工链接（{employeeLinks.length} 个，每人一个，匿名作答）</h2>
        <ol className="survey-links" data-testid="employee-links">
          {employeeLinks.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ol>
      </div>
    </div>
  );
}
