import { parseLegalBasis } from "~/domain/health-check/statutes";
import { statuteLibrary } from "../../templates/statutes";

export interface BasisView {
  text: string;
  signal: boolean;
  articles: { label: string; title: string; versionDate?: string; text: string | null }[];
}

/** The legal basis of a question or finding, with each cited article's full text for reading in place. */
export function legalBasisView(basis: string | undefined): BasisView | null {
  if (!basis) return null;
  const parsed = parseLegalBasis(basis, statuteLibrary);
  return {
    text: basis.replace(/^\*\(signal\)\*\s*/, ""),
    signal: parsed.signal,
    articles: parsed.segments.flatMap((s) =>
      s.kind === "citation"
        ? [
            {
              label: s.article ? `${s.name} 第${s.article}条` : s.name,
              title: s.fullTitle,
              versionDate: s.statute ? statuteLibrary[s.statute]?.versionDate : undefined,
              text: s.text ?? null,
            },
          ]
        : [],
    ),
  };
}
