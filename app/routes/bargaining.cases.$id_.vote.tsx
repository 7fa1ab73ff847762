import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { KEEP_PAGE, revalidateUnlessKept } from "~/lib/keep-page";
import { attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import { votePage } from "~/services/votes/congress-page.server";
import { castBallot } from "~/services/votes/congress.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `投票 · ${page?.kindLabel ?? "职工代表大会"} · 工会协商通` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Right after a ballot posted without JavaScript (one request: the action, then this), the page shows
  // the receipt; the draft is not read and rendered again.
  return votePage(user, params.id ?? "", { draft: !context.ballotCast });
}

/** After a ballot the page keeps its data: the response is the receipt alone (app/lib/keep-page.ts). */
export const shouldRevalidate = revalidateUnlessKept;

const BallotForm = z.object({
  intent: z.literal("cast", { error: "请求有误" }),
  choice: z.enum(["approve", "oppose", "abstain"], { error: "请选择同意、不同意或弃权" }),
});

/** The receipt code is in this response only: stored nowhere beside the voter, shown once. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, BallotForm);
    const { receiptCode } = await castBallot(user, params.id ?? "", input.choice);
    context.ballotCast = true;
    return { ok: true as const, message: "投票成功", receiptCode, ...KEEP_PAGE };
  });
  if (isFailure(result)) return data(result, { status: 400 });
  return result;
}

export default function VotePage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { busy, failure } = useActionNotice(result);
  const receipt = result && "receiptCode" in result ? result.receiptCode : null;
  const [choice, setChoice] = useState("");
  const [query, setQuery] = useState("");
  const vote = page.vote;
  const q = query.toUpperCase().replace(/[\s-]/g, "");
  return (
    <div className="vote-page">
      <h1>{page.kindLabel}表决</h1>
      <p className="hint">
        {page.case.enterpriseName} · {page.memberName}
      </p>
      <FormError failure={failure} />
      {receipt ? (
        <div className="notice receipt" role="status" data-testid="receipt">
          <p>投票成功。您的回执码：</p>
          <p className="receipt-code" data-testid="receipt-code">
            {`${receipt.slice(0, 5)}-${receipt.slice(5)}`}
          </p>
          <p className="hint">
            回执码只显示这一次，请记下。表决结束后可在公布名单中核对您的选票已经计入；回执码不显示您的选择。
          </p>
        </div>
      ) : null}
      {!vote ? <p>会议尚未召开。</p> : null}
      {vote ? (
        <p data-testid="vote-status">
          第{vote.number}次会议 · {vote.statusLabel} · 表决{vote.draftLabel}
        </p>
      ) : null}
      {page.draft ? (
        <details className="card draft-text">
          <summary>
            阅读草案：{page.draft.title}（{page.draft.label}）
          </summary>
          {page.draft.chapters.map((c) => (
            <div key={c.heading}>
              <h3>{c.heading}</h3>
              {c.articles.map((a) => (
                <p key={a.label}>
                  <strong>{`${a.label}\u3000${a.title}`}</strong>
                  {`\u3000${a.text}`}
                </p>
              ))}
            </div>
          ))}
        </details>
      ) : null}
      {vote?.status === "open" && !receipt ? (
        page.voted ? (
          <p className="notice" data-testid="already-voted">
            您已投票。
          </p>
        ) : !page.present ? (
          <p className="hint" data-testid="not-present">
            您尚未签到，请到会场签到后投票。
          </p>
        ) : (
          <AuthForm method="post" className="ballot" data-testid="ballot">
            <input type="hidden" name="intent" value="cast" />
            <fieldset>
              <legend>您对草案的意见（无记名投票）</legend>
              {page.choices.map((c) => (
                <label key={c.key} className={`ballot-option${choice === c.key ? " chosen" : ""}`}>
                  <input
                    type="radio"
                    name="choice"
                    value={c.key}
                    checked={choice === c.key}
                    onChange={() => setChoice(c.key)}
                  />
                  {c.label}
                </label>
              ))}
            </fieldset>
            <button type="submit" disabled={busy || !choice}>
              投票
            </button>
            <p className="hint">每人只能投一票，投出后不能更改。您的选择不会与您的姓名一起保存。</p>
          </AuthForm>
        )
      ) : null}
      {page.result ? (
        <section className="card" data-testid="vote-result">
          <h2>{page.result.passed ? "草案获得通过" : "草案未获通过"}</h2>
          <p>{page.result.summary}</p>
        </section>
      ) : null}
      {page.published ? (
        <section className="card">
          <h2>回执码公布（{page.published.count}个）</h2>
          <input
            aria-label="核对回执码"
            placeholder="输入您的回执码"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {q ? (
            <p data-testid="code-check">
              {page.published.codes.includes(q) ? "您的选票已经计入" : "公布名单中没有该回执码"}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
