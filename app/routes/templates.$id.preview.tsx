import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QuestionnairePreview } from "~/components/questionnaire-preview/questionnaire-preview";
import { VersionStatusBadge } from "~/components/versioning/status-badge";
import { requireUser } from "~/services/accounts/auth.server";
import { templatePreview } from "~/services/health-check/templates.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `预览：${data.template.title} v${data.version} · 工会协商通` : "问卷预览 · 工会协商通" },
];

/** Sends the template and only the article texts its questions cite (not the whole statute library). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return templatePreview(user, params.id!);
}

export default function TemplatePreviewPage() {
  const { id, key, version, status, template, statutes } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="hint">
        <Link to="/templates">问卷模板</Link> /{" "}
        <Link to={`/templates/${id}`}>
          {key} v{version}
        </Link>{" "}
        / 预览
      </p>
      <h1>
        {template.title} <span className="hint">v{version}</span> <VersionStatusBadge status={status} />
      </h1>
      <div className="notice qp-banner">
        预览模式：以下为企业人力资源负责人填写问卷时看到的页面，回答不会保存。
      </div>
      {template.description ? <p className="qp-description">{template.description}</p> : null}
      <QuestionnairePreview template={template} statutes={statutes} />
    </div>
  );
}
