/**
 * Citations as the health check, the report, the prescription items and the Word files show them: full
 * statute titles, never in doubled book-title marks, articles in Chinese numerals, the text one click away
 * where it is shipped and 全文未收录 only where it is not.
 */
import { articleAnnex, chineseNumeral, citedArticles, formatLegalBasis } from "~/domain/citation-format";
import { articleNumber, basisText } from "~/domain/health-check/statutes";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { statuteLibrary } from "../../../templates/statutes";

const DOUBLED = /《《|》》/;

describe("formatLegalBasis", () => {
  it.each([
    ["劳动法 第41条", "《中华人民共和国劳动法》第四十一条"],
    [
      "劳动法 第50条；劳动合同法 第30条、第85条",
      "《中华人民共和国劳动法》第五十条；《中华人民共和国劳动合同法》第三十条、第八十五条",
    ],
    [
      "《安全生产法》第45条、第47条；劳动法 第54条",
      "《中华人民共和国安全生产法》第四十五条、第四十七条；《中华人民共和国劳动法》第五十四条",
    ],
    ["《工资支付暂行规定》第6条", "《工资支付暂行规定》第六条"],
    ["女职工规定 第10条", "《女职工劳动保护特别规定》第十条"],
    ["派遣规定 第3条", "《劳务派遣暂行规定》第三条"],
    ["劳动合同法 第4条；民主管理规定", "《中华人民共和国劳动合同法》第四条；《企业民主管理规定》"],
    ["*(signal)* 劳动关系风险研判", "劳动关系风险研判"],
    [
      "*(signal)* 劳动合同法 第52条；《工资集体协商试行办法》第7条",
      "《中华人民共和国劳动合同法》第五十二条；《工资集体协商试行办法》第七条",
    ],
    [
      "《保障农民工工资支付条例》第12条、第26条、第28条、第31条",
      "《保障农民工工资支付条例》第十二条、第二十六条、第二十八条、第三十一条",
    ],
  ])("%s → %s", (basis, prose) => {
    expect(formatLegalBasis(basis, statuteLibrary)).toBe(prose);
  });

  it("never doubles a title and leaves no Arabic article number in any basis of the default template", () => {
    const bases = [
      ...defaultTemplate.rules.map((r) => r.legalBasis),
      ...defaultTemplate.questions.flatMap((q) => (q.legalBasis ? [q.legalBasis] : [])),
    ];
    expect(bases.length).toBeGreaterThan(50);
    for (const basis of bases) {
      const prose = formatLegalBasis(basis, statuteLibrary);
      expect(prose).not.toMatch(DOUBLED);
      expect(prose).not.toMatch(/第\d+条/);
      expect(prose).not.toContain("*(signal)*");
      // Nothing named is lost: every statute reference or note of the basis is still there.
      expect(prose.split("；")).toHaveLength(
        basisText(basis)
          .split(/[；;]/)
          .filter((p) => p.trim()).length,
      );
    }
  });

  it("writes every article 1–300 in Chinese numerals that read back to the same number", () => {
    for (let n = 1; n <= 300; n++) {
      const prose = formatLegalBasis(`劳动合同法 第${n}条`, statuteLibrary);
      const m = /^《中华人民共和国劳动合同法》第(.+)条$/.exec(prose);
      expect(m?.[1]).toBe(chineseNumeral(n));
      expect(articleNumber(m![1])).toBe(String(n));
    }
  });
});

describe("citedArticles", () => {
  it("gives each article its full label and text; the departmental rules now shipped open too", () => {
    const cited = citedArticles(
      "劳动法 第48条；最低工资规定 第12条；集体合同规定 第32条；派遣规定 第3条；《工资集体协商试行办法》第7条",
      [],
      statuteLibrary,
    );
    expect(cited.map((c) => c.label)).toEqual([
      "《中华人民共和国劳动法》第四十八条",
      "《最低工资规定》第十二条",
      "《集体合同规定》第三十二条",
      "《劳务派遣暂行规定》第三条",
      "《工资集体协商试行办法》第七条",
    ]);
    for (const c of cited) {
      expect(c.text).toBe(statuteLibrary[c.statute!].articles[c.article!]);
      expect(c.versionDate).toBe(statuteLibrary[c.statute!].versionDate);
    }
  });

  it("says 全文未收录 (text null, no statute to open) only for 企业民主管理规定", () => {
    const cited = citedArticles("劳动合同法 第4条；民主管理规定", [], statuteLibrary);
    expect(cited).toEqual([
      expect.objectContaining({ label: "《中华人民共和国劳动合同法》第四条", statute: "劳动合同法" }),
      { statute: null, label: "《企业民主管理规定》", text: null },
    ]);
    const missing = defaultTemplate.rules
      .flatMap((r) => citedArticles(r.legalBasis, r.citations, statuteLibrary))
      .filter((c) => c.text === null)
      .map((c) => c.label);
    expect([...new Set(missing)]).toEqual(["《企业民主管理规定》"]);
  });

  it("adds structured citations the text does not name, once", () => {
    const cited = citedArticles(
      "劳动合同法 第10条",
      [
        { statute: "劳动合同法", article: "10" },
        { statute: "劳动合同法", article: "82" },
      ],
      statuteLibrary,
    );
    expect(cited.map((c) => c.label)).toEqual([
      "《中华人民共和国劳动合同法》第十条",
      "《中华人民共和国劳动合同法》第八十二条",
    ]);
    expect(citedArticles(undefined, [], statuteLibrary)).toEqual([]);
  });
});

describe("articleAnnex", () => {
  it("lists each article once, grouped by statute in order of first citation, articles ascending", () => {
    const cited = [
      ...citedArticles("劳动合同法 第82条；劳动法 第41条", [], statuteLibrary),
      ...citedArticles("劳动合同法 第10条、第82条；民主管理规定", [], statuteLibrary),
    ];
    expect(articleAnnex(cited).map((c) => c.label)).toEqual([
      "《中华人民共和国劳动合同法》第十条",
      "《中华人民共和国劳动合同法》第八十二条",
      "《中华人民共和国劳动法》第四十一条",
      "《企业民主管理规定》",
    ]);
  });
});
