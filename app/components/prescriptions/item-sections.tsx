/** The sections of a prescription item's page (app/routes/prescriptions.items.$id.tsx). */
import type { useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { ConfirmButton, EvidenceFileButton, InlineError, type FormFailure } from "~/components/form-bits";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import type { loader } from "~/routes/prescriptions.items.$id";
import { formatDateTime } from "~/domain/dates";

type ItemPageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = ItemPageData["item"];

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
const when = (iso: string) => formatDateTime(iso);
const EVENT_LABELS: Record<string, string> = {
  issue: "签发",
  acknowledge: "确认收到",
  work: "更新整改情况",
  submit: "提交核验",
  verify: "核验销号",
  reject: "退回",
};

/** One line of the history: a work step says what was done ("上传佐证材料：…"), the others name the step. */
function eventText(e: { action: string; note?: string }) {
  if (e.action === "work" && e.note) return e.note;
  return `${EVENT_LABELS[e.action] ?? e.action}${e.note ? `：${e.note}` : ""}`;
}

/** What the item asks: legal basis, requirement, owner, deadline (or when it was closed), priority. */
export function ItemFacts({ item, basis, closedOn }: Pick<ItemPageData, "item" | "basis" | "closedOn">) {
  return (
    <div className="card">
      <dl className="facts">
        <dt>法律依据</dt>
        <dd data-testid="item-basis">{basis ? <LegalBasis basis={basis} labelled={false} /> : "—"}</dd>
        <dt>整改要求</dt>
        <dd className="pre">{item.action}</dd>
        <dt>责任人</dt>
        <dd>{item.owner}</dd>
        <dt>整改期限</dt>
        <dd>
          {item.dueOn}{" "}
          {closedOn ? (
            <span className={`badge ${closedOn <= item.dueOn ? "ok" : "warn"}`} data-testid="closed-on">
              {closedOn} 销号{closedOn <= item.dueOn ? "，按期完成" : "，逾期完成"}
            </span>
          ) : (
            <span
              className={`badge ${item.due === "overdue" ? "danger" : item.due === "due_soon" ? "warn" : ""}`}
            >
              {item.dueLabel}
            </span>
          )}
        </dd>
        <dt>优先级</dt>
        <dd>{item.priorityLabel}</dd>
      </dl>
    </div>
  );
}

/** The enterprise's note and evidence files, with the upload and the save/submit buttons while it may work. */
export function ItemWork({
  item,
  evidence,
  can,
  busy,
  uploading,
  failure,
  uploadFailure,
}: Pick<ItemPageData, "item" | "evidence" | "can"> & {
  busy: boolean;
  uploading: boolean;
  /** A refused save or submission, shown beside the note and the buttons. */
  failure: FormFailure | undefined;
  /** A refused upload, shown beside the file button. */
  uploadFailure: FormFailure | undefined;
}) {
  const noteErrors = failure?.fieldErrors.note;
  return (
    <div className="card">
      <h2>整改说明与佐证材料</h2>
      {can.work ? (
        <AuthForm method="post" id="item-note">
          <input type="hidden" name="version" value={item.version} />
          <label htmlFor="note">整改说明</label>
          <textarea
            id="note"
            name="note"
            rows={4}
            maxLength={2000}
            defaultValue={item.note}
            placeholder="说明已采取的整改措施、完成时间等"
            aria-invalid={noteErrors?.length ? true : undefined}
            aria-describedby={noteErrors?.length ? "note-error" : undefined}
          />
          {noteErrors?.length ? (
            <div className="field-error" id="note-error" data-testid="note-error">
              {noteErrors.join("；")}
            </div>
          ) : null}
        </AuthForm>
      ) : (
        <p className="pre">{item.note || <span className="hint">暂无整改说明</span>}</p>
      )}
      <h3>佐证材料</h3>
      <ul className="evidence-list" data-testid="item-evidence">
        {evidence.map((e) => (
          <li key={e.id}>
            <a href={`/prescriptions/items/${item.id}/evidence/${e.id}`}>{e.name}</a>{" "}
            <span className="hint">
              {kb(e.size)} · {e.uploadedByName} · {when(e.uploadedAt)}
            </span>
            {can.work ? (
              // Before submitting, a wrong file is removed (and a better one uploaded): both are in the history.
              <AuthForm method="post" className="inline-form" preventScrollReset>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="fileId" value={e.id} />
                <button type="submit" className="secondary" disabled={busy} aria-label={`删除 ${e.name}`}>
                  删除
                </button>
              </AuthForm>
            ) : null}
          </li>
        ))}
        {evidence.length === 0 ? <li className="hint">暂无佐证材料</li> : null}
      </ul>
      {can.work ? (
        // Keyed by the files, so the picker is empty again after each upload or removal.
        <AuthForm
          key={evidence.map((e) => e.id).join()}
          method="post"
          encType="multipart/form-data"
          className="evidence-upload"
          preventScrollReset
        >
          <input type="hidden" name="intent" value="upload" />
          <EvidenceFileButton
            uploading={uploading}
            id="evidence-file"
            name="file"
            aria-label="上传佐证材料"
            disabled={busy}
            onPick={(input) => {
              if (input.files?.length) input.form?.requestSubmit();
            }}
          />
          <span className="hint">PDF、JPG、PNG、Word、Excel，单个不超过 10 MB，选择后自动上传</span>
          <InlineError failure={uploadFailure} testId="upload-error" />
        </AuthForm>
      ) : null}
      {can.work ? (
        <div className="toolbar item-submit">
          <button
            type="submit"
            form="item-note"
            name="intent"
            value="work"
            className="secondary"
            disabled={busy}
          >
            保存说明
          </button>
          {can.submit ? (
            <ConfirmButton
              label="保存并提交核验"
              confirmLabel="确认提交"
              question="提交后在核验期间不能修改说明和材料，确认提交？"
              form="item-note"
              name="intent"
              value="submit"
              disabled={busy}
            />
          ) : null}
        </div>
      ) : null}
      {can.work ? <InlineError failure={failure} testId="work-error" /> : null}
    </div>
  );
}

/** The instructor's check: verify and close, or send back with a reason. */
export function ItemVerify({
  item,
  busy,
  failure,
}: {
  item: Item;
  busy: boolean;
  failure: FormFailure | undefined;
}) {
  return (
    <div className="card">
      <h2>核验</h2>
      <p className="hint">
        核对整改说明和佐证材料：符合要求的核验通过并销号；不符合的填写理由退回企业继续整改。
      </p>
      <div className="toolbar">
        <AuthForm method="post">
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="version" value={item.version} />
          <ConfirmButton
            label="核验通过，销号"
            confirmLabel="确认销号"
            question="销号后该事项关闭，不能再退回，确认？"
            disabled={busy}
          />
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
      <InlineError failure={failure} testId="verify-error" />
    </div>
  );
}

/** The item's history, oldest first. */
export function ItemHistory({ events }: { events: Item["events"] }) {
  return (
    <div className="card">
      <h2>处理记录</h2>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <span className="hint">{when(e.at)}</span> {e.byName} {eventText(e)}
          </li>
        ))}
      </ol>
    </div>
  );
}
