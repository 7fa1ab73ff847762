import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { confirmImport, getImportBatch } from "~/services/enterprises/enterprise-import.server";
import { attempt, parseForm } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "导入预览 · 工会协商通" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { batch: await getImportBatch(user, params.batchId ?? "") };
}

const ConfirmForm = z.object({ version: z.coerce.number().int().nonnegative() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const { version } = parseForm(form, ConfirmForm);
    return { ok: true as const, ...(await confirmImport(user, params.batchId ?? "", version)) };
  });
}

export default function ImportPreview() {
  const { batch } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  return (
    <div>
      <h1>导入预览：{batch.fileName}</h1>
      <FormError failure={failure} />
      {result && result.ok ? (
        <div className="notice" data-testid="import-result">
          已导入 {result.created} 家企业。{result.skipped.join("；")}
        </div>
      ) : null}
      {batch.fileErrors.length ? (
        <div className="form-error" role="alert">
          {batch.fileErrors.join("；")}
        </div>
      ) : null}
      <div className="card">
        <p>
          共 {batch.total} 行，<strong data-testid="bad-count">{batch.badCount}</strong> 行有问题。
          {batch.status === "imported"
            ? `该批次已导入 ${batch.importedCount} 家。`
            : batch.canConfirm
              ? "全部检查通过，可以导入。"
              : "请修改 Excel 后重新上传，本次没有写入任何数据。"}
        </p>
        {batch.canConfirm && !(result && result.ok) ? (
          <AuthForm method="post">
            <input type="hidden" name="version" value={batch.version} />
            <button type="submit">确认导入 {batch.total} 家企业</button>
          </AuthForm>
        ) : (
          <Link className="button secondary" to="/enterprises/import">
            重新上传
          </Link>
        )}
      </div>
      <table data-testid="import-rows">
        <thead>
          <tr>
            <th>行号</th>
            <th>企业名称</th>
            <th>统一社会信用代码</th>
            <th>检查结果</th>
          </tr>
        </thead>
        <tbody>
          {batch.rows.map((r) => (
            <tr key={r.rowNumber} data-row={r.rowNumber}>
              <td>第 {r.rowNumber} 行</td>
              <td>{r.name}</td>
              <td>{r.creditCode}</td>
              <td>
                {r.errors.length ? (
                  <ul className="field-error" style={{ margin: 0, paddingLeft: 18 }}>
                    {r.errors.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="badge ok">通过</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
