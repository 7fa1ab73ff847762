import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { Field, failureOf, FormError } from "~/components/form-bits";
import { can, grantableRoles } from "~/domain/policy";
import { ROLE_BINDING, ROLE_LABELS, ROLES, type Role } from "~/domain/roles";
import { pageParam, parseQuery, textParam } from "~/lib/query";
import {
  addRole,
  createAccount,
  listAccounts,
  resetAccess,
  setAccountDisabled,
  setOrgHead,
} from "~/services/accounts/accounts.server";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { pickEnterprises } from "~/services/enterprises/enterprises.server";
import { attempt, forbidden, parseForm } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { OrgOptions } from "~/components/org-options";

export const meta: MetaFunction = () => [{ title: "账号 · 工会协商通" }];

const PageQuery = z.object({ page: pageParam, ent: textParam(60) });
/** Enterprises offered at once for an enterprise role; more are found by name or credit code (?ent=). */
const ENTERPRISES_SHOWN = 200;

const STATUS_LABELS: Record<string, string> = { pending: "待激活", active: "正常", disabled: "已停用" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "account:list", { type: "system" })) throw forbidden();
  const { page, ent } = parseQuery(PageQuery, request);
  const [accounts, orgs, picked] = await Promise.all([
    listAccounts(user, { page }),
    listOrgTree(user),
    pickEnterprises(user, { q: ent, exclude: new Set() }, ENTERPRISES_SHOWN),
  ]);
  const grantable = grantableRoles(user);
  const canSetHead = can(user, "account:head", { type: "account", grants: [] });
  return {
    accounts,
    orgs,
    enterprises: picked.options,
    enterpriseSearch: { q: ent ?? "", total: picked.total, shown: picked.options.length },
    grantable,
    canSetHead,
  };
}

const objectId = z.string().regex(/^[0-9a-f]{24}$/i);
const grantFields = {
  role: z.enum(ROLES, { error: "请选择角色" }),
  unionOrgId: z.string().max(64).optional(),
  enterpriseId: z.string().max(64).optional(),
};
const AccountsAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    accountName: z.string({ error: "请填写账号" }).max(64, "账号为 3–32 位"),
    displayName: z.string({ error: "请填写姓名" }).max(60, "姓名应为 2 到 30 个字"),
    mobile: z.string().max(20, "手机号应为 11 位大陆手机号").optional(),
    ...grantFields,
  }),
  z.object({ intent: z.literal("reset"), userId: objectId }),
  z.object({ intent: z.literal("disable"), userId: objectId }),
  z.object({ intent: z.literal("enable"), userId: objectId }),
  z.object({ intent: z.literal("add-role"), userId: objectId, ...grantFields }),
  z.object({
    intent: z.literal("set-head"),
    userId: objectId,
    unionOrgId: objectId,
    head: z.enum(["1", "0"]).transform((v) => v === "1"),
  }),
]);

const grantOf = (input: { role: Role; unionOrgId?: string; enterpriseId?: string }) => ({
  role: input.role,
  unionOrgId: input.unionOrgId,
  enterpriseId: input.enterpriseId,
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const input = parseForm(form, AccountsAction);
    switch (input.intent) {
      case "create": {
        const created = await createAccount(user, {
          accountName: input.accountName,
          displayName: input.displayName,
          mobile: input.mobile,
          grant: grantOf(input),
        });
        const origin = new URL(request.url).origin;
        return {
          ok: true as const,
          message: "账号已创建，请把激活链接发给本人（7 天内有效，仅能使用一次）：",
          link: origin + created.activationPath,
        };
      }
      case "reset": {
        const link = await resetAccess(user, input.userId);
        return {
          ok: true as const,
          message: "已生成新的激活链接，原密码已失效，原有登录已全部退出：",
          link: new URL(request.url).origin + link,
        };
      }
      case "disable":
        await setAccountDisabled(user, input.userId, true);
        return { ok: true as const, message: "账号已停用", link: undefined };
      case "enable":
        await setAccountDisabled(user, input.userId, false);
        return { ok: true as const, message: "账号已启用", link: undefined };
      case "add-role":
        await addRole(user, input.userId, grantOf(input));
        return { ok: true as const, message: "已添加角色", link: undefined };
      case "set-head":
        await setOrgHead(user, input.userId, input.unionOrgId, input.head);
        return {
          ok: true as const,
          message: input.head ? "已设为工会组织负责人（可审签培育计划）" : "已取消工会组织负责人",
          link: undefined,
        };
    }
  });
}

/**
 * Narrows the enterprises the enterprise roles (HR, chair, representative) offer: a district has thousands,
 * the list shows the first 200 by name of those whose name or credit code contains the text.
 */
