import type { CitedArticle } from "~/domain/citation-format";

export interface BasisViewProps {
  text: string;
  signal: boolean;
  articles: CitedArticle[];
}

/**
 * The legal basis line; each cited article whose text is shipped opens in place, one click away. An article
 * the platform holds no text of says so, without a control that opens nothing.
 */
export function LegalBasis({
  basis,
  labelled = true,
}: {
  basis: BasisViewProps | null;
  /** False where the page labels the basis already (a 法律依据 row of a fact list). */
  labelled?: boolean;
}) {
  if (!basis) return null;
  return (
    <div className="hint legal-basis" style={{ marginTop: labelled ? 6 : 0 }}>
      {labelled ? (basis.signal ? "风险信号依据：" : "法律依据：") : null}
      {basis.text}
      {basis.articles.map((a) =>
        a.text !== null ? (
          <details key={a.label} className="basis" data-citation={a.label}>
            <summary>查看{a.label}原文</summary>
            <blockquote>
              <strong>{a.label}</strong>
              {a.versionDate ? `（${a.versionDate} 版）` : ""}
              {a.text.split("\n").map((line, i) => (
                <span key={i} style={{ display: "block" }}>
                  {line}
                </span>
              ))}
            </blockquote>
          </details>
        ) : (
          <div key={a.label} className="basis basis-missing" data-citation={a.label}>
            {a.label}：全文未收录，请查阅官方发布的文本。
          </div>
        ),
      )}
    </div>
  );
}
