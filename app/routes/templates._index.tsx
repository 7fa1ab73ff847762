import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf } from "~/components/form-bits";
import { TemplateErrors } from "~/components/template-errors";
import { JsonImportForm } from "~/components/versioning/import-form";
import { ExportJsonLink, PublishForm, VersionTable } from "~/components/versioning/version-table";
import { TEMPLATE_JSON_MAX_BYTES } from "~/domain/health-check/template-json";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, parseForm } from "~/lib/http.server";
import { uploadedJsonText } from "~/lib/json-upload.server";
import {
  createDraftFrom,
  importTemplate,
  listTemplates,
  publishTemplate,
} from "~/services/health-check/templates.server";

export const meta: MetaFunction = () => [{ title: "问卷模板 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { families: await listTemplates(user) };
}

const id = z.string().min(1).max(64);
const TemplatesAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("import"),
    // A file input left empty sends an empty file; an empty text box sends nothing.
    file: z.instanceof(File).optional(),
    json: z.string().default(""),
  }),
  z.object({ intent: z.literal("create-draft"), id }),
  z.object({ intent: z.literal("publish"), id }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request, { maxFileBytes: TEMPLATE_JSON_MAX_BYTES });
  const result = await attempt(async () => {
    const input = parseForm(form, TemplatesAction);
    switch (input.intent) {
      case "import": {
        const created = await importTemplate(user, await uploadedJsonText(input.file, input.json));
        return {
          ok: true as const,
          message: `已导入为“${created.title}”（${created.key}）的草稿 v${created.version}，检查无误后即可发布`,
          draftId: created.id,
        };
      }
      case "create-draft":
        return { ok: true as const, redirectTo: `/templates/${(await createDraftFrom(user, input.id)).id}` };
      case "publish": {
        const { published, archived } = await publishTemplate(user, input.id);
        const old = archived.length ? `，原发布版本 ${archived.map((v) => `v${v}`).join("、")} 已归档` : "";
        return { ok: true as const, message: `已发布“${published.title}” v${published.version}${old}` };
      }
    }
  });
  const failure = failureOf(result);
  // Which form the failure belongs to (the import form shows its own); the values were parsed above.
  if (failure) return { ...failure, intent: String(form.get("intent") ?? "") };
  if ("redirectTo" in result && result.redirectTo) return redirect(result.redirectTo);
  return result;
}

export default function Templates() {
  const { families } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const importFailure =
    failure && result && "intent" in result && result.intent === "import" ? failure : undefined;
  const done = result && result.ok && "message" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <h1>问卷模板</h1>
      <p className="hint">
        法律体检问卷按版本管理：草稿可以修改，发布后冻结不再改动；发布新版本时，原发布版本自动归档，已开始的体检仍沿用其开始时的版本。
      </p>
      {importFailure ? null : <TemplateErrors failure={failure} />}
      {done ? (
        <div className="notice">
          {done.message}
          {"draftId" in done && done.draftId ? (
            <>
              {" "}
              <Link to={`/templates/${done.draftId}`}>查看草稿</Link>
            </>
          ) : null}
        </div>
      ) : null}

      {families.map((family) => (
        <div key={family.key} className="card template-card" data-template-key={family.key}>
          <h2 className="template-family-title">
            {family.title} <code className="template-key">{family.key}</code>
          </h2>
          <p className="hint">
            {family.publishedVersion ? `当前发布版本：v${family.publishedVersion}` : "尚无发布版本"} · 共{" "}
            {family.versions.length} 个版本
          </p>
          <VersionTable
            versions={family.versions}
            updated
            name={(v) => <Link to={`/templates/${v.id}`}>v{v.version}</Link>}
            actions={(v) => (
              <>
                <Link className="button secondary" to={`/templates/${v.id}/preview`}>
                  预览
                </Link>
                <Link className="button secondary" to={`/templates/${v.id}`}>
                  {v.status === "draft" ? "编辑" : "查看"}
                </Link>
                <ExportJsonLink href={`/templates/${v.id}/export.json`} />
                <AuthForm method="post" className="inline-form">
                  <input type="hidden" name="intent" value="create-draft" />
                  <input type="hidden" name="id" value={v.id} />
                  <button type="submit" className="secondary" disabled={busy}>
                    新建草稿版本
                  </button>
                </AuthForm>
                {v.status === "draft" ? (
                  <PublishForm
                    id={v.id}
                    busy={busy}
                    confirm={`确定发布 v${v.version} 吗？发布后该版本不能再修改${
                      family.publishedVersion ? `，当前发布的 v${family.publishedVersion} 将被归档` : ""
                    }。`}
                  />
                ) : null}
              </>
            )}
          />
        </div>
      ))}
      {families.length === 0 ? <p className="hint">还没有问卷模板，请在下方导入。</p> : null}

      <div className="card template-card" id="import">
        <h2>导入模板</h2>
        <p className="hint">
          上传 .json 文件或粘贴 JSON 内容（格式同“导出
          JSON”）。系统会逐项检查，发现问题时列出每处错误的位置，不保存任何内容；检查通过后成为草稿：模板编号（key）与已有模板相同时成为该模板的下一个版本，否则成为新模板的
          v1。
        </p>
        <TemplateErrors failure={importFailure} />
        {/* A new key after each successful import empties the form. */}
        <JsonImportForm
          idPrefix="import"
          busy={busy}
          formKey={done && "draftId" in done ? done.draftId : "import"}
        />
      </div>
    </div>
  );
}
