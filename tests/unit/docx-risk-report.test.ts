import JSZip from "jszip";
import { packDocument } from "../../templates/docx/official-style";
import { formatLegalBasis } from "~/domain/citation-format";
import { basisText } from "~/domain/health-check/statutes";
import { buildRiskReport, formatScore, type RiskReportData } from "../../templates/docx/risk-report";
import { sampleRiskReport } from "../../templates/docx/sample-data";

// Each test packs whole documents: well under a second alone, seconds when the suite loads both cores.
jest.setTimeout(30_000);

/** A 1×1 PNG stands in for the radar chart: these tests are about the document, not the chart. */
const tinyPng = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

async function unzip(data: RiskReportData) {
  const zip = await JSZip.loadAsync(await packDocument(buildRiskReport(data)));
  const files: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) {
    if (zip.files[name].dir) continue;
    files[name] = name.startsWith("word/media/")
      ? `${(await zip.file(name)!.async("uint8array")).length} bytes`
      : await zip.file(name)!.async("string");
  }
  return files;
}

function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

describe("buildRiskReport", () => {
  let files: Record<string, string>;
  let texts: string[];
  beforeAll(async () => {
    files = await unzip({ ...sampleRiskReport, radarPng: tinyPng });
    texts = paragraphs(files["word/document.xml"]).map(decode);
  });

  it("starts with a cover page naming the enterprise, union, report number, date and issuer", () => {
    const cover = texts.slice(0, texts.indexOf("一、体检结论"));
    expect(cover).toEqual(
      expect.arrayContaining([
        "劳动用工法律体检报告",
        "劳动用工法律体检标准问卷（2026版）",
        "苏州恒达精密机械有限公司",
        "91320505MA1XYZ1234",
        "苏州恒达精密机械有限公司工会委员会",
        "TJ-2026-0457",
        "2025年11月1日至2026年10月31日",
        "苏州市吴中区总工会",
        "2026年11月23日",
      ]),
    );
    // The cover is its own section, without page numbers; the body's pages count from 1.
    const sections = [...files["word/document.xml"].matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map(
      (m) => m[0],
    );
    expect(sections).toHaveLength(2);
    expect(sections[0]).not.toContain("footerReference");
    expect(sections[1]).toContain("footerReference");
    expect(sections[1]).toContain('<w:pgNumType w:start="1"/>');
  });

  it("has the four parts in order, then the issuing block, then the annex", () => {
    const order = ["一、体检结论", "二、各维度得分", "三、发现的问题", "四、问题分析"].map((h) =>
      texts.indexOf(h),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The annex (附件) of cited articles follows the issuing block on a page of its own.
    const annexAt = texts.lastIndexOf("附件");
    expect(annexAt).toBeGreaterThan(order[3]);
    expect(texts.slice(annexAt - 3, annexAt)).toEqual([
      "苏州市吴中区总工会",
      "法律指导员：王建华",
      "2026年11月23日",
    ]);
    expect(files["word/document.xml"]).toMatch(
      /<w:pStyle w:val="Heading1"\/>[\s\S]*?<w:t[^>]*>一、体检结论</,
    );
  });

  it("states the overall score and the risk level in words", () => {
    expect(texts).toContain("综合得分：71.3分（满分100分）。");
    expect(texts.find((t) => t.startsWith("风险等级："))).toMatch(/^风险等级：高风险。/);
    expect(texts.join("")).toContain("共发现问题12项，其中高风险4项、中风险4项、低风险4项；另有风险信号2项");
  });

  it("lists every dimension with its score, 不适用 where the score is null, and its finding count", () => {
    // Table 1 (table 2 compares with the organisation's average and the previous check).
    const doc = files["word/document.xml"];
    const table1 = doc.slice(
      doc.indexOf("表1　各维度得分"),
      doc.indexOf("</w:tbl>", doc.indexOf("表1　各维度得分")),
    );
    const rows = [...table1.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)]
      .map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => paragraphs(c[0]).join("")))
      .filter((cells) => cells.length === 4);
    expect(rows[0]).toEqual(["序号", "维度", "得分", "发现问题数"]);
    expect(rows.slice(1)).toEqual(
      sampleRiskReport.dimensions.map((d, i) => [
        String(i + 1),
        d.title,
        formatScore(d.score),
        String(d.findingCount),
      ]),
    );
    expect(rows.find((r) => r[1] === "劳务派遣与用工形式")![2]).toBe("不适用");
  });

  it("formats scores with at most one decimal", () => {
    expect([
      formatScore(100),
      formatScore(55),
      formatScore(72.7),
      formatScore(66.666),
      formatScore(null),
    ]).toEqual(["100", "55", "72.7", "66.7", "不适用"]);
  });

  it("puts the radar image centred under the table", () => {
    expect(Object.keys(files).filter((n) => n.startsWith("word/media/"))).toHaveLength(1);
    const doc = files["word/document.xml"];
    const table = doc.indexOf("</w:tbl>", doc.indexOf("表1　各维度得分"));
    const drawing = doc.indexOf("<w:drawing>");
    expect(drawing).toBeGreaterThan(table);
    expect(doc.slice(doc.lastIndexOf("<w:p>", drawing), drawing)).toContain('<w:jc w:val="center"/>');
    expect(texts).toContain("图1　各维度得分雷达图");
  });

  it("groups findings by dimension with severity (no item codes), the legal basis as prose, the recommendation and the deadline", () => {
    const start = texts.indexOf("三、发现的问题");
    const part = texts.slice(start, texts.indexOf("四、问题分析"));
    expect(part[1]).toBe("（一）劳动合同（2项）");
    expect(part[2]).toBe("1．【高风险】未与全部在职职工签订书面劳动合同");
    expect(part[3]).toBe("法律依据：《中华人民共和国劳动合同法》第十条、第八十二条");
    expect(part[4]).toBe(
      '整改建议：立即补签；自用工之日起超过一个月未签的，依法向劳动者支付二倍工资；建立"入职即签"流程',
    );
    for (const f of sampleRiskReport.findings) {
      expect(part).toContain(`${f.signal ? "研判依据" : "法律依据"}：${formatLegalBasis(f.legalBasis)}`);
      expect(part.some((t) => t.includes(f.title))).toBe(true);
    }
    expect(part).toContain("2．【中风险】未签订工资专项集体合同，未每年开展工资集体协商");
    expect(part).toContain("1．【风险信号】未来12个月计划搬迁至吴江新厂区");
    expect(part).toContain("1．【低风险】未建立职工诉求表达渠道");
    expect(part).toContain("整改期限：自报告出具之日起30日内");
    // No code of the item library anywhere in the document.
    expect(texts.join("")).not.toMatch(/[A-Z]{2}-\d{2}(?!\d)/);
  });

  it("renders the analysis blocks: headings, paragraphs, numbered and bulleted lists", () => {
    const part = texts.slice(texts.indexOf("四、问题分析"));
    expect(part).toContain("（一）主要风险集中在民主程序和集体协商");
    expect(part).toContain("按岗位统计近12个月的加班时数，找出超时岗位；");
    expect(part).toContain("部分工资仍以现金发放，支付记录难以追溯。");
    const doc = files["word/document.xml"];
    expect(doc.match(/<w:numPr>/g)!.length).toBe(5);
  });

  it("says 不适用 when no dimension applies and reports no findings plainly", async () => {
    const empty = await unzip({
      ...sampleRiskReport,
      overall: null,
      riskLevel: "low",
      dimensions: sampleRiskReport.dimensions.map((d) => ({ ...d, score: null, findingCount: 0 })),
      findings: [],
      problemAnalysis: [],
      assessmentPeriod: undefined,
    });
    const t = paragraphs(empty["word/document.xml"]);
    expect(t).toContain("综合得分：不适用（各维度均无适用项目）。");
    expect(t).toContain("本次体检未发现问题。");
    expect(t.join("")).not.toContain("体检期间");
    expect(Object.keys(empty).some((n) => n.startsWith("word/media/"))).toBe(false);
  });

  it("shows a signal's note without the item library's *(signal)* mark", async () => {
    const [first, ...rest] = sampleRiskReport.findings.filter((f) => f.signal);
    const marked = await unzip({
      ...sampleRiskReport,
      findings: [{ ...first, legalBasis: `*(signal)* ${first.legalBasis}` }, ...rest],
    });
    const t = paragraphs(marked["word/document.xml"]).map(decode);
    expect(t).toContain(`研判依据：${first.legalBasis}`);
    expect(t.join("")).not.toContain("*(signal)*");
    expect([basisText("*(signal)* 劳动争议风险"), basisText("劳动法 第44条")]).toEqual([
      "劳动争议风险",
      "劳动法 第44条",
    ]);
  });

  it("numbers the instructor's unnumbered sub-headings （一）（二） and leaves numbered ones alone", async () => {
    const withHeadings = await unzip({
      ...sampleRiskReport,
      problemAnalysis: [
        { type: "heading", text: "主要问题" },
        { type: "paragraph", text: "正文。" },
        { type: "heading", text: "（二）已编号的标题" },
        { type: "heading", text: "整改建议" },
        { type: "bullets", items: ["逐项整改"] },
      ],
    });
    const t = paragraphs(withHeadings["word/document.xml"]).map(decode);
    const part = t.slice(t.indexOf("四、问题分析"));
    expect(part.slice(1, 5)).toEqual(["（一）主要问题", "正文。", "（二）已编号的标题", "（三）整改建议"]);
  });

  it("keeps the table title with its table and the analysis with the issuing block", () => {
    const doc = files["word/document.xml"];
    const captionP = [...doc.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].find((m) =>
      m[0].includes("表1　各维度得分"),
    )!;
    expect(captionP[0]).toContain("<w:keepNext/>");
    const all = [...doc.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const organisation = all.findIndex(
      (p, i) => i > 0 && p.includes(">苏州市吴中区总工会<") && /Signature/.test(p),
    );
    // The last analysis paragraph and the blank line under it both keep with the next paragraph.
    expect(all[organisation - 1]).toContain("<w:keepNext/>");
    expect(all[organisation - 2]).toContain("<w:keepNext/>");
  });

  it("carries the report number in the page header", () => {
    const header = Object.entries(files).find(([n]) => /^word\/header\d+\.xml$/.test(n))![1];
    expect(paragraphs(header).join("")).toBe(
      "苏州恒达精密机械有限公司劳动用工法律体检报告\u3000编号：TJ-2026-0457",
    );
  });

  it("is deterministic: the same data packs to identical parts", async () => {
    const again = await unzip({ ...sampleRiskReport, radarPng: tinyPng });
    expect(again["word/document.xml"]).toBe(files["word/document.xml"]);
    expect(again).toEqual(files);
    expect(files["docProps/core.xml"]).toContain("<dc:creator>苏州市吴中区总工会</dc:creator>");
  });
});

