import { parseLegalBasis, type StatuteLibrary } from "./statutes";
import type { Citation, Question } from "./types";

/**
 * The part of the statute library a page needs: every statute named in the questions' legal bases or
 * citations, with only the articles they cite. The shipped library is about 316 KB; a questionnaire page
 * sends this subset with its loader instead, and parseLegalBasis works on it as on the whole library.
 */
export function citedStatutes(
  questions: readonly Pick<Question, "legalBasis" | "citations">[],
  library: StatuteLibrary,
): StatuteLibrary {
  const subset: StatuteLibrary = {};
  const add = (citation: { statute: string | null; article?: string }) => {
    const statute = citation.statute ? library[citation.statute] : undefined;
    if (!statute || !citation.statute) return;
    const entry = (subset[citation.statute] ??= {
      title: statute.title,
      versionDate: statute.versionDate,
      versionDateBasis: statute.versionDateBasis,
      history: [],
      articles: {},
    });
    const text = citation.article ? statute.articles[citation.article] : undefined;
    if (citation.article && text !== undefined) entry.articles[citation.article] = text;
  };
  for (const q of questions) {
    if (q.legalBasis) {
      for (const segment of parseLegalBasis(q.legalBasis, library).segments) {
        if (segment.kind === "citation") add(segment);
      }
    }
    q.citations?.forEach((c: Citation) => add(c));
  }
  return subset;
}
