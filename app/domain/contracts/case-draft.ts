/**
 * From a bargaining case to the input of assembleDraft, and the canonical text a version's hash is taken
 * of. Pure: the service passes the case's topic board and stores what comes back.
 *
 * A topic tentatively agreed (TA) on the board becomes an agreed topic of the draft:
 * - a statutory topic of the contract's kind (集体合同规定 第8条, 工资集体协商试行办法 第7条) takes the
 *   library's model clauses for it, and the wording agreed at the table as one more clause when the sides
 *   wrote one (not merely the topic's title);
 * - a topic of the sides' own or a health-check finding becomes a clause of "other matters" (第8条 (十五),
 *   第7条 (九)) with the agreed wording.
 * Topics still open, countered or withdrawn are not in the draft.
 */
import type { CaseKind } from "../bargaining/case-kinds";
import { topicKeysForKind } from "./contents";
import type { AgreedClause, AgreedTopic, ContractText } from "./draft";
import { clausesForTopic, type ContractLibrary } from "./library";

export interface BoardTopic {
  key: string;
  title: string;
  /** The board status: on_table / counter / ta / withdrawn. */
  status: string;
  agreedText: string;
}

/** The topic of "other matters" each kind's own topics go to. */
const OTHER_TOPIC: Record<CaseKind, string> = {
  comprehensive: "other",
  wage: "wage_other",
  women: "other",
  safety: "other",
};

const MAX_TITLE = 40;

function ownClause(title: string, text: string): AgreedClause {
  const chars = [...title.trim()];
  return { title: chars.length > MAX_TITLE ? chars.slice(0, MAX_TITLE).join("") : chars.join(""), text };
}

/** The TA topics of the board as the agreed topics of a draft, in board order, "other matters" merged. */
export function agreedTopicsFromBoard(
  kind: CaseKind,
  library: ContractLibrary,
  topics: readonly BoardTopic[],
): AgreedTopic[] {
  const statutory = new Set(topicKeysForKind(kind));
  const out: AgreedTopic[] = [];
  const other: AgreedClause[] = [];
  for (const t of topics) {
    if (t.status !== "ta") continue;
    const wording = t.agreedText.trim();
    const written = wording !== "" && wording !== t.title.trim();
    if (statutory.has(t.key) && t.key !== OTHER_TOPIC[kind]) {
      const clauses: AgreedClause[] = clausesForTopic(library, kind, t.key).map((c) => ({
        templateKey: c.key,
      }));
      if (written) clauses.push(ownClause(`${t.title}（协商一致）`, wording));
      out.push({ topic: t.key, clauses });
    } else {
      other.push(ownClause(t.title, written ? wording : t.title));
    }
  }
  if (other.length > 0) out.push({ topic: OTHER_TOPIC[kind], clauses: other });
  return out;
}

/**
 * The chapters as canonical JSON: fixed key order, only what the text says (chapter, clause id, title and
 * text), so two versions with the same words have the same hash whatever else they record.
 */
export function canonicalText(text: Pick<ContractText, "chapters">): string {
  return JSON.stringify(
    text.chapters.map((c) => ({
      key: c.key,
      title: c.title,
      clauses: c.clauses.map((x) => ({ id: x.id, title: x.title, text: x.text })),
    })),
  );
}
