import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { readForm, SMALL_FORM_MAX_BYTES } from "~/lib/form.server";
import { safeRedirect } from "~/lib/safe-path";
import {
  checkLoginCsrf,
  getCurrentUser,
  loginCsrf,
  signIn,
  SignInRefused,
} from "~/services/accounts/auth.server";

export const meta: MetaFunction = () => [{ title: "登录 · 工会协商通" }];

const LoginSchema = z.object({
  identifier: z
    .string({ error: "请输入账号或手机号" })
    .trim()
    .min(1, "请输入账号或手机号")
    .max(60, "账号过长"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(200, "密码过长"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  const { token, setCookie } = await loginCsrf(request);
  return data({ csrf: token }, { headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request, { maxBytes: SMALL_FORM_MAX_BYTES });
  await checkLoginCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  const { identifier, password, redirectTo } = submission.value;
  try {
    const { setCookie, user } = await signIn(request, identifier, password);
    const to = user.mustChangePassword ? "/account?mustChange=1" : safeRedirect(redirectTo);
    return redirect(to, { headers: { "Set-Cookie": setCookie } });
  } catch (error) {
    if (error instanceof SignInRefused)
      return submission.reply({ formErrors: [error.message], hideFields: ["password"] });
    throw error;
  }
}

export default function Login() {
  const { csrf } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="card login-card">
      <h1>登录</h1>
      <Form method="post" {...getFormProps(form)}>
        {form.errors ? (
          <div className="form-error" role="alert" id={form.errorId}>
            {form.errors.join("；")}
          </div>
        ) : null}
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <div className="field">
          <label htmlFor={fields.identifier.id}>账号或手机号</label>
          <input {...getInputProps(fields.identifier, { type: "text" })} autoComplete="username" autoFocus />
          <div className="field-error">{fields.identifier.errors?.join("；")}</div>
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>密码</label>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
          <div className="field-error">{fields.password.errors?.join("；")}</div>
        </div>
        <button type="submit" disabled={navigation.state === "submitting"} style={{ width: "100%" }}>
          {navigation.state === "submitting" ? "正在登录…" : "登录"}
        </button>
      </Form>
      <p className="hint" style={{ marginTop: 16 }}>
        账号由所属工会的指导员或平台管理员开通。忘记密码请联系他们重置。
      </p>
    </div>
  );
}
