import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { WordFile } from "~/components/contracts/draft-bits";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { requestDraftDocument } from "~/services/contracts/documents.server";
import { draftsPage } from "~/services/contracts/drafts-page.server";
import { assembleCaseDraft } from "~/services/contracts/drafts.server";
import {
  decideOnSuggestion,
  openThread,
  proposeWording,
  replyToThread,
  setThreadResolved,
} from "~/services/contracts/review.server";
import { attemptKeepingInput, parseForm } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `合同草案 · ${page?.case.title ?? "集体协商"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const v = Number(new URL(request.url).searchParams.get("v"));
  return draftsPage(user, params.id ?? "", Number.isSafeInteger(v) && v > 0 ? v : null);
}

const n = (label: string) => z.coerce.number({ error: label }).int(label).positive(label);
const version = z.coerce.number().int().nonnegative();
const text = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(2000, `${label}不超过2000字`);
const clauseId = z.string().min(1).max(200);

const DraftAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assemble"), side: z.enum(["employee", "employer"]) }),
  z.object({ intent: z.literal("draftDocx"), number: n("缺少稿次") }),
  z.object({ intent: z.literal("comment"), number: n("缺少稿次"), clauseId, text: text("意见") }),
  z.object({ intent: z.literal("reply"), thread: n("缺少意见编号"), text: text("回复") }),
  z.object({
    intent: z.literal("resolve"),
    thread: n("缺少意见编号"),
    version,
    resolved: z.enum(["1", "0"]),
  }),
  z.object({
    intent: z.literal("suggest"),
    number: n("缺少稿次"),
    clauseId,
    text: text("建议的条款文字"),
    note: z.string().trim().max(2000, "说明不超过2000字").default(""),
  }),
  z.object({
    intent: z.literal("decide"),
    suggestion: n("缺少建议编号"),
    version,
    decision: z.enum(["accept", "decline", "withdraw"]),
    reason: z.string().trim().max(500, "理由不超过500字").default(""),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  const here = `/bargaining/cases/${id}/drafts`;
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, DraftAction);
    switch (input.intent) {
      case "assemble": {
        const made = await assembleCaseDraft(user, id, input);
        return { ok: true as const, redirectTo: `${here}?v=${made.number}` };
      }
      case "draftDocx":
        await requestDraftDocument(user, id, input.number);
        return { ok: true as const, message: "Word 文件正在生成，请稍后刷新" };
      case "comment":
        await openThread(user, id, {
          versionNumber: input.number,
          clauseId: input.clauseId,
          text: input.text,
        });
        return { ok: true as const, message: "意见已发表（仅职工方可见）" };
      case "reply":
        await replyToThread(user, id, input);
        return { ok: true as const, message: "已回复" };
      case "resolve":
        await setThreadResolved(user, id, { ...input, resolved: input.resolved === "1" });
        return { ok: true as const, message: input.resolved === "1" ? "意见已标记为解决" : "意见已重新打开" };
      case "suggest":
        await proposeWording(user, id, { ...input, versionNumber: input.number });
        return { ok: true as const, message: "修改建议已提交，待首席代表处理" };
      case "decide": {
        const made = await decideOnSuggestion(
          user,
          id,
          input.decision === "decline"
            ? {
                suggestion: input.suggestion,
                version: input.version,
                decision: "decline",
                reason: input.reason,
              }
            : { suggestion: input.suggestion, version: input.version, decision: input.decision },
        );
        if (made) return { ok: true as const, redirectTo: `${here}?v=${made.number}` };
        return {
          ok: true as const,
          message: input.decision === "decline" ? "已不予采纳，理由已告知提出人" : "建议已撤回",
        };
      }
    }
  });
  if ("redirectTo" in result && result.redirectTo) return redirect(result.redirectTo);
  return result;
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type Selected = NonNullable<Page["selected"]>;
type Review = NonNullable<Page["review"]>;

const when = (iso: string) =>
  new Date(iso).toLocaleString("zh-CN", {
    timeZone: "Asia/Shanghai",
    hour12: false,
    dateStyle: "short",
    timeStyle: "short",
  });

export default function DraftsPage() {
  const page = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
  const s = page.selected;
  return (
    <div className="drafts-page">
      <p className="hint">
        <Link to={`/bargaining/cases/${page.case.id}`}>{page.case.title}</Link> › 合同草案
      </p>
      <h1>合同草案</h1>
      <p className="hint">
        {page.case.statusLabel}
        {page.case.agreedLabel ? `；协商一致的草案：${page.case.agreedLabel}` : ""}
      </p>
      <FormError failure={failure} />
      {done ? (
        <div className="notice" role="status" data-testid="drafts-done">
          {done}
        </div>
      ) : null}
      <section className="card">
        <h2>稿次</h2>
        {page.versions.length ? (
          <ul className="version-list" data-testid="version-list">
            {page.versions.map((v) => (
              <li key={v.number} className={s?.number === v.number ? "current" : undefined}>
                <Link to={`?v=${v.number}`} data-version={v.number}>
                  {v.label}
                </Link>
                <span className="hint">
                  {" "}
                  {v.basisLabel} · {v.createdByName} · {when(v.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">尚未生成草案。</p>
        )}
        {page.canAssemble ? (
          <AuthForm method="post" className="inline-form">
            <input type="hidden" name="intent" value="assemble" />
            {page.mySides.length === 1 ? (
              <input type="hidden" name="side" value={page.mySides[0].side} />
            ) : (
              <select name="side" aria-label="代表">
                {page.mySides.map((m) => (
                  <option key={m.side} value={m.side}>
                    {m.label}
                  </option>
                ))}
              </select>
            )}
            <button type="submit" disabled={busy}>
              {page.versions.length ? "按暂定一致的议题重新生成" : "由条款库生成第1稿"}
            </button>
          </AuthForm>
        ) : null}
        {page.versions.length > 1 || (page.versions.length && page.hasPrevious) ? (
          <p>
            <Link to={`/bargaining/cases/${page.case.id}/redline`} data-testid="redline-link">
              修改对照
            </Link>
          </p>
        ) : null}
      </section>
      {s ? <Version page={page} s={s} busy={busy} /> : null}
    </div>
  );
}

function Version({ page, s, busy }: { page: Page; s: Selected; busy: boolean }) {
  const errors = s.check.issues.filter((i) => i.level === "error");
  const warnings = s.check.issues.filter((i) => i.level === "warning");
  return (
    <>
      <section className="card" data-testid="version" data-version={s.number}>
        <h2>
          {s.label}
          {s.latest ? "（最新）" : ""}
        </h2>
        <p>{s.title}</p>
        <p className="hint">
          条款库 {s.library} · 文本校验码 <code>{s.textHash.slice(0, 16)}</code>
        </p>
        <div className="toolbar">
          <WordFile
            render={s.document}
            label="集体合同（草案）"
            testId="draft"
            intent="draftDocx"
            fields={{ number: s.number }}
            busy={busy}
          />
          {s.number > 1 ? (
            <Link
              className="button secondary"
              to={`/bargaining/cases/${page.case.id}/redline?from=${s.number - 1}&to=${s.number}`}
            >
              与第{s.number - 1}稿对照
            </Link>
          ) : null}
        </div>
      </section>
      <section className="card" data-testid="checks">
        <h2>表决前检查</h2>
        {s.check.ready && warnings.length === 0 ? (
          <p className="ok-text">未发现问题，可提交协商一致。</p>
        ) : null}
        {errors.length ? (
          <ul className="issues" data-level="error">
            {errors.map((i, k) => (
              <li key={k} className="issue-error">
                {i.articleLabel ? <strong>{i.articleLabel} </strong> : null}
                {i.message}
              </li>
            ))}
          </ul>
        ) : null}
        {warnings.length ? (
          <ul className="issues" data-level="warning">
            {warnings.map((i, k) => (
              <li key={k} className="issue-warning">
                {i.articleLabel ? <strong>{i.articleLabel} </strong> : null}
                {i.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {s.chapters.map((c) => (
        <section key={c.heading} className="card chapter">
          <h2>{c.heading}</h2>
          {c.articles.map((a) => (
            <article key={a.clauseId} className="clause" data-clause={a.clauseId} data-article={a.label}>
              <h3>
                {a.label}
                {"\u3000"}
                {a.title} <span className="badge">{a.originLabel}</span>
              </h3>
              <p className="clause-text">{a.text}</p>
              {a.legalNote ? <p className="hint">法定标准：{a.legalNote}</p> : null}
              {page.review ? (
                <ClauseReview
                  page={page}
                  review={page.review}
                  s={s}
                  clauseId={a.clauseId}
                  text={a.text}
                  busy={busy}
                />
              ) : null}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}

function ClauseReview({
  page,
  review,
  s,
  clauseId,
  text,
  busy,
}: {
  page: Page;
  review: Review;
  s: Selected;
  clauseId: string;
  text: string;
  busy: boolean;
}) {
  const threads = review.threads.filter((t) => t.clauseId === clauseId);
  const suggestions = review.suggestions.filter((x) => x.clauseId === clauseId);
  return (
    <div className="clause-review" data-testid="clause-review">
      {threads.map((t) => (
        <div key={t.n} className={`thread${t.resolved ? " resolved" : ""}`} data-testid="thread">
          <p>
            <strong>{t.openedByName}</strong>{" "}
            <span className="hint">
              {t.versionLabel} · {when(t.at)}
            </span>
            {t.resolved ? <span className="badge ok">已解决（{t.resolvedByName}）</span> : null}
          </p>
          <p className="pre">{t.text}</p>
          {t.replies.map((r, i) => (
            <p key={i} className="reply">
              <strong>{r.byName}</strong>：{r.text}
            </p>
          ))}
          <AuthForm method="post" className="inline-form">
            <input type="hidden" name="intent" value="reply" />
            <input type="hidden" name="thread" value={t.n} />
            <input name="text" aria-label="回复" placeholder="回复" maxLength={2000} />
            <button type="submit" className="secondary" disabled={busy}>
              回复
            </button>
          </AuthForm>
          <AuthForm method="post" className="inline-form">
            <input type="hidden" name="intent" value="resolve" />
            <input type="hidden" name="thread" value={t.n} />
            <input type="hidden" name="version" value={t.version} />
            <input type="hidden" name="resolved" value={t.resolved ? "0" : "1"} />
            <button type="submit" className="secondary" disabled={busy}>
              {t.resolved ? "重新打开" : "标记为已解决"}
            </button>
          </AuthForm>
        </div>
      ))}
      {suggestions.map((x) => (
        <div key={x.n} className="suggestion" data-testid="suggestion" data-status={x.status}>
          <p>
            <strong>{x.proposedByName}</strong> 建议修改（{x.versionLabel}）
            <span className="badge">{x.statusLabel}</span>
            {x.acceptedInLabel ? <span className="hint"> 已进入{x.acceptedInLabel}</span> : null}
          </p>
          <p className="pre suggested-text">{x.text}</p>
          {x.note ? <p className="hint">说明：{x.note}</p> : null}
          {x.status === "declined" ? (
            <p className="decline-reason" data-testid="decline-reason">
              {x.decidedByName}未采纳，理由：{x.reason}
            </p>
          ) : null}
          {x.status === "pending" && page.access.decide ? (
            <div className="decide">
              <AuthForm method="post" className="inline-form">
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="suggestion" value={x.n} />
                <input type="hidden" name="version" value={x.version} />
                <input type="hidden" name="decision" value="accept" />
                <button type="submit" disabled={busy}>
                  采纳（生成新稿）
                </button>
              </AuthForm>
              <AuthForm method="post" className="inline-form">
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="suggestion" value={x.n} />
                <input type="hidden" name="version" value={x.version} />
                <input type="hidden" name="decision" value="decline" />
                <input
                  name="reason"
                  aria-label="不采纳的理由"
                  placeholder="不采纳的理由（提出人可见）"
                  maxLength={500}
                />
                <button type="submit" className="secondary" disabled={busy}>
                  不采纳
                </button>
              </AuthForm>
            </div>
          ) : null}
          {x.status === "pending" && x.mine ? (
            <AuthForm method="post" className="inline-form">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="suggestion" value={x.n} />
              <input type="hidden" name="version" value={x.version} />
              <input type="hidden" name="decision" value="withdraw" />
              <button type="submit" className="secondary" disabled={busy}>
                撤回
              </button>
            </AuthForm>
          ) : null}
        </div>
      ))}
      <details className="review-forms">
        <summary>提意见或建议修改</summary>
        <AuthForm method="post">
          <input type="hidden" name="intent" value="comment" />
          <input type="hidden" name="number" value={s.number} />
          <input type="hidden" name="clauseId" value={clauseId} />
          <div className="field">
            <label htmlFor={`comment-${clauseId}`}>意见（仅职工方可见）</label>
            <textarea id={`comment-${clauseId}`} name="text" rows={3} maxLength={2000} />
          </div>
          <button type="submit" disabled={busy}>
            发表意见
          </button>
        </AuthForm>
        {s.canSuggest ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="suggest" />
            <input type="hidden" name="number" value={s.number} />
            <input type="hidden" name="clauseId" value={clauseId} />
            <div className="field">
              <label htmlFor={`suggest-${clauseId}`}>建议的条款文字</label>
              <textarea
                id={`suggest-${clauseId}`}
                name="text"
                rows={4}
                defaultValue={text}
                maxLength={2000}
              />
            </div>
            <div className="field">
              <label htmlFor={`note-${clauseId}`}>说明（可选）</label>
              <input id={`note-${clauseId}`} name="note" maxLength={2000} />
            </div>
            <button type="submit" disabled={busy}>
              提交修改建议
            </button>
          </AuthForm>
        ) : null}
      </details>
    </div>
  );
}