describe("buildRiskReport: opening sentence, comparison and annex", () => {
  it("names the issuer once when it is the union organisation, and both when they differ", async () => {
    const same = paragraphs(
      (await unzip({ ...sampleRiskReport, unionOrgName: sampleRiskReport.issuer }))["word/document.xml"],
    ).map(decode);
    const opening = same.find((t) => t.includes("依据《"))!;
    expect(
      opening.startsWith(
        "苏州市吴中区总工会依据《劳动用工法律体检标准问卷（2026版）》，对苏州恒达精密机械有限公司",
      ),
    ).toBe(true);
    expect(opening).not.toContain("会同");
    const both = paragraphs((await unzip(sampleRiskReport))["word/document.xml"]).map(decode);
    expect(both.find((t) => t.includes("依据《"))).toContain(
      "苏州市吴中区总工会会同苏州恒达精密机械有限公司工会委员会依据",
    );
  });

  it("compares with the organisation's average and the previous check, counting resolved and not applicable apart", async () => {
    const t = paragraphs((await unzip(sampleRiskReport))["word/document.xml"]).map(decode);
    expect(t).toContain("表2　与本组织平均、上次体检对比");
    expect(t.join("")).toContain(
      "本组织12家企业最近一次体检的平均综合得分为78.4分。本企业上次体检（2025年11月20日审核通过）综合得分为64.9分；与上次相比，已整改5项，新发现3项，仍存在9项，另有1项本次不再适用，未计入已整改。",
    );
    const first = await unzip({
      ...sampleRiskReport,
      comparison: { ...sampleRiskReport.comparison!, previous: null },
    });
    const ft = paragraphs(first["word/document.xml"]).map(decode);
    expect(ft).toContain("表2　与本组织平均对比");
    expect(ft.join("")).toContain("本次为该企业首次体检，暂无上次得分可比。");
  });

  it("annexes the text of every cited article once, in full-title Chinese-numeral style", () => {
    const annex = texts().slice(texts().lastIndexOf("附件"));
    expect(annex[2]).toBe("本报告引用的法律条文");
    expect(texts()).toContain("附件：本报告引用的法律条文");
    for (const a of sampleRiskReport.annex!) {
      expect(annex.filter((t) => t === a.label)).toHaveLength(1);
      for (const line of (a.text ?? "全文未收录，请查阅官方发布的文本。").split("\n"))
        expect(annex).toContain(line.trim());
    }
    expect(annex).toContain("《中华人民共和国劳动法》第四十一条");
    expect(annex.join("")).not.toMatch(/《《|》》/);
  });

  it("lists the evidence files per question as a second annex, both annexes numbered in the note", async () => {
    const evidence = [
      {
        dimension: "劳动合同",
        question: "是否与全部职工订立书面劳动合同？",
        files: [
          { name: "劳动合同范本.pdf", size: "45.3 KB", uploadedBy: "李红", uploadedAt: "2026-03-02 14:05" },
          { name: "签收记录.png", size: "812 字节", uploadedBy: "李红", uploadedAt: "2026-03-02 14:07" },
        ],
      },
      {
        dimension: "工资支付",
        question: "请上传近三个月的工资支付记录",
        files: [{ name: "工资表.xlsx", size: "1.2 MB", uploadedBy: "张伟", uploadedAt: "2026-03-03 09:30" }],
      },
    ];
    const t = paragraphs((await unzip({ ...sampleRiskReport, evidence }))["word/document.xml"]).map(decode);
    const note = t.indexOf("附件：1．本报告引用的法律条文");
    expect(note).toBeGreaterThan(0);
    // The numbers stand under one another by the paragraph's indent (annexNote), not by spaces.
    expect(t[note + 1]).toBe("2．体检佐证材料清单");
    expect(t).toContain("附件1");
    const second = t.indexOf("附件2");
    expect(second).toBeGreaterThan(t.indexOf("附件1"));
    const annex = t.slice(second);
    expect(annex[2]).toBe("体检佐证材料清单");
    expect(annex[3]).toBe("企业在体检中随答案提交佐证材料3份，涉及2个问题，原件存于平台。");
    // Header, then one row per file: the question's number and text on its first file only.
    const cells = annex.slice(4);
    expect(cells.slice(0, 5)).toEqual(["序号", "体检问题", "文件名称", "大小", "上传人及时间"]);
    expect(cells.slice(5, 11)).toEqual([
      "1",
      "劳动合同：是否与全部职工订立书面劳动合同？",
      "劳动合同范本.pdf",
      "45.3 KB",
      "李红",
      "2026-03-02 14:05",
    ]);
    expect(cells.slice(11, 17)).toEqual(["", "", "签收记录.png", "812 字节", "李红", "2026-03-02 14:07"]);
    expect(cells.slice(17, 23)).toEqual([
      "2",
      "工资支付：请上传近三个月的工资支付记录",
      "工资表.xlsx",
      "1.2 MB",
      "张伟",
      "2026-03-03 09:30",
    ]);
    // No library codes in the annex either.
    expect(annex.join("")).not.toMatch(/[A-Z]{2}-\d{2}/);
    // Without cited articles the evidence list is the one annex, unnumbered.
    const alone = paragraphs(
      (await unzip({ ...sampleRiskReport, annex: [], evidence }))["word/document.xml"],
    ).map(decode);
    expect(alone).toContain("附件：体检佐证材料清单");
    expect(alone).not.toContain("附件2");
  });

  let cached: string[] | null = null;
  const texts = () => cached!;
  beforeAll(async () => {
    cached = paragraphs((await unzip(sampleRiskReport))["word/document.xml"]).map(decode);
  });
});