function EnterpriseSearch({ search }: { search: { q: string; total: number; shown: number } }) {
  return (
    <Form method="get" className="toolbar" data-testid="enterprise-search">
      <div className="field">
        <label htmlFor="ent">查找企业（绑定企业角色时）</label>
        <input
          id="ent"
          name="ent"
          defaultValue={search.q}
          maxLength={60}
          placeholder="企业名称或统一社会信用代码"
        />
      </div>
      <button type="submit" className="secondary">
        查找
      </button>
      <p className="hint" role="status">
        {search.total === 0
          ? `没有${search.q ? `名称或信用代码含“${search.q}”的` : "可选的"}企业`
          : search.total > search.shown
            ? `符合的企业共 ${search.total} 家，“所属企业”列出按名称排前的 ${search.shown} 家；输入名称或信用代码可缩小范围`
            : `“所属企业”列出${search.q ? `名称或信用代码含“${search.q}”的` : "全部"} ${search.total} 家企业`}
      </p>
    </Form>
  );
}

function GrantFields({
  grantable,
  orgs,
  enterprises,
  prefix,
}: {
  grantable: Role[];
  orgs: { id: string; name: string; depth: number }[];
  enterprises: { id: string; name: string }[];
  prefix: string;
}) {
  const [role, setRole] = useState<Role>(grantable.includes("hr") ? "hr" : grantable[0]);
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-role`}>角色</label>
        <select
          id={`${prefix}-role`}
          name="role"
          value={role}
          onChange={(e) => setRole(grantable.find((r) => r === e.target.value) ?? role)}
        >
          {grantable.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {ROLE_BINDING[role] === "org" ? (
        <div className="field">
          <label htmlFor={`${prefix}-org`}>所属工会组织</label>
          <select id={`${prefix}-org`} name="unionOrgId" required defaultValue="">
            <option value="" disabled>
              请选择
            </option>
            <OrgOptions orgs={orgs} />
          </select>
        </div>
      ) : ROLE_BINDING[role] === "enterprise" ? (
        <div className="field">
          <label htmlFor={`${prefix}-ent`}>所属企业</label>
          <select id={`${prefix}-ent`} name="enterpriseId" required defaultValue="">
            <option value="" disabled>
              请选择
            </option>
            {enterprises.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </>
  );
}

export default function Accounts() {
  const { accounts, orgs, enterprises, enterpriseSearch, grantable, canSetHead } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  return (
    <div>
      <h1>账号</h1>
      <FormError failure={failure} />
      {result && result.ok ? (
        <div className="notice">
          {result.message}
          {result.link ? (
            <div>
              <code data-testid="activation-link">{result.link}</code>
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="card">
        <h2>开通账号</h2>
        <EnterpriseSearch search={enterpriseSearch} />
        <AuthForm method="post">
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <Field label="账号" name="accountName" failure={failure} hint="以字母开头，3–32 位">
              <input id="accountName" name="accountName" required maxLength={32} />
            </Field>
            <Field label="姓名" name="displayName" failure={failure}>
              <input id="displayName" name="displayName" required maxLength={30} />
            </Field>
            <Field label="手机号（可用于登录）" name="mobile" failure={failure}>
              <input id="mobile" name="mobile" inputMode="numeric" maxLength={11} />
            </Field>
            <GrantFields grantable={grantable} orgs={orgs} enterprises={enterprises} prefix="new" />
          </div>
          <button type="submit">开通并生成激活链接</button>
        </AuthForm>
      </div>
      <table>
        <thead>
          <tr>
            <th>姓名</th>
            <th>账号</th>
            <th>手机号</th>
            <th>角色</th>
            <th>状态</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {accounts.rows.map((a) => (
            <tr key={a.id}>
              <td>{a.displayName}</td>
              <td>{a.accountName}</td>
              <td>{a.mobile ?? "—"}</td>
              <td>{a.roles.join("；")}</td>
              <td>
                <span
                  className={`badge ${a.status === "active" ? "ok" : a.status === "disabled" ? "danger" : "warn"}`}
                >
                  {STATUS_LABELS[a.status] ?? a.status}
                </span>
              </td>
              <td>
                <AuthForm method="post" className="inline-form">
                  <input type="hidden" name="userId" value={a.id} />
                  <button type="submit" name="intent" value="reset" className="secondary">
                    重发激活链接
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value={a.status === "disabled" ? "enable" : "disable"}
                    className="secondary"
                  >
                    {a.status === "disabled" ? "启用" : "停用"}
                  </button>
                </AuthForm>
                {canSetHead
                  ? a.orgGrants.map((g) => (
                      <AuthForm method="post" className="inline-form" key={g.unionOrgId}>
                        <input type="hidden" name="userId" value={a.id} />
                        <input type="hidden" name="unionOrgId" value={g.unionOrgId} />
                        <input type="hidden" name="head" value={g.head ? "0" : "1"} />
                        <button
                          type="submit"
                          name="intent"
                          value="set-head"
                          className="secondary"
                          data-testid={`head-${a.accountName}`}
                          title="组织负责人审签本组织及下级组织的培育计划"
                        >
                          {g.head ? `取消${g.orgName}负责人` : `设为${g.orgName}负责人`}
                        </button>
                      </AuthForm>
                    ))
                  : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        共 {accounts.total} 个账号，第 {accounts.page}/{accounts.pageCount} 页
        {accounts.page > 1 ? <a href={`?page=${accounts.page - 1}`}> 上一页</a> : null}
        {accounts.page < accounts.pageCount ? <a href={`?page=${accounts.page + 1}`}> 下一页</a> : null}
      </p>
    </div>
  );
}
