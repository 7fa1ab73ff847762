import { readFileSync } from "node:fs";
import {
  articleNumber,
  citationLabel,
  citationsFromLegalBasis,
  knownStatuteKeys,
  parseLegalBasis,
  resolveCitation,
} from "~/domain/health-check/statutes";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { statuteLibrary } from "../../../templates/statutes";
import { datesIn, deriveVersionDate } from "../../../templates/statutes/version-date";
import { sharedFile } from "../../support/shared-file";

const SOURCE_PATH = sharedFile("domain/statutes/statutes.json", "statutes.json");

describe("parseLegalBasis", () => {
  it("splits statutes on ；and articles on 、, mapping short names to statute keys with their texts", () => {
    const parsed = parseLegalBasis("劳动法 第50条；劳动合同法 第30条、第85条", statuteLibrary);
    expect(parsed.signal).toBe(false);
    expect(
      parsed.segments.map((s) => (s.kind === "citation" ? [s.statute, s.article, s.available] : s)),
    ).toEqual([
      ["劳动法", "50", true],
      ["劳动合同法", "30", true],
      ["劳动合同法", "85", true],
    ]);
    const first = parsed.segments[0];
    expect(first.kind === "citation" && first.text).toBe(
      "工资应当以货币形式按月支付给劳动者本人。不得克扣或者无故拖欠劳动者的工资。",
    );
  });

  it.each([
    ["《安全生产法》第4条、第28条", "安全生产法", ["4", "28"]],
    ["《工资支付暂行规定》第6条", "工资支付暂行规定", ["6"]],
    ["女职工规定 第7条", "女职工劳动保护特别规定", ["7"]],
    ["工伤条例 第17条", "工伤保险条例", ["17"]],
    ["年休假条例 第3条", "职工带薪年休假条例", ["3"]],
    ["工时规定 第3条", "国务院关于职工工作时间的规定", ["3"]],
    ["公积金条例 第15条、第20条", "住房公积金管理条例", ["15", "20"]],
    ["调解仲裁法 第10条", "劳动争议调解仲裁法", ["10"]],
    ["《工会法》第11条", "工会法", ["11"]],
    ["《职业病防治法》第33条、第35条", "职业病防治法", ["33", "35"]],
    ["《保障农民工工资支付条例》第26条、第28条", "保障农民工工资支付条例", ["26", "28"]],
    ["社会保险法 第58条", "社会保险法", ["58"]],
  ])("%s → %s", (basis, key, articles) => {
    const segments = parseLegalBasis(basis, statuteLibrary).segments;
    expect(segments).toHaveLength(articles.length);
    segments.forEach((s, i) => {
      expect(s).toMatchObject({ kind: "citation", statute: key, article: articles[i], available: true });
      expect(s.kind === "citation" && s.text).toBe(statuteLibrary[key].articles[articles[i]]);
    });
  });

  it.each([
    ["集体合同规定 第38条", "集体合同规定", "《集体合同规定》", "集体合同规定", "38"],
    ["派遣规定 第4条", "派遣规定", "《劳务派遣暂行规定》", "劳务派遣暂行规定", "4"],
    ["最低工资规定 第12条", "最低工资规定", "《最低工资规定》", "最低工资规定", "12"],
    [
      "《工资集体协商试行办法》第7条",
      "工资集体协商试行办法",
      "《工资集体协商试行办法》",
      "工资集体协商试行办法",
      "7",
    ],
  ])("%s: the departmental rule's text is shipped and opens", (basis, name, fullTitle, statute, article) => {
    const source = JSON.parse(readFileSync(SOURCE_PATH, "utf8")) as Record<
      string,
      { articles: Record<string, string> }
    >;
    const text = source[statute].articles[article];
    expect(text).toBeTruthy();
    expect(parseLegalBasis(basis, statuteLibrary).segments).toEqual([
      { kind: "citation", name, fullTitle, statute, article, available: true, text },
    ]);
    expect(citationsFromLegalBasis(basis, statuteLibrary)).toEqual([{ statute, article }]);
  });

  it("keeps a statute named without articles as such (民主管理规定), never inventing an article", () => {
    expect(parseLegalBasis("劳动合同法 第4条；民主管理规定", statuteLibrary).segments).toEqual([
      expect.objectContaining({ statute: "劳动合同法", article: "4", available: true }),
      {
        kind: "citation",
        name: "民主管理规定",
        fullTitle: "《企业民主管理规定》",
        statute: null,
        available: false,
      },
    ]);
  });

  it.each([
    ["*(signal)* 劳动关系风险研判", [{ kind: "note", text: "劳动关系风险研判" }]],
    ["*(signal)* 工资支付可追溯", [{ kind: "note", text: "工资支付可追溯" }]],
  ])("%s is a signal note, not a statute", (basis, segments) => {
    expect(parseLegalBasis(basis, statuteLibrary)).toEqual({ signal: true, segments });
  });

  it("reads a statute reference inside a signal basis (DM-03)", () => {
    const parsed = parseLegalBasis("*(signal)* 调解仲裁法 第7条", statuteLibrary);
    expect(parsed.signal).toBe(true);
    expect(parsed.segments).toEqual([
      expect.objectContaining({ statute: "劳动争议调解仲裁法", article: "7" }),
    ]);
  });

  it("marks an article the library lacks as unavailable", () => {
    expect(parseLegalBasis("劳动法 第999条", statuteLibrary).segments).toEqual([
      {
        kind: "citation",
        name: "劳动法",
        fullTitle: "《中华人民共和国劳动法》",
        statute: "劳动法",
        article: "999",
        available: false,
      },
    ]);
  });

  it.each([
    ["50", "50"],
    ["050", "50"],
    ["十", "10"],
    ["四十一", "41"],
    ["一百零三", "103"],
    ["一百一十", "110"],
    ["甲", null],
  ])("article number %s → %s", (raw, expected) => {
    expect(articleNumber(raw)).toBe(expected);
  });
});

