import { citedArticles, formatLegalBasis, type CitedArticle } from "~/domain/citation-format";
import { isSignalBasis } from "~/domain/health-check/statutes";
import type { Citation } from "~/domain/health-check/types";
import { statuteLibrary } from "../../../templates/statutes";

export interface BasisView {
  /** The basis as prose: full statute titles, articles in Chinese numerals. */
  text: string;
  signal: boolean;
  /** Each cited article once, with its text (null: 全文未收录, nothing to open). */
  articles: CitedArticle[];
}

/**
 * The legal basis of a question, finding or prescription item, with each cited article's full text for
 * reading in place. `citations` are the structured ones kept with it (listed too when the text names fewer).
 */
export function legalBasisView(
  basis: string | undefined,
  citations: readonly Citation[] = [],
): BasisView | null {
  if (!basis && citations.length === 0) return null;
  return {
    text: basis ? formatLegalBasis(basis, statuteLibrary) : "",
    signal: basis ? isSignalBasis(basis) : false,
    articles: citedArticles(basis, citations, statuteLibrary),
  };
}
