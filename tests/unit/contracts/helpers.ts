import type { CaseKind } from "~/domain/bargaining/case-kinds";
import { bargainedTopics } from "~/domain/contracts/contents";
import {
  assembleDraft,
  type AgreedTopic,
  type AssembleDraftInput,
  type DraftClause,
  type DraftVersion,
} from "~/domain/contracts/draft";
import { DEFAULT_CONTRACT_LIBRARY } from "../../../templates/contracts";

export const PARTIES = {
  employerName: "滨江湖滨精密机械有限公司",
  unionName: "滨江湖滨精密机械有限公司工会",
};

/** Every bargained topic of the kind agreed, with the library's clauses. */
export function allAgreed(kind: CaseKind): AgreedTopic[] {
  return bargainedTopics(kind).map((t) => ({ topic: t.key, clauses: [] }));
}

export function draftOf(
  kind: CaseKind,
  agreed: AgreedTopic[] = allAgreed(kind),
  extra: Partial<AssembleDraftInput> = {},
): DraftVersion {
  const r = assembleDraft({ kind, library: DEFAULT_CONTRACT_LIBRARY, parties: PARTIES, agreed, ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.draft;
}

export function clauseOf(d: DraftVersion, id: string): DraftClause {
  const found = d.chapters.flatMap((c) => c.clauses).find((c) => c.id === id);
  if (!found) throw new Error(`no clause ${id}`);
  return found;
}
