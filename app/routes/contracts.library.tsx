import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { DoneNotice, useActionNotice } from "~/components/form-bits";
import { TemplateErrors } from "~/components/template-errors";
import { JsonImportForm } from "~/components/versioning/import-form";
import { ExportJsonLink, PublishForm, VersionTable } from "~/components/versioning/version-table";
import { TEMPLATE_JSON_MAX_BYTES } from "~/domain/health-check/template-json";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import {
  importLibraryText,
  libraryDetail,
  libraryVersions,
  publishLibrary,
} from "~/services/contracts/library.server";
import { attempt, parseForm } from "~/lib/http.server";
import { uploadedJsonText } from "~/lib/json-upload.server";

export const meta: MetaFunction = () => [{ title: "集体合同条款库 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const versions = await libraryVersions(user);
  const wanted = new URL(request.url).searchParams.get("id");
  const shown =
    versions.find((v) => v.id === wanted) ?? versions.find((v) => v.status === "published") ?? versions[0];
  return { versions, detail: shown ? await libraryDetail(user, shown.id) : null };
}

const LibraryAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("import"),
    file: z.instanceof(File).optional(),
    json: z.string().default(""),
  }),
  z.object({ intent: z.literal("publish"), id: z.string().min(1).max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request, { maxFileBytes: TEMPLATE_JSON_MAX_BYTES });
  return attempt(async () => {
    const input = parseForm(form, LibraryAction);
    if (input.intent === "import") {
      const created = await importLibraryText(user, await uploadedJsonText(input.file, input.json));
      return {
        ok: true as const,
        message: `已导入为“${created.title}”（${created.key}）的草稿 v${created.version}，检查无误后即可发布`,
      };
    }
    const { published, archived } = await publishLibrary(user, input.id);
    const old = archived.length ? `，原发布版本 ${archived.map((v) => `v${v}`).join("、")} 已归档` : "";
    return {
      ok: true as const,
      message: `已发布“${published.title}” v${published.version}${old}；此后生成的草案使用新版本`,
    };
  });
}

export default function ContractLibrary() {
  const { versions, detail } = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
  return (
    <div className="library-page">
      <h1>集体合同条款库</h1>
      <p className="hint">
        范本条款覆盖《集体合同规定》第八条的各项议题和工资、女职工权益保护、劳动安全卫生专项集体合同，每条注明应遵守的法定标准。生成合同草案时使用最新发布的版本；已生成的草案保留其版本。
      </p>
      <TemplateErrors failure={failure} />
      <DoneNotice done={done} />
      <div className="card">
        <h2>版本</h2>
        <VersionTable
          testId="library-versions"
          versions={versions}
          name={(v) => (
            <Link to={`?id=${v.id}`}>
              {v.key} v{v.version}
            </Link>
          )}
          actions={(v) => (
            <>
              <ExportJsonLink href={`/contracts/library/${v.id}.json`} />
              {v.status === "draft" ? <PublishForm id={v.id} busy={busy} /> : null}
            </>
          )}
        />
      </div>
      {detail ? (
        <div className="card" data-testid="library-detail">
          <h2>
            {detail.title} v{detail.version}
          </h2>
          {detail.description ? <p className="hint">{detail.description}</p> : null}
          {detail.kinds.map((k) => (
            <details key={k.kind}>
              <summary>
                {k.label}（{k.chapters.length}章）
              </summary>
              <ol>
                {k.chapters.map((c) => (
                  <li key={c.key}>
                    {c.title}：{c.clauses.length}条范本条款
                  </li>
                ))}
              </ol>
            </details>
          ))}
          <h3>范本条款（{detail.clauses.length}条）</h3>
          <ul className="clause-templates">
            {detail.clauses.map((c) => (
              <li key={c.key}>
                <strong>{c.title}</strong> <code>{c.key}</code>
                <p>{c.text}</p>
                {c.parameters.length ? (
                  <p className="hint">
                    参数：
                    {c.parameters
                      .map(
                        (p) =>
                          `${p.label}（默认 ${p.default}${p.unit}${p.legalLimit ? "，受法定标准约束" : ""}）`,
                      )
                      .join("；")}
                  </p>
                ) : null}
                <p className="hint">法定标准：{c.legalNote}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="card" id="import">
        <h2>导入条款库</h2>
        <p className="hint">
          上传 .json 文件或粘贴 JSON（格式同“导出
          JSON”）。系统逐项检查，发现问题时列出每处错误的位置，不保存任何内容；检查通过后成为该条款库的下一个草稿版本，发布后生效。
        </p>
        <JsonImportForm idPrefix="library" busy={busy} />
      </div>
    </div>
  );
}
