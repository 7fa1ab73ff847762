/** The prescription draft (app/routes/assessments.$id.prescription.tsx): its items, each edited in place, and the issue button. */
import { AuthForm } from "~/components/csrf";
import { ConfirmButton, FormError, type FormFailure } from "~/components/form-bits";
import { PRIORITIES, PRIORITY_LABELS } from "~/domain/prescriptions/items";
import type { PrescriptionData } from "~/routes/assessments.$id.prescription";

/** The fields of one item (an item of the draft, or the one being added by hand). */
function ItemFields({
  item,
  failure,
  idPrefix,
}: {
  item?: {
    title: string;
    legalBasis: string;
    action: string;
    owner: string;
    dueOn: string;
    priority: string;
  };
  failure?: FormFailure;
  idPrefix: string;
}) {
  const err = (name: string) =>
    failure?.fieldErrors[name]?.length ? (
      <div className="field-error">{failure.fieldErrors[name].join("；")}</div>
    ) : null;
  return (
    <div className="item-fields">
      <div className="field wide">
        <label htmlFor={`${idPrefix}-title`}>存在的问题</label>
        <input id={`${idPrefix}-title`} name="title" defaultValue={item?.title} maxLength={200} required />
        {err("title")}
      </div>
      <div className="field wide">
        <label htmlFor={`${idPrefix}-legalBasis`}>法律依据</label>
        <input
          id={`${idPrefix}-legalBasis`}
          name="legalBasis"
          defaultValue={item?.legalBasis}
          maxLength={500}
        />
        {err("legalBasis")}
      </div>
      <div className="field wide">
        <label htmlFor={`${idPrefix}-action`}>整改要求</label>
        <textarea
          id={`${idPrefix}-action`}
          name="action"
          defaultValue={item?.action}
          rows={3}
          maxLength={2000}
          required
        />
        {err("action")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-owner`}>责任人</label>
        <input
          id={`${idPrefix}-owner`}
          name="owner"
          defaultValue={item?.owner ?? "企业人力资源负责人"}
          maxLength={50}
          required
        />
        {err("owner")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-dueOn`}>整改期限</label>
        <input id={`${idPrefix}-dueOn`} name="dueOn" type="date" defaultValue={item?.dueOn} required />
        {err("dueOn")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-priority`}>优先级</label>
        <select id={`${idPrefix}-priority`} name="priority" defaultValue={item?.priority ?? "medium"}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
        {err("priority")}
      </div>
    </div>
  );
}

/** Before any draft: who may prescribe generates one from the findings. */
export function NoPrescription({
  canManage,
  findingsCount,
  busy,
}: {
  canManage: boolean;
  findingsCount: number;
  busy: boolean;
}) {
  return (
    <div className="card">
      <h2>法律处方</h2>
      {canManage ? (
        <>
          <p>
            本次体检共发现 <strong>{findingsCount}</strong>{" "}
            项问题。生成草稿时每项发现对应一条整改事项，法律依据照录，整改期限按各项建议天数从今天起算；您可以合并、修改、增删后再签发。
          </p>
          <AuthForm method="post">
            <input type="hidden" name="intent" value="create" />
            <button type="submit" disabled={busy}>
              根据体检发现生成处方草稿
            </button>
          </AuthForm>
        </>
      ) : (
        <p className="hint">指导员尚未签发法律处方。</p>
      )}
    </div>
  );
}

type DraftItem = PrescriptionData["draft"][number];

/** The failure of the form that posted `intent` (for `key`), if the last result was one. */
type FailureFor = (intent: string, key?: string) => FormFailure | undefined;

/** One draft item: select (for merging), move, remove, and edit its fields. */
function DraftItemCard({
  item,
  index,
  count,
  version,
  busy,
  failureFor,
  saved,
}: {
  item: DraftItem;
  index: number;
  count: number;
  version: number;
  busy: boolean;
  failureFor: FailureFor;
  saved: boolean;
}) {
  return (
    <div className="card draft-item" data-item-key={item.key}>
      <div className="draft-item-head">
        <label>
          <input
            type="checkbox"
            name="keys"
            value={item.key}
            form="merge-form"
            aria-label={`选择第 ${index + 1} 项`}
          />{" "}
          <strong>第 {index + 1} 项</strong>
        </label>
        {item.ruleIds.length ? (
          <span className="hint">
            对应发现：{item.ruleIds.join("、")}
            {item.dimensionTitle ? `（${item.dimensionTitle}）` : ""}
          </span>
        ) : (
          <span className="hint">人工添加</span>
        )}
        <span className="draft-item-tools">
          {(["up", "down", "remove"] as const).map((intent) => (
            <AuthForm
              method="post"
              key={intent}
              className="inline"
              preventScrollReset
              onSubmit={(e) => {
                if (intent === "remove" && !confirm(`确认从草稿中删除第 ${index + 1} 项“${item.title}”？`))
                  e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value={intent} />
              <input type="hidden" name="key" value={item.key} />
              <input type="hidden" name="version" value={version} />
              <button
                type="submit"
                className="link"
                disabled={
                  busy || (intent === "up" && index === 0) || (intent === "down" && index === count - 1)
                }
              >
                {intent === "up" ? "上移" : intent === "down" ? "下移" : "删除"}
              </button>
            </AuthForm>
          ))}
        </span>
      </div>
      <AuthForm method="post" preventScrollReset>
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="key" value={item.key} />
        <input type="hidden" name="version" value={version} />
        <FormError failure={failureFor("edit", item.key)} />
        <ItemFields item={item} failure={failureFor("edit", item.key)} idPrefix={item.key} />
        <button type="submit" className="secondary" disabled={busy}>
          保存本项
        </button>
        {saved ? (
          <span className="saved-note" role="status" data-testid="item-saved">
            第 {index + 1} 项已保存
          </span>
        ) : null}
      </AuthForm>
    </div>
  );
}

/** The draft: merge and issue, its items, and an item added by hand. */
export function PrescriptionDraft({
  draft,
  version,
  busy,
  failureFor,
  savedKey,
}: {
  draft: DraftItem[];
  version: number;
  busy: boolean;
  failureFor: FailureFor;
  /** The item just saved (its card says so). */
  savedKey: string | null;
}) {
  return (
    <>
      <div className="card">
        <h2>
          法律处方草稿 <span className="badge warn">未签发</span>
        </h2>
        <p className="hint">
          共 {draft.length}{" "}
          项。勾选两项以上可合并为一项（取最早期限、最高优先级）。签发后编号、内容冻结，企业开始逐项整改。
        </p>
        <AuthForm method="post" id="merge-form">
          <input type="hidden" name="intent" value="merge" />
          <input type="hidden" name="version" value={version} />
        </AuthForm>
        <AuthForm method="post">
          <input type="hidden" name="intent" value="issue" />
          <input type="hidden" name="version" value={version} />
          <div className="toolbar">
            <button type="submit" form="merge-form" className="secondary" disabled={busy}>
              合并所选事项
            </button>
            <ConfirmButton
              label="签发处方"
              confirmLabel="确认签发"
              question={`签发这份共 ${draft.length} 项的法律处方？签发后不能再修改。`}
              disabled={busy || draft.length === 0}
            />
          </div>
        </AuthForm>
      </div>
      {draft.map((item, index) => (
        <DraftItemCard
          key={item.key}
          item={item}
          index={index}
          count={draft.length}
          version={version}
          busy={busy}
          failureFor={failureFor}
          saved={savedKey === item.key}
        />
      ))}
      <div className="card">
        <h3>手工添加事项</h3>
        <AuthForm method="post">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="version" value={version} />
          <FormError failure={failureFor("add")} />
          <ItemFields failure={failureFor("add")} idPrefix="new" />
          <button type="submit" className="secondary" disabled={busy}>
            添加
          </button>
        </AuthForm>
      </div>
    </>
  );
}
