import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { ROLE_LABELS } from "~/domain/roles";
import {
  changePassword,
  requireActionForm,
  requireUser,
  signOutEverywhere,
} from "~/services/accounts/auth.server";
import { listMySessions } from "~/services/accounts/accounts.server";
import { attempt, clientIp, parseForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "账号设置 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  const sessions = await listMySessions(user);
  return {
    mustChange: user.mustChangePassword,
    accountName: user.accountName,
    displayName: user.displayName,
    roles: user.roles.map((g) => ROLE_LABELS[g.role]),
    sessions,
    changed: new URL(request.url).searchParams.has("changed"),
  };
}

const AccountAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-out-everywhere") }),
  z
    .object({
      intent: z.literal("change-password"),
      current: z.string({ error: "请输入当前密码" }).max(200, "密码过长"),
      next: z.string({ error: "请输入新密码" }).max(200, "密码最多 72 位"),
      confirm: z.string({ error: "请再次输入新密码" }).max(200, "密码最多 72 位"),
    })
    .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request, { allowPasswordChange: true });
  return attempt(async () => {
    const input = parseForm(form, AccountAction);
    if (input.intent === "sign-out-everywhere") {
      const setCookie = await signOutEverywhere(user, clientIp(request));
      return redirect("/login", { headers: { "Set-Cookie": setCookie } });
    }
    const { setCookie } = await changePassword(request, user, input.current, input.next);
    return redirect("/account?changed=1", { headers: { "Set-Cookie": setCookie } });
  });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const error = (field: string) => failure?.fieldErrors[field]?.join("；");
  return (
    <div>
      <h1>账号设置</h1>
      {data.mustChange ? (
        <div className="form-error" role="alert">
          首次登录或密码已被重置，请先设置新密码后再使用系统。
        </div>
      ) : null}
      {data.changed ? <div className="notice">密码已修改，其他设备上的登录已全部退出。</div> : null}
      <div className="card">
        <dl className="facts">
          <dt>姓名</dt>
          <dd>{data.displayName}</dd>
          <dt>账号</dt>
          <dd>{data.accountName}</dd>
          <dt>角色</dt>
          <dd>{data.roles.join("、")}</dd>
        </dl>
      </div>
      <div className="card">
        <h2>修改密码</h2>
        <AuthForm method="post" style={{ maxWidth: 360 }}>
          <input type="hidden" name="intent" value="change-password" />
          {failure && !Object.keys(failure.fieldErrors).length ? <FormError failure={failure} /> : null}
          <div className="field">
            <label htmlFor="current">当前密码</label>
            <input id="current" name="current" type="password" autoComplete="current-password" required />
            <div className="field-error">{error("current")}</div>
          </div>
          <div className="field">
            <label htmlFor="next">新密码</label>
            <input id="next" name="next" type="password" autoComplete="new-password" required />
            <div className="hint">8–72 位，须同时包含字母和数字</div>
            <div className="field-error">{error("next")}</div>
          </div>
          <div className="field">
            <label htmlFor="confirm">再次输入新密码</label>
            <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
            <div className="field-error">{error("confirm")}</div>
          </div>
          <button type="submit">修改密码</button>
        </AuthForm>
      </div>
      <div className="card">
        <h2>登录设备</h2>
        <table className="stack">
          <thead>
            <tr>
              <th>登录时间</th>
              <th>最近活动</th>
              <th>IP</th>
              <th>浏览器</th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr key={s.id}>
                <td data-label="登录时间">
                  {s.createdAt}
                  {s.current ? <span className="badge ok">当前</span> : null}
                </td>
                <td data-label="最近活动">{s.lastSeenAt}</td>
                <td data-label="IP">{s.ip}</td>
                <td data-label="浏览器" className="hint">
                  {s.userAgent}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <AuthForm method="post" style={{ marginTop: 12 }}>
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="secondary">
            退出所有设备
          </button>
        </AuthForm>
      </div>
    </div>
  );
}
