import { citedArticles, formatLegalBasis, type CitedArticle } from "~/domain/citation-format";
import { isSignalBasis, parseLegalBasis, type StatuteLibrary } from "~/domain/health-check/statutes";
import type { Citation } from "~/domain/health-check/types";

/**
 * The legal basis of a question, as prose (full titles, Chinese-numeral articles), with every cited article
 * whose text is shipped openable in place: a <details> showing the article, the date of the version the
 * text comes from and the full text. An article without text says 全文未收录 and opens nothing.
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
  const signal = basis ? isSignalBasis(basis) : false;
  const notes = basis
    ? parseLegalBasis(basis, statutes).segments.flatMap((s) => (s.kind === "note" ? [s.text] : []))
    : [];
  const articles = citedArticles(basis, citations, statutes);
  return (
    <div className="qp-basis">
      <span className="qp-basis-label">{signal ? "风险预警指标（不属于违法事项）" : "法律依据"}</span>
      {basis && articles.length > 0 ? (
        <span className="qp-basis-note">{formatLegalBasis(basis, statutes)}</span>
      ) : null}
      {articles.length === 0
        ? notes.map((n) => (
            <span key={n} className="qp-basis-note">
              {n}
            </span>
          ))
        : null}
      {articles.map((a) => (
        <ArticleDetails key={a.label} article={a} />
      ))}
    </div>
  );
}

function ArticleDetails({ article }: { article: CitedArticle }) {
  if (article.text === null) {
    return (
      <div className="qp-citation qp-article-missing" data-citation={article.label}>
        {article.label}：全文未收录，请查阅官方发布的文本。
      </div>
    );
  }
  return (
    <details className="qp-citation" data-citation={article.label}>
      <summary>{article.label}</summary>
      <div className="qp-article">
        <div className="qp-article-title">{article.label}</div>
        {article.versionDate ? (
          <div className="qp-article-version">版本日期：{article.versionDate}</div>
        ) : null}
        {article.text.split("\n").map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </div>
    </details>
  );
}
