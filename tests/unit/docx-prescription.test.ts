import JSZip from "jszip";
import { packDocument } from "../../templates/docx/official-style";
import { buildPrescription, type PrescriptionData } from "../../templates/docx/prescription";
import { samplePrescription } from "../../templates/docx/sample-data";
import { formatLegalBasis } from "~/domain/citation-format";

async function unzip(data: PrescriptionData) {
  const zip = await JSZip.loadAsync(await packDocument(buildPrescription(data)));
  const files: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) {
    if (!zip.files[name].dir) files[name] = await zip.file(name)!.async("string");
  }
  return files;
}

function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

describe("buildPrescription", () => {
  let files: Record<string, string>;
  let texts: string[];
  beforeAll(async () => {
    files = await unzip(samplePrescription);
    texts = paragraphs(files["word/document.xml"]);
  });

  it("opens with the title, number, addressee and an introduction naming the report", () => {
    expect(texts.slice(0, 2)).toEqual(["法律处方（整改通知书）", "编号：CF-2026-0213"]);
    expect(texts).toContain("苏州恒达精密机械有限公司：");
    const intro = texts[texts.indexOf("苏州恒达精密机械有限公司：") + 1];
    expect(intro).toContain("报告编号：TJ-2026-0457");
    expect(intro).toContain("存在以下4项问题");
    expect(intro).toContain("苏州市吴中区总工会于2026年11月23日提出整改要求");
    expect(files["word/document.xml"]).toMatch(/<w:pStyle w:val="DocTitle"\/>/);
  });

  it("gives every item a numbered heading and its legal basis, requirement, deadline and owner", () => {
    const doc = files["word/document.xml"];
    for (const [i, item] of samplePrescription.items.entries()) {
      const heading = `${"一二三四"[i]}、${item.title}`;
      const at = texts.indexOf(heading);
      expect(at).toBeGreaterThan(0);
      const block = texts.slice(at, at + 7);
      expect(block).toContain(`法律依据：${formatLegalBasis(item.legalBasis)}`);
      expect(block.some((t) => t.startsWith("整改要求："))).toBe(true);
      expect(block.some((t) => t.startsWith("完成期限：") && t.endsWith("前"))).toBe(true);
      expect(block.some((t) => t.startsWith(`责任人：${item.owner}`))).toBe(true);
      expect(doc).toMatch(new RegExp(`<w:pStyle w:val="Heading1"/>[\\s\\S]{0,400}${heading}`));
    }
    expect(texts).toContain("完成期限：2026年12月23日前");
    expect(texts).toContain("整改要求：立即与未签订合同的职工补签书面劳动合同。");
    expect(texts).toContain("建立“入职即签”流程，由人事部门每月核对。");
    expect(texts).toContain("责任人：总经理办公室 周涛\u3000优先级：中");
  });

  it("prints the number in 三号 like a document number, not as a small caption", () => {
    const numberLine = [...files["word/document.xml"].matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].find((m) =>
      m[0].includes("编号：CF-2026-0213"),
    )![0];
    expect(numberLine).toContain('<w:pStyle w:val="Plain"/>');
    expect(numberLine).toContain('<w:jc w:val="center"/>');
  });

  it("keeps each item on one page: every paragraph of an item but its last keeps with the next", () => {
    const all = [...files["word/document.xml"].matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const text = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("");
    const start = all.findIndex((p) => text(p) === `一、${samplePrescription.items[0].title}`);
    const end = all.findIndex((p, i) => i > start && text(p).startsWith("责任人："));
    expect(end - start).toBeGreaterThanOrEqual(4);
    for (const p of all.slice(start, end)) expect(p).toMatch(/<w:keepNext\/>|w:val="Heading1"/);
    expect(all[end]).not.toContain("<w:keepNext/>");
  });

  it("labels an item from a risk signal 研判依据, without the library's *(signal)* mark", async () => {
    const signal = await unzip({
      ...samplePrescription,
      items: [{ ...samplePrescription.items[0], legalBasis: "*(signal)* 工资支付可追溯" }],
    });
    const t = paragraphs(signal["word/document.xml"]);
    expect(t).toContain("研判依据：工资支付可追溯");
    expect(t.join("")).not.toContain("signal");
  });

  it("numbers items by their own number, in that order", async () => {
    const shuffled = await unzip({
      ...samplePrescription,
      items: [samplePrescription.items[3], { ...samplePrescription.items[0], no: 12 }],
    });
    const t = paragraphs(shuffled["word/document.xml"]);
    expect(t.indexOf("四、未建立职工名册")).toBeLessThan(t.indexOf("十二、未与全部在职职工签订书面劳动合同"));
  });

  it("summarises the items in a table", () => {
    const rows = [...files["word/document.xml"].matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) =>
      [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => paragraphs(c[0]).join("")),
    );
    expect(rows).toEqual([
      ["序号", "问题", "完成期限", "责任人", "优先级"],
      ["一", "未与全部在职职工签订书面劳动合同", "2026年12月23日", "人力资源部 李敏", "高"],
      ["二", "单个职工月加班时数超过36小时", "2026年12月23日", "生产部 陈刚", "高"],
      ["三", "综合集体合同到期未续订", "2027年1月22日", "总经理办公室 周涛", "中"],
      ["四", "未建立职工名册", "2027年2月21日", "人力资源部 李敏", "低"],
    ]);
  });

  it("ends with the issuing block and a receipt for the enterprise to sign", () => {
    const issuer = texts.lastIndexOf("苏州市吴中区总工会");
    expect(texts.slice(issuer, issuer + 3)).toEqual([
      "苏州市吴中区总工会",
      "法律指导员：王建华",
      "2026年11月23日",
    ]);
    const receipt = texts.slice(issuer + 3);
    expect(receipt).toContain("签\u3000收\u3000回\u3000执");
    expect(receipt.some((t) => t.startsWith("企业签收："))).toBe(true);
    expect(receipt.some((t) => t.includes("日期："))).toBe(true);
  });

  it("numbers pages — N — like the report", () => {
    const footer = Object.entries(files).find(([n]) => /^word\/footer\d+\.xml$/.test(n))![1];
    expect(paragraphs(footer).join("")).toBe("—  —");
    expect(footer).toMatch(/>PAGE</);
  });

  it("uses 仿宋_GB2312 for the body and 黑体 for labels", () => {
    expect(files["word/styles.xml"]).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"/);
    expect(files["word/document.xml"]).toMatch(/w:eastAsia="黑体"[^>]*\/>[\s\S]{0,200}<w:t[^>]*>法律依据：/);
  });

  it("is deterministic: the same data packs to identical parts", async () => {
    const again = await unzip(samplePrescription);
    expect(again["word/document.xml"]).toBe(files["word/document.xml"]);
    expect(again).toEqual(files);
  });
});

