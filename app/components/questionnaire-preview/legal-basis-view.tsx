import { parseLegalBasis, type StatuteLibrary } from "~/domain/health-check/statutes";
import type { Citation } from "~/domain/health-check/types";

interface Reference {
  label: string;
  /** Statutes-file key; null when the project holds no text of the statute. */
  statute: string | null;
  fullTitle: string;
  article?: string;
}

/**
 * The legal basis of a question, as written, with every cited article openable in place: a <details>
 * showing the statute's title, the date of the version the text comes from and the full article text.
 * `statutes` may be a subset of the library (citedStatutes): it only has to hold what is cited here.
 */
export function LegalBasisView({
  basis,
  citations = [],
  statutes,
}: {
  basis?: string;
  citations?: Citation[];
  statutes: StatuteLibrary;
}) {
  if (!basis && citations.length === 0) return null;
  const parsed = basis ? parseLegalBasis(basis, statutes) : { signal: false, segments: [] };
  const references: Reference[] = [];
  const notes: string[] = [];
  for (const s of parsed.segments) {
    if (s.kind === "note") notes.push(s.text);
    else {
      references.push({
        label: s.article ? `${s.name} 第${s.article}条` : s.name,
        statute: s.statute,
        fullTitle: s.fullTitle,
        article: s.article,
      });
    }
  }
  // Citations the basis text does not name (possible in an imported template) are listed too.
  for (const c of citations) {
    if (!references.some((r) => r.statute === c.statute && r.article === c.article)) {
      const title = statutes[c.statute]?.title ?? c.statute;
      references.push({
        label: `${c.statute} 第${c.article}条`,
        statute: c.statute,
        fullTitle: `《${title}》`,
        article: c.article,
      });
    }
  }
  return (
    <div className="qp-basis">
      <span className="qp-basis-label">{parsed.signal ? "风险预警指标（不属于违法事项）" : "法律依据"}</span>
      {notes.map((n) => (
        <span key={n} className="qp-basis-note">
          {n}
        </span>
      ))}
      {references.map((r) => (
        <ArticleDetails
          key={`${r.statute ?? r.fullTitle}:${r.article ?? ""}`}
          reference={r}
          statutes={statutes}
        />
      ))}
    </div>
  );
}

function ArticleDetails({ reference, statutes }: { reference: Reference; statutes: StatuteLibrary }) {
  const statute = reference.statute ? statutes[reference.statute] : undefined;
  const text = reference.article ? statute?.articles[reference.article] : undefined;
  const title = statute ? `《${statute.title}》` : reference.fullTitle;
  return (
    <details className="qp-citation" data-citation={reference.label}>
      <summary>{reference.label}</summary>
      <div className="qp-article">
        <div className="qp-article-title">
          {title}
          {reference.article ? ` 第${reference.article}条` : ""}
        </div>
        {statute ? <div className="qp-article-version">版本日期：{statute.versionDate}</div> : null}
        {text !== undefined ? (
          text.split("\n").map((paragraph, i) => <p key={i}>{paragraph}</p>)
        ) : (
          <p className="qp-article-missing">全文未收录：本系统尚未收录该条文的原文，请查阅官方发布的文本。</p>
        )}
      </div>
    </details>
  );
}