describe("citations of the default template", () => {
  const bases = [
    ...defaultTemplate.questions.flatMap((q) =>
      q.legalBasis ? [{ id: q.id, basis: q.legalBasis, citations: q.citations }] : [],
    ),
    ...defaultTemplate.rules.map((r) => ({ id: r.id, basis: r.legalBasis, citations: r.citations })),
  ];

  it("every citation resolves to a real article text in the shipped file", () => {
    const all = bases.flatMap((b) => b.citations ?? []);
    expect(all.length).toBeGreaterThan(80);
    for (const c of all) {
      const text = resolveCitation(statuteLibrary, c);
      expect(typeof text).toBe("string");
      expect(text!.length).toBeGreaterThan(5);
    }
  });

  it.each(bases.map((b) => [b.id, b] as const))(
    "%s cites every shipped article its basis names",
    (_id, b) => {
      const named = parseLegalBasis(b.basis, statuteLibrary).segments.flatMap((s) =>
        s.kind === "citation" && s.statute ? [{ statute: s.statute, article: s.article }] : [],
      );
      expect(b.citations).toEqual(named);
    },
  );

  it.each([
    [
      "WG-02",
      [
        ["劳动法", "50"],
        ["劳动合同法", "30"],
        ["劳动合同法", "85"],
      ],
    ],
    [
      "WG-03",
      [
        ["劳动法", "48"],
        ["最低工资规定", "12"],
      ],
    ],
    [
      "CB-02",
      [
        ["劳动合同法", "52"],
        ["工资集体协商试行办法", "7"],
      ],
    ],
    [
      "OS-02",
      [
        ["安全生产法", "45"],
        ["安全生产法", "47"],
        ["劳动法", "54"],
      ],
    ],
    ["DM-03", [["劳动争议调解仲裁法", "7"]]],
    ["UD-03", []],
    ["DP-01", [["劳务派遣暂行规定", "4"]]],
    ["RS-05", []],
  ])("%s cites %j", (id, expected) => {
    const rule = defaultTemplate.rules.find((r) => r.id === id)!;
    expect(rule.citations.map((c) => [c.statute, c.article])).toEqual(expected);
  });

  it("labels a citation with the statute's full title", () => {
    expect(citationLabel(statuteLibrary, { statute: "劳动合同法", article: "10" })).toBe(
      "《中华人民共和国劳动合同法》第10条",
    );
    expect(citationLabel(statuteLibrary, { statute: "集体合同规定", article: "38" })).toBe(
      "《集体合同规定》第38条",
    );
    expect(citationLabel(statuteLibrary, { statute: "集体合同规定", article: "999" })).toBeNull();
    expect(citationLabel(statuteLibrary, { statute: "企业民主管理规定", article: "1" })).toBeNull();
  });
});

