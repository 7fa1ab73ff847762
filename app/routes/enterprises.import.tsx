import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { can } from "~/domain/policy";
import { requireActionUser, requireUser } from "~/services/auth.server";
import { MAX_UPLOAD_BYTES, previewImport } from "~/services/enterprise-import.server";
import { attempt, forbidden, UserError } from "~/services/http.server";
import { readMultipartForm } from "~/services/upload.server";

export const meta: MetaFunction = () => [{ title: "Excel 导入企业 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const result = await attempt(async () => {
    const form = await readMultipartForm(request, MAX_UPLOAD_BYTES);
    const user = await requireActionUser(request, form);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new UserError("请选择要导入的 Excel 文件（.xlsx）");
    return previewImport(user, file.name, new Uint8Array(await file.arrayBuffer()));
  });
  const failure = failureOf(result);
  if (failure) return failure;
  return redirect(`/enterprises/import/${result as string}`);
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
