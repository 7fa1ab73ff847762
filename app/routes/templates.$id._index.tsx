import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf } from "~/components/form-bits";
import { TemplateErrors } from "~/components/template-errors";
import { VersionStatusBadge } from "~/components/versioning/status-badge";
import { TEMPLATE_JSON_MAX_BYTES } from "~/domain/health-check/template-json";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, parseForm } from "~/lib/http.server";
import {
  createDraftFrom,
  publishTemplate,
  templateDetail,
  updateDraft,
} from "~/services/health-check/templates.server";
import { formatDateTime } from "~/domain/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} v${data.version} · 问卷模板 · 工会协商通` : "问卷模板 · 工会协商通" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return templateDetail(user, params.id!);
}

const TemplateAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    rev: z.coerce.number().int().nonnegative(),
    json: z.string().default(""),
  }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("create-draft") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  // A draft save posts the whole template JSON.
  const { user, form } = await requireActionForm(request, { maxBytes: TEMPLATE_JSON_MAX_BYTES });
  const id = params.id!;
  const result = await attempt(async () => {
    const input = parseForm(form, TemplateAction);
    switch (input.intent) {
      case "save": {
        const saved = await updateDraft(user, id, input.rev, input.json);
        return { ok: true as const, message: `草稿已保存（第 ${saved.rev} 次修改）` };
      }
      case "publish": {
        const { published, archived } = await publishTemplate(user, id);
        const old = archived.length ? `，原发布版本 ${archived.map((v) => `v${v}`).join("、")} 已归档` : "";
        return { ok: true as const, message: `已发布 v${published.version}${old}；该版本从此冻结` };
      }
      case "create-draft":
        return { ok: true as const, redirectTo: `/templates/${(await createDraftFrom(user, id)).id}` };
    }
  });
  if (!failureOf(result) && "redirectTo" in result && result.redirectTo) return redirect(result.redirectTo);
  return result;
}

export default function TemplateVersionPage() {
  const t = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const done = result && result.ok && "message" in result ? result.message : undefined;
  const busy = useNavigation().state === "submitting";
  const isDraft = t.status === "draft";
  return (
    <div>
      <p className="hint">
        <Link to="/templates">问卷模板</Link> / {t.key}
      </p>
      <h1>
        {t.title} v{t.version} <VersionStatusBadge status={t.status} />
      </h1>
      <div className="toolbar template-toolbar">
        <Link className="button secondary" to={`/templates/${t.id}/preview`}>
          预览
        </Link>
        <a className="button secondary" href={`/templates/${t.id}/export.json`} download>
          导出 JSON
        </a>
        <AuthForm method="post" className="inline-form">
          <input type="hidden" name="intent" value="create-draft" />
          <button type="submit" className="secondary" disabled={busy}>
            新建草稿版本
          </button>
        </AuthForm>
        {isDraft ? (
          <AuthForm
            method="post"
            className="inline-form"
            onSubmit={(e) => {
              if (
                !window.confirm(`确定发布 v${t.version} 吗？发布后该版本不能再修改，当前发布的版本将被归档。`)
              ) {
                e.preventDefault();
              }
            }}
          >
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" disabled={busy}>
              发布
            </button>
          </AuthForm>
        ) : null}
      </div>
      {done ? <div className="notice">{done}</div> : null}
      <TemplateErrors failure={failure} />

      <div className="card">
        <dl className="facts">
          <dt>模板编号</dt>
          <dd>
            <code>{t.key}</code>
          </dd>
          <dt>版本</dt>
          <dd>v{t.version}</dd>
          <dt>状态</dt>
          <dd>
            <VersionStatusBadge status={t.status} />
          </dd>
          <dt>最后修改</dt>
          <dd>{formatDateTime(t.updatedAt)}</dd>
          <dt>发布时间</dt>
          <dd>{formatDateTime(t.publishedAt)}</dd>
          <dt>规模</dt>
          <dd>
            {t.dimensions.length} 个维度 · {t.questionCount} 道题 · {t.ruleCount} 条判定规则
          </dd>
          {t.description ? (
            <>
              <dt>说明</dt>
              <dd>{t.description}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <h2>维度</h2>
      <table>
        <thead>
          <tr>
            <th>编号</th>
            <th>维度</th>
            <th>题目数</th>
            <th>规则数</th>
          </tr>
        </thead>
        <tbody>
          {t.dimensions.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.id}</code>
              </td>
              <td>{d.title}</td>
              <td>{d.questions}</td>
              <td>{d.rules}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>模板 JSON</h2>
      {isDraft ? (
        <AuthForm method="post" className="card">
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="rev" value={t.rev} />
          <p className="hint">
            直接编辑下面的 JSON
            后保存。保存前会完整检查：格式、编号、显示条件（只能引用前面的题目）、法条引用等，有错误时逐条列出位置，草稿保持不变。
          </p>
          <textarea
            key={t.id}
            name="json"
            aria-label="模板 JSON"
            className="json-editor"
            rows={28}
            spellCheck={false}
            defaultValue={t.json}
          />
          <div className="toolbar template-save">
            <button type="submit" disabled={busy}>
              保存草稿
            </button>
          </div>
        </AuthForm>
      ) : (
        <div className="card">
          <p className="hint">
            {t.status === "published" ? "已发布的版本已冻结，不能修改" : "已归档的版本不能修改"}
            。如需调整，请点击“新建草稿版本”。
          </p>
          <textarea
            aria-label="模板 JSON（只读）"
            className="json-editor"
            rows={20}
            readOnly
            spellCheck={false}
            value={t.json}
          />
        </div>
      )}
    </div>
  );
}
