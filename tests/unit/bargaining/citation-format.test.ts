import {
  chineseNumeral,
  formatArticle,
  formatCitation,
  formatCitations,
  formatStatuteTitle,
} from "~/domain/citation-format";
import { articleNumber } from "~/domain/health-check/statutes";

describe("chineseNumeral", () => {
  it.each([
    [1, "一"],
    [8, "八"],
    [10, "十"],
    [11, "十一"],
    [19, "十九"],
    [20, "二十"],
    [36, "三十六"],
    [55, "五十五"],
    [99, "九十九"],
    [100, "一百"],
    [101, "一百零一"],
    [103, "一百零三"],
    [110, "一百一十"],
    [111, "一百一十一"],
    [120, "一百二十"],
    [200, "二百"],
    [201, "二百零一"],
    [203, "二百零三"],
    [210, "二百一十"],
    [299, "二百九十九"],
    [300, "三百"],
    [1000, "一千"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [1259, "一千二百五十九"],
  ])("%i → %s", (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });

  it("round-trips 1–300 through the statute parser", () => {
    for (let n = 1; n <= 300; n++) expect(articleNumber(chineseNumeral(n))).toBe(String(n));
  });

  it.each([0, -1, 1.5, 10000, Number.NaN])("refuses %p", (n) => {
    expect(() => chineseNumeral(n)).toThrow(RangeError);
  });
});

describe("formatCitation", () => {
  it.each([
    [{ statute: "集体合同规定", article: "19" }, "《集体合同规定》第十九条"],
    [{ statute: "民法典", article: "203" }, "《民法典》第二百零三条"],
    [{ statute: "劳动合同法", article: "55" }, "《劳动合同法》第五十五条"],
    [{ statute: "上海市集体合同条例", article: "15" }, "《上海市集体合同条例》第十五条"],
    [{ statute: "《集体合同规定》", article: "8" }, "《集体合同规定》第八条"], // never doubled
  ])("%o → %s", (c, text) => {
    expect(formatCitation(c)).toBe(text);
  });

  it("uses the official title on request, falling back to the key", () => {
    expect(formatCitation({ statute: "劳动合同法", article: "55" }, "full")).toBe(
      "《中华人民共和国劳动合同法》第五十五条",
    );
    expect(formatStatuteTitle("《民法典》", "full")).toBe("《中华人民共和国民法典》");
    expect(formatStatuteTitle("某市集体合同条例", "full")).toBe("《某市集体合同条例》");
  });

  it("joins articles of one statute with 、 and statutes with ，", () => {
    expect(
      formatCitations([
        { statute: "集体合同规定", article: "45" },
        { statute: "集体合同规定", article: "47" },
        { statute: "劳动合同法", article: "54" },
      ]),
    ).toBe("《集体合同规定》第四十五条、第四十七条，《劳动合同法》第五十四条");
  });

  it.each(["", "0", "19a", "第19条", "01"])("refuses the article %p", (article) => {
    expect(() => formatArticle(article)).toThrow(RangeError);
  });
});