describe("the shipped statutes (templates/statutes/statutes.json)", () => {
  const source = JSON.parse(readFileSync(SOURCE_PATH, "utf8")) as Record<
    string,
    { title: string; history: string[]; articles: Record<string, string> }
  >;
  // 民法典 is cited as one code; the source holds it in two parts.
  const parts = [source["民法典（总则编）"], source["民法典（附则）"]];
  source["民法典"] = {
    title: parts[0].title,
    history: [...new Set(parts.flatMap((p) => p.history.filter((line) => !line.startsWith("#"))))],
    articles: { ...parts[0].articles, ...parts[1].articles },
  };

  it("are exactly the statutes the alias table names, every one the template cites among them", () => {
    expect(Object.keys(statuteLibrary).sort()).toEqual(knownStatuteKeys().sort());
    const cited = new Set(defaultTemplate.rules.flatMap((r) => r.citations.map((c) => c.statute)));
    for (const key of cited) expect(statuteLibrary[key]).toBeDefined();
    for (const key of ["集体合同规定", "工资集体协商试行办法", "劳务派遣暂行规定", "最低工资规定"]) {
      expect(statuteLibrary[key]).toBeDefined();
    }
    expect(statuteLibrary["民法典"].articles["203"]).toContain("法定休假日");
    expect(statuteLibrary["民法典"].articles["1259"]).toContain("以上");
  });

  it.each(Object.keys(statuteLibrary))("%s is copied unchanged from the shared reference", (key) => {
    expect(statuteLibrary[key].title).toBe(source[key].title);
    expect(statuteLibrary[key].history).toEqual(source[key].history);
    expect(statuteLibrary[key].articles).toEqual(source[key].articles);
    expect(deriveVersionDate(source[key].history, source[key].articles)).toEqual({
      date: statuteLibrary[key].versionDate,
      basis: statuteLibrary[key].versionDateBasis,
    });
  });

  it.each([
    ["劳动法", "2018-12-29"],
    ["劳动合同法", "2012-12-28"],
    ["工会法", "2021-12-24"],
    ["安全生产法", "2021-06-10"],
    ["职业病防治法", "2018-12-29"],
    // Promulgation, not the later effective date (2008-01-01) in the same history.
    ["职工带薪年休假条例", "2007-12-14"],
    // The issuing notice's date, written in Chinese numerals; "1995年1月1日 执行" is only the effective date.
    ["工资支付暂行规定", "1994-12-06"],
    // No history at all: the effective date stated in the final article.
    ["保障农民工工资支付条例", "2020-05-01"],
  ])("%s is the version of %s", (key, date) => {
    expect(statuteLibrary[key].versionDate).toBe(date);
  });

  it("takes the promulgation, not the effective date, from one line holding both (集体合同规定)", () => {
    expect(statuteLibrary["集体合同规定"].versionDate).toBe("2004-01-20");
    expect(statuteLibrary["最低工资规定"].versionDate).toBe("2004-01-20");
  });

  it("says when the version date comes from the final article rather than the history", () => {
    expect(statuteLibrary["保障农民工工资支付条例"].versionDateBasis).toContain("第64条");
  });
});

describe("deriveVersionDate", () => {
  it.each([
    ["2018年12月29日 第十三届…修正", ["2018-12-29"]],
    ["2002年6月29日  第九届", ["2002-06-29"]],
    ["一九九四年十二月六日", ["1994-12-06"]],
    ["二〇〇四年一月二十日", ["2004-01-20"]],
    ["劳部发〔1994〕489号", []],
    ["2004-01-20 劳动和社会保障部令第22号公布", ["2004-01-20"]],
  ])("datesIn(%s) = %j", (line, dates) => {
    expect(datesIn(line)).toEqual(dates);
  });

  it("returns null when neither history nor final article gives a date", () => {
    expect(deriveVersionDate([], { "1": "本法自公布之日起施行。" })).toBeNull();
  });
});
