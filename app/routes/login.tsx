import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import * as z from "zod";
import { getCurrentUser, signIn } from "~/services/auth.server";

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

/** Only same-site paths: never redirect to another host after sign-in. */
function safeRedirect(to: string | undefined | null) {
  return to && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\") ? to : "/";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  const { identifier, password, redirectTo } = submission.value;
  const result = await signIn(request, identifier, password);
  if (!result.ok) return submission.reply({ formErrors: [result.message], hideFields: ["password"] });
  const to = result.user.mustChangePassword ? "/account?mustChange=1" : safeRedirect(redirectTo);
  return redirect(to, { headers: { "Set-Cookie": result.setCookie } });
}

export default function Login() {
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
