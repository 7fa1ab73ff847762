export interface BasisViewProps {
  text: string;
  signal: boolean;
  articles: { label: string; title: string; versionDate?: string; text: string | null }[];
}

/** The legal basis line; each cited article opens in place with its full text. */
export function LegalBasis({ basis }: { basis: BasisViewProps | null }) {
  if (!basis) return null;
  return (
    <div className="hint" style={{ marginTop: 6 }}>
      {basis.signal ? "风险信号依据：" : "法律依据："}
      {basis.text}
      {basis.articles.map((a) => (
        <details key={a.label} className="basis">
          <summary>查看 {a.label} 原文</summary>
          <blockquote>
            <strong>
              《{a.title}》{a.label.replace(/^.*?(第.+条)?$/, "$1")}
            </strong>
            {a.versionDate ? `（${a.versionDate} 版）` : ""}
            {"\n"}
            {a.text ?? "全文未收录：本系统尚未收录该规定的条文原文，请查阅官方发布的文本。"}
          </blockquote>
        </details>
      ))}
    </div>
  );
}
