/**
 * The guard of the agree_draft step (cases.server.ts agreeDraft): the chosen version passes the checks
 * before the vote and no comment of the employee side is left unresolved.
 */
import { TERM_PARAMETER, TERM_TOPIC, versionLabel } from "~/domain/contracts";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import type { CurrentUser } from "../accounts/auth.server";
import { UserError } from "../../lib/http.server";
import { checksOf, draftVersionsOf, kindOf } from "./drafts.server";
import { domainThreads, reviewAccessOf, threadsOf } from "./review.server";

/**
 * Refuses (UserError, nothing changed) unless version `n` of the case may be agreed; returns the term in
 * years its term clause states (null when none can be read).
 */
export async function requireDraftReady(
  user: CurrentUser,
  doc: BargainingCaseDoc,
  n: number,
): Promise<number | null> {
  const versions = await draftVersionsOf(doc._id);
  const chosen = versions.find((v) => v.number === n);
  if (!chosen)
    throw new UserError(
      versions.length ? `草案没有${versionLabel(n)}` : "请先生成合同草案（第1稿），再确认协商一致",
      {
        draftVersion: ["请选择草案稿次"],
      },
    );
  if (chosen.number !== versions.length)
    throw new UserError(
      `${versionLabel(n)}不是最新稿（最新为${versionLabel(versions.length)}），请选择最新稿`,
      {
        draftVersion: ["请选择最新稿"],
      },
    );
  const threads = await threadsOf(doc._id);
  const check = await checksOf(doc, chosen.draft, domainThreads(threads));
  const errors = check.issues.filter((i) => i.level === "error");
  const lines = errors.map((e) =>
    e.articleLabel && !e.message.startsWith(e.articleLabel) ? `${e.articleLabel}：${e.message}` : e.message,
  );
  if (check.unresolved.length > 0) {
    const { takePart } = await reviewAccessOf(user, doc);
    if (takePart)
      lines.push(...check.unresolved.map((u) => `${u.where}有未解决的意见（${u.openedBy}：${u.excerpt}）`));
    else lines.push("职工方尚有未解决的条款审阅意见，请待职工方处理后再确认");
  }
  if (lines.length > 0)
    throw new UserError(`${versionLabel(n)}尚不能作为协商一致的草案：${lines.join("；")}`, {
      draftVersion: lines,
    });
  const term = chosen.draft.chapters
    .flatMap((c) => c.clauses)
    .find(
      (c) => c.topic === TERM_TOPIC[kindOf(doc)] && typeof c.rendering?.values[TERM_PARAMETER] === "number",
    );
  return (term?.rendering?.values[TERM_PARAMETER] as number | undefined) ?? null;
}
