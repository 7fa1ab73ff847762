import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { can } from "~/domain/policy";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { MAX_UPLOAD_BYTES, previewImport } from "~/services/enterprises/enterprise-import.server";
import { attempt, forbidden, isFailure, parseForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Excel 导入企业 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  return null;
}

const ImportForm = z.object({
  file: z
    .instanceof(File, { error: "请选择要导入的 Excel 文件（.xlsx）" })
    .refine((f) => f.size > 0, "请选择要导入的 Excel 文件（.xlsx）"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request, { maxFileBytes: MAX_UPLOAD_BYTES });
  const result = await attempt(async () => {
    const { file } = parseForm(form, ImportForm);
    return previewImport(user, file.name, new Uint8Array(await file.arrayBuffer()));
  });
  if (isFailure(result)) return result;
  return redirect(`/enterprises/import/${result}`);
}

export default function ImportEnterprises() {
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div>
      <h1>Excel 导入企业</h1>
      <div className="card">
        <ol>
          <li>
            下载 <a href="/enterprises/template.xlsx">导入模板</a>
            ，按“填写说明”逐行填写企业信息（所属工会须填写系统中已有的工会组织名称）。
          </li>
          <li>上传填好的 .xlsx 文件。系统会逐行检查并列出所有问题，此时不会写入任何数据。</li>
          <li>全部行无误后，在预览页点击“确认导入”。</li>
        </ol>
        <FormError failure={failure} />
        <AuthForm method="post" encType="multipart/form-data" className="toolbar">
          <div className="field">
            <label htmlFor="file">Excel 文件（.xlsx，不超过 5 MB）</label>
            <input
              id="file"
              name="file"
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
            />
          </div>
          <button type="submit">上传并检查</button>
        </AuthForm>
      </div>
    </div>
  );
}
