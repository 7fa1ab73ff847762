import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { Field, failureOf, FormError } from "~/components/form-bits";
import { readForm, SMALL_FORM_MAX_BYTES } from "~/lib/form.server";
import { activateAccount, describeActivation } from "~/services/accounts/accounts.server";
import { attempt, parseForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "激活账号 · 工会协商通" }];

export async function loader({ params }: LoaderFunctionArgs) {
  return { account: await describeActivation(params.token ?? "") };
}

const ActivateForm = z
  .object({
    password: z.string({ error: "请设置密码" }).max(200, "密码最多 72 位"),
    confirm: z.string({ error: "请再次输入密码" }).max(200, "密码最多 72 位"),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "两次输入的密码不一致" });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, { maxBytes: SMALL_FORM_MAX_BYTES });
  const result = await attempt(async () => {
    const { password } = parseForm(form, ActivateForm);
    return activateAccount(params.token ?? "", password);
  });
  if (failureOf(result)) return result;
  return redirect("/login?activated=1");
}

export default function Activate() {
  const { account } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  if (!account) {
    return (
      <div className="card login-card">
        <h1>激活链接无效</h1>
        <p>该链接已使用或已过期。请联系为您开通账号的工会指导员或管理员重新发送。</p>
      </div>
    );
  }
  return (
    <div className="card login-card">
      <h1>激活账号</h1>
      <p>
        {account.displayName}，您的账号为 <strong>{account.accountName}</strong>。请设置登录密码。
      </p>
      <FormError failure={failure} />
      <Form method="post">
        <Field label="密码" name="password" failure={failure} hint="8–72 位，须同时包含字母和数字">
          <input id="password" name="password" type="password" autoComplete="new-password" required />
        </Field>
        <Field label="再次输入密码" name="confirm" failure={failure}>
          <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
        </Field>
        <button type="submit">设置密码并激活</button>
      </Form>
    </div>
  );
}
