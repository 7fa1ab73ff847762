import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { MarkedText, WordFile } from "~/components/contracts/draft-bits";
import { FormError, useActionNotice } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { requestRedlineDocument } from "~/services/contracts/documents.server";
import { redlinePage } from "~/services/contracts/drafts-page.server";
import { attemptKeepingInput, parseForm } from "~/lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `修改对照 · ${page?.case.title ?? "集体协商"} · 工会协商通` },
];

const positive = (value: string | null) => {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const from = search.get("from") === "previous" ? "previous" : positive(search.get("from"));
  return redlinePage(user, params.id ?? "", from, positive(search.get("to")));
}

const RedlineAction = z.object({
  intent: z.literal("redlineDocx"),
  from: z.union([z.literal("previous"), z.coerce.number().int().positive()]),
  to: z.coerce.number().int().positive(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attemptKeepingInput(async () => {
    const input = parseForm(form, RedlineAction);
    await requestRedlineDocument(user, params.id ?? "", input.from, input.to);
    return { ok: true as const, message: "Word 文件正在生成，请稍后刷新" };
  });
}

export default function RedlinePage() {
  const page = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
  const c = page.compared;
  return (
    <div className="drafts-page">
      <p className="hint">
        <Link to={`/bargaining/cases/${page.case.id}`}>{page.case.title}</Link> ›{" "}
        <Link to={`/bargaining/cases/${page.case.id}/drafts`}>合同草案</Link> › 修改对照
      </p>
      <h1>修改对照</h1>
      <FormError failure={failure} />
      {done ? (
        <div className="notice" role="status">
          {done}
        </div>
      ) : null}
      {c ? (
        <>
          <section className="card">
            <Form method="get" className="inline-form" data-testid="redline-pick">
              <label htmlFor="from">由</label>
              <select id="from" name="from" defaultValue={String(c.from)}>
                {page.hasPrevious ? <option value="previous">上期合同</option> : null}
                {page.versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.label}
                  </option>
                ))}
              </select>
              <label htmlFor="to">至</label>
              <select id="to" name="to" defaultValue={String(c.to)}>
                {page.versions.map((v) => (
                  <option key={v.number} value={v.number}>
                    {v.label}
                  </option>
                ))}
              </select>
              <button type="submit" className="secondary">
                对照
              </button>
            </Form>
            <h2 data-testid="redline-title">
              {c.fromLabel} → {c.toLabel}
            </h2>
            <p data-testid="redline-summary">
              新增{c.summary.added}条、删除{c.summary.removed}条、修改{c.summary.changed}条、调整位置
              {c.summary.moved}条、未修改{c.summary.unchanged}条。
              <span className="legend">
                <del>删除的文字</del> <ins>增加的文字</ins>
              </span>
            </p>
            <WordFile
              render={c.document}
              label="修改对照"
              testId="redline"
              intent="redlineDocx"
              fields={{ from: String(c.from), to: c.to }}
              busy={busy}
            />
          </section>
          <section className="card">
            {c.identical ? <p>两稿条款文字完全相同。</p> : null}
            {c.entries
              .filter((e) => e.kind !== "unchanged" || e.moved)
              .map((e) => (
                <article
                  key={`${e.kind}:${e.clauseId}`}
                  className={`redline-entry redline-${e.kind}`}
                  data-clause={e.clauseId}
                  data-kind={e.kind}
                >
                  <h3>
                    {e.afterLabel ?? e.beforeLabel}
                    {"\u3000"}
                    {e.title} <span className="badge">{e.kindLabel}</span>
                    {e.moved ? <span className="badge">位置调整</span> : null}
                    {e.beforeLabel && e.afterLabel && e.beforeLabel !== e.afterLabel ? (
                      <span className="hint"> 原{e.beforeLabel}</span>
                    ) : null}
                  </h3>
                  {e.titleBefore ? <p className="hint">原标题：{e.titleBefore}</p> : null}
                  <MarkedText segments={e.segments} />
                </article>
              ))}
          </section>
        </>
      ) : (
        <p className="hint">尚未生成草案。</p>
      )}
    </div>
  );
}
