import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import type { ItemAction } from "~/domain/prescriptions/status";
import { requireActionUser, requireUser } from "~/services/auth.server";
import { attemptKeepingInput, UserError } from "~/services/http.server";
import { actOnItem, itemPage, uploadItemEvidence } from "~/services/prescriptions.server";
import { readMultipartForm } from "~/services/upload.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.prescriptionNo ?? ""} 第${data?.item.no ?? ""}项 · 整改事项 · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return itemPage(user, params.id ?? "");
}

const ACTIONS: ItemAction[] = ["acknowledge", "work", "submit", "verify", "reject"];
const DONE_MESSAGES: Record<ItemAction, string> = {
  acknowledge: "已确认收到该整改事项",
  work: "整改说明已保存",
  submit: "已提交指导员核验",
  verify: "已核验销号",
  reject: "已退回企业继续整改",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  const result = await attemptKeepingInput(async () => {
    const form = multipart ? await readMultipartForm(request, EVIDENCE_MAX_BYTES) : await request.formData();
    const user = await requireActionUser(request, form);
    const intent = String(form.get("intent") ?? "");
    if (intent === "upload") {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) throw new UserError("请选择要上传的文件");
      const saved = await uploadItemEvidence(user, id, file.name, new Uint8Array(await file.arrayBuffer()));
      return { ok: true as const, message: `已上传：${saved.name}` };
    }
    if (!(ACTIONS as string[]).includes(intent)) throw new UserError("未知操作");
    const action = intent as ItemAction;
    await actOnItem(user, id, Number(form.get("version")), action, {
      note: form.has("note") ? String(form.get("note")) : undefined,
      reason: String(form.get("reason") ?? ""),
    });
    return { ok: true as const, message: DONE_MESSAGES[action] };
  });
  return result;
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
const when = (iso: string) =>
  new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const EVENT_LABELS: Record<string, string> = {
  issue: "签发",
  acknowledge: "确认收到",
  work: "整改",
  submit: "提交核验",
  verify: "核验销号",
  reject: "退回",
};

export default function ItemPage() {
  const { item, enterpriseName, evidence, can } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const done = result && result.ok ? result.message : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <p className="hint">
        <Link to="/prescriptions">整改事项</Link> › {enterpriseName} ›{" "}
        <Link to={`/assessments/${item.assessmentId}/prescription`}>{item.prescriptionNo}</Link>
      </p>
      <h1>
        第 {item.no} 项：{item.title}{" "}
        <span className={`badge status-${item.status}`} data-testid="item-status">
          {item.statusLabel}
        </span>
      </h1>
      <FormError failure={failure} />
      {done ? (
        <div className="notice" role="status">
          {done}
        </div>
      ) : null}
      {item.status !== "closed" && item.rejectReason && item.status === "in_progress" ? (
        <div className="remark" data-testid="reject-reason">
          指导员退回意见：{item.rejectReason}
        </div>
      ) : null}
      <div className="card">
        <dl className="facts">
          <dt>法律依据</dt>
          <dd>{item.legalBasis || "—"}</dd>
          <dt>整改要求</dt>
          <dd className="pre">{item.action}</dd>
          <dt>责任人</dt>
          <dd>{item.owner}</dd>
          <dt>整改期限</dt>
          <dd>
            {item.dueOn}{" "}
            <span
              className={`badge ${item.due === "overdue" ? "danger" : item.due === "due_soon" ? "warn" : ""}`}
            >
              {item.dueLabel}
            </span>
          </dd>
          <dt>优先级</dt>
          <dd>{item.priorityLabel}</dd>
        </dl>
      </div>

      {can.acknowledge ? (
        <AuthForm method="post" className="card">
          <input type="hidden" name="intent" value="acknowledge" />
          <input type="hidden" name="version" value={item.version} />
          <p>请确认已收到该整改事项，并安排责任人在期限内完成整改。</p>
          <button type="submit" disabled={busy}>
            确认收到
          </button>
        </AuthForm>
      ) : null}

      <div className="card">
        <h2>整改说明与佐证材料</h2>
        {can.work ? (
          <AuthForm method="post">
            <input type="hidden" name="version" value={item.version} />
            <label htmlFor="note">整改说明</label>
            <textarea
              id="note"
              name="note"
              rows={4}
              maxLength={2000}
              defaultValue={item.note}
              placeholder="说明已采取的整改措施、完成时间等"
            />
            <div className="toolbar">
              <button type="submit" name="intent" value="work" className="secondary" disabled={busy}>
                保存说明
              </button>
              {can.submit ? (
                <button type="submit" name="intent" value="submit" disabled={busy}>
                  保存并提交核验
                </button>
              ) : null}
            </div>
          </AuthForm>
        ) : (
          <p className="pre">{item.note || <span className="hint">暂无整改说明</span>}</p>
        )}
        <ul className="evidence-list" data-testid="item-evidence">
          {evidence.map((e) => (
            <li key={e.id}>
              <a href={`/prescriptions/items/${item.id}/evidence/${e.id}`}>{e.name}</a>{" "}
              <span className="hint">
                {kb(e.size)} · {e.uploadedByName} · {when(e.uploadedAt)}
              </span>
            </li>
          ))}
          {evidence.length === 0 ? <li className="hint">暂无佐证材料</li> : null}
        </ul>
        {can.work ? (
          <AuthForm method="post" encType="multipart/form-data" className="upload-form">
            <input type="hidden" name="intent" value="upload" />
            <label htmlFor="evidence-file">
              上传佐证材料（PDF、JPG、PNG、Word、Excel，每个不超过 10 MB）
            </label>
            <input
              id="evidence-file"
              type="file"
              name="file"
              accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
              required
            />
            <button type="submit" className="secondary" disabled={busy}>
              上传
            </button>
          </AuthForm>
        ) : null}
        {can.submit ? <p className="hint">上传材料后，在上方点击“保存并提交核验”。</p> : null}
      </div>

      {can.verify || can.reject ? (
        <div className="card">
          <h2>核验</h2>
          <div className="toolbar">
            <AuthForm method="post">
              <input type="hidden" name="intent" value="verify" />
              <input type="hidden" name="version" value={item.version} />
              <button type="submit" disabled={busy}>
                核验通过，销号
              </button>
            </AuthForm>
          </div>
          <AuthForm method="post">
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="version" value={item.version} />
            <label htmlFor="reason">退回理由</label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              maxLength={1000}
              placeholder="说明还需补充或改正的内容"
            />
            {failure?.fieldErrors.reason ? (
              <div className="field-error">{failure.fieldErrors.reason.join("；")}</div>
            ) : null}
            <button type="submit" className="secondary" disabled={busy}>
              退回企业
            </button>
          </AuthForm>
        </div>
      ) : null}

      <div className="card">
        <h2>处理记录</h2>
        <ol className="timeline">
          {item.events.map((e, i) => (
            <li key={i}>
              <span className="hint">{when(e.at)}</span> {e.byName} {EVENT_LABELS[e.action] ?? e.action}
              {e.note ? `：${e.note}` : ""}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
