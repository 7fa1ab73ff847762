import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { ROLE_LABELS } from "~/domain/roles";
import { changePassword, requireActionUser, requireUser, signOutEverywhere } from "~/services/auth.server";
import { listMySessions } from "~/services/accounts.server";
import { clientIp } from "~/services/http.server";

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

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form, { allowPasswordChange: true });
  const intent = form.get("intent");
  if (intent === "sign-out-everywhere") {
    const setCookie = await signOutEverywhere(user, clientIp(request));
    return redirect("/login", { headers: { "Set-Cookie": setCookie } });
  }
  const current = String(form.get("current") ?? "");
  const next = String(form.get("next") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  if (!current) return { ok: false as const, field: "current", message: "请输入当前密码" };
  if (next !== confirm) return { ok: false as const, field: "confirm", message: "两次输入的新密码不一致" };
  const result = await changePassword(request, user, current, next);
  if (!result.ok) return { ok: false as const, field: result.field, message: result.message };
  return redirect("/account?changed=1", { headers: { "Set-Cookie": result.setCookie } });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = (field: string) =>
    result && !result.ok && result.field === field ? result.message : undefined;
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
        <table>
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
                <td>
                  {s.createdAt}
                  {s.current ? <span className="badge ok">当前</span> : null}
                </td>
                <td>{s.lastSeenAt}</td>
                <td>{s.ip}</td>
                <td className="hint">{s.userAgent}</td>
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