describe("buildPrescription: issuing organisation, red head and annex", () => {
  it("marks every page with the issuing organisation and the number", async () => {
    const files = await unzip(samplePrescription);
    const headers = Object.entries(files).filter(([n]) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.map(([, xml]) => paragraphs(xml).join(""))).toEqual([
      "苏州市吴中区总工会\u3000法律处方\u3000CF-2026-0213",
    ]);
  });

  it("puts the organisation's red head and the number over a red line when it has one, no header on page 1", async () => {
    const files = await unzip({ ...samplePrescription, redHead: "苏州市吴中区总工会" });
    const doc = files["word/document.xml"];
    const t = paragraphs(doc);
    expect(t.slice(0, 5)).toEqual(["苏州市吴中区总工会", "", "CF-2026-0213", "", "法律处方（整改通知书）"]);
    expect(doc).toMatch(/<w:color w:val="E60012"\/>[\s\S]{0,300}苏州市吴中区总工会/);
    expect(doc).toMatch(/<w:bottom w:val="single" w:color="E60012"[^>]*\/>[\s\S]{0,400}CF-2026-0213/);
    expect(doc).toContain("<w:titlePg/>");
    const headers = Object.entries(files)
      .filter(([n]) => /^word\/header\d+\.xml$/.test(n))
      .map(([, xml]) => paragraphs(xml).join(""));
    expect(headers.sort()).toEqual(["", "苏州市吴中区总工会\u3000法律处方\u3000CF-2026-0213"]);
  });

  it("annexes the text of every cited article after the receipt", async () => {
    const t = paragraphs((await unzip(samplePrescription))["word/document.xml"]);
    const annexAt = t.lastIndexOf("附件");
    expect(annexAt).toBeGreaterThan(t.findIndex((x) => x.startsWith("企业签收")));
    expect(t).toContain("附件：本处方引用的法律条文");
    expect(t[annexAt + 2]).toBe("本处方引用的法律条文");
    expect(samplePrescription.annex!.map((a) => a.label)).toEqual([
      "《中华人民共和国劳动合同法》第七条",
      "《中华人民共和国劳动合同法》第十条",
      "《中华人民共和国劳动合同法》第五十一条",
      "《中华人民共和国劳动合同法》第八十二条",
      "《中华人民共和国劳动法》第四十一条",
      "《集体合同规定》第三十八条",
    ]);
    for (const a of samplePrescription.annex!) {
      expect(t.slice(annexAt)).toContain(a.label);
      for (const line of a.text!.split("\n")) expect(t.slice(annexAt)).toContain(line.trim());
    }
  });
});
