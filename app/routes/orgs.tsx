import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { can } from "~/domain/policy";
import { ORG_KIND_LABELS, ORG_KINDS } from "~/domain/roles";
import { requireActionUser, requireUser } from "~/services/auth.server";
import { attempt, forbidden } from "~/services/http.server";
import {
  archiveOrg,
  createOrg,
  listOrgTree,
  moveOrg,
  renameOrg,
  setOrgDocumentStyle,
} from "~/services/orgs.server";

export const meta: MetaFunction = () => [{ title: "工会组织 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "org:manage", { type: "system" })) throw forbidden("只有平台管理员可以维护工会组织");
  return { tree: await listOrgTree(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form);
  const text = (key: string) => String(form.get(key) ?? "");
  const id = text("id");
  const version = Number(text("version"));
  const result = await attempt(async () => {
    switch (text("intent")) {
      case "create":
        await createOrg(user, {
          name: text("name"),
          kind: text("kind"),
          parentId: text("parentId") || undefined,
        });
        return { ok: true as const, message: `已新建“${text("name").trim()}”` };
      case "rename":
        await renameOrg(user, id, version, text("name"));
        return { ok: true as const, message: "已重命名" };
      case "move":
        await moveOrg(user, id, version, text("parentId"));
        return { ok: true as const, message: "已移动，所属企业的可见范围随之调整" };
      case "document":
        await setOrgDocumentStyle(user, id, version, {
          shortCode: text("shortCode"),
          redHead: text("redHead"),
        });
        return { ok: true as const, message: "已保存公文设置，此后的报告和处方编号使用新的机关代字" };
      case "archive":
        await archiveOrg(user, id, version);
        return { ok: true as const, message: "已归档" };
      default:
        return { ok: false as const, message: "未知操作", fieldErrors: {} };
    }
  });
  return result;
}

export default function Orgs() {
  const { tree } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  return (
    <div>
      <h1>工会组织</h1>
      <FormError failure={failure} />
      {result && result.ok ? <div className="notice">{result.message}</div> : null}
      <div className="card">
        <h2>新建组织</h2>
        <AuthForm method="post" className="toolbar">
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="new-name">名称</label>
            <input id="new-name" name="name" required maxLength={60} />
          </div>
          <div className="field">
            <label htmlFor="new-kind">类型</label>
            <select id="new-kind" name="kind" defaultValue="street">
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ORG_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-parent">上级组织</label>
            <select id="new-parent" name="parentId" defaultValue="">
              <option value="">（无，作为顶级）</option>
              {tree.map((n) => (
                <option key={n.id} value={n.id}>
                  {"　".repeat(n.depth)}
                  {n.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">新建</button>
        </AuthForm>
      </div>
      <table>
        <thead>
          <tr>
            <th>组织</th>
            <th>类型</th>
            <th>企业数</th>
            <th>重命名</th>
            <th>移动到</th>
            <th>公文（机关代字、版头）</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {tree.map((n) => (
            <tr key={n.id} className="tree-row" data-org={n.name}>
              <td style={{ paddingLeft: 12 + n.depth * 22 }}>{n.name}</td>
              <td>{n.kindLabel}</td>
              <td>{n.enterpriseCount}</td>
              <td>
                <AuthForm method="post" className="inline-form">
                  <input type="hidden" name="intent" value="rename" />
                  <input type="hidden" name="id" value={n.id} />
                  <input type="hidden" name="version" value={n.version} />
                  <input name="name" defaultValue={n.name} aria-label={`重命名${n.name}`} size={12} />
                  <button type="submit" className="secondary">
                    保存
                  </button>
                </AuthForm>
              </td>
              <td>
                <AuthForm method="post" className="inline-form">
                  <input type="hidden" name="intent" value="move" />
                  <input type="hidden" name="id" value={n.id} />
                  <input type="hidden" name="version" value={n.version} />
                  <select name="parentId" defaultValue={n.parentId ?? ""} aria-label={`移动${n.name}`}>
                    <option value="" disabled>
                      选择上级
                    </option>
                    {tree
                      .filter((p) => p.id !== n.id)
                      .map((p) => (
                        <option key={p.id} value={p.id}>
                          {"　".repeat(p.depth)}
                          {p.name}
                        </option>
                      ))}
                  </select>
                  <button type="submit" className="secondary">
                    移动
                  </button>
                </AuthForm>
              </td>
              <td>
                <AuthForm method="post" className="inline-form" data-testid={`org-document-${n.name}`}>
                  <input type="hidden" name="intent" value="document" />
                  <input type="hidden" name="id" value={n.id} />
                  <input type="hidden" name="version" value={n.version} />
                  <input
                    name="shortCode"
                    defaultValue={n.shortCode}
                    placeholder={n.numberCode}
                    aria-label={`${n.name}的机关代字（2–6个汉字）`}
                    maxLength={6}
                    size={6}
                  />
                  <input
                    name="redHead"
                    defaultValue={n.redHead}
                    placeholder="版头（可不填）"
                    aria-label={`${n.name}的处方版头`}
                    maxLength={30}
                    size={12}
                  />
                  <button type="submit" className="secondary">
                    保存
                  </button>
                  <div className="hint">
                    编号示例：{n.numberCode}工体〔年份〕1号、{n.numberCode}工处〔年份〕1号
                  </div>
                </AuthForm>
              </td>
              <td>
                <AuthForm method="post" className="inline-form">
                  <input type="hidden" name="intent" value="archive" />
                  <input type="hidden" name="id" value={n.id} />
                  <input type="hidden" name="version" value={n.version} />
                  <button type="submit" className="secondary">
                    归档
                  </button>
                </AuthForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
