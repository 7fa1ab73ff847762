import JSZip from "jszip";
import { type Document } from "docx";
import {
  BODY_LINE,
  PAGE,
  blankLine,
  body,
  bulletList,
  chineseNumber,
  createOfficialDocument,
  heading1,
  heading2,
  numberedList,
  officialSection,
  packDocument,
  signatureBlock,
  table,
  title,
} from "../../templates/docx/official-style";

async function parts(doc: Document): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(await packDocument(doc));
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (!zip.files[name].dir && !name.startsWith("word/media/"))
      out[name] = await zip.file(name)!.async("string");
  }
  return out;
}

/** The text of each paragraph of a part, in order. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

function sampleDocument() {
  return createOfficialDocument(
    { title: "测试文件", subject: "样式", creator: "苏州市吴中区总工会", issuedOn: "2026-11-23" },
    [
      officialSection({
        pageNumbers: "dash",
        children: [
          title("关于开展劳动用工法律体检的通知"),
          heading1("一、总体要求"),
          heading2("（一）工作目标"),
          body("正文段落。"),
          ...numberedList(["第一项", "第二项"], { instance: 1 }),
          ...numberedList(["甲", "乙"], { style: "chineseParen", instance: 2 }),
          ...numberedList(["one", "two"], { style: "decimal", instance: 3 }),
          ...bulletList(["要点"]),
          table(
            [
              { header: "维度", share: 3 },
              { header: "得分", share: 1, align: "center" },
            ],
            [["劳动合同", "72.7"]],
          ),
          blankLine(),
          ...signatureBlock({
            organisation: "苏州市吴中区总工会",
            date: "2026-11-23",
            lines: ["法律指导员：王建华"],
          }),
        ],
      }),
    ],
  );
}

describe("chineseNumber", () => {
  it.each([
    [1, "一"],
    [4, "四"],
    [10, "十"],
    [11, "十一"],
    [14, "十四"],
    [20, "二十"],
    [23, "二十三"],
    [99, "九十九"],
  ])("%d → %s", (n, expected) => expect(chineseNumber(n)).toBe(expected));

  it("refuses numbers it cannot write", () => {
    expect(() => chineseNumber(0)).toThrow(RangeError);
    expect(() => chineseNumber(100)).toThrow(RangeError);
    expect(() => chineseNumber(1.5)).toThrow(RangeError);
  });
});

describe("official document layout", () => {
  let xml: Record<string, string>;
  beforeAll(async () => {
    xml = await parts(sampleDocument());
  });

  it("is A4 with GB/T 9704 margins (37/35/28/26 mm)", () => {
    const doc = xml["word/document.xml"];
    expect(doc).toContain(`<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}" w:orient="portrait"/>`);
    expect(PAGE).toMatchObject({ width: 11906, height: 16838 });
    expect(PAGE.margin).toEqual({ top: 2098, bottom: 1984, left: 1587, right: 1474 });
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  });

  it("sets the body defaults: 仿宋_GB2312 三号, Times New Roman for Latin, zh-CN, fixed 28.9 pt lines", () => {
    const styles = xml["word/styles.xml"];
    const defaults = styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)![0];
    expect(defaults).toMatch(
      /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman" w:hint="eastAsia"\/>/,
    );
    expect(defaults).toContain('<w:sz w:val="32"/>');
    expect(defaults).toContain('w:eastAsia="zh-CN"');
    expect(defaults).toContain(`w:line="${BODY_LINE}" w:lineRule="exact"`);
  });

  it("declares title, heading and body styles once, with the official fonts", () => {
    const styles = xml["word/styles.xml"];
    const style = (id: string) => {
      const all = [
        ...styles.matchAll(new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`, "g")),
      ];
      expect(all).toHaveLength(1);
      return all[0][0];
    };
    expect(style("DocTitle")).toContain('w:eastAsia="方正小标宋简体"');
    expect(style("DocTitle")).toContain('<w:sz w:val="44"/>');
    expect(style("Heading1")).toContain('w:eastAsia="黑体"');
    expect(style("Heading1")).toContain('<w:outlineLvl w:val="0"/>');
    expect(style("Heading2")).toContain('w:eastAsia="楷体_GB2312"');
    expect(style("Body")).toMatch(/<w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
    expect(style("TableText")).toContain('<w:sz w:val="24"/>');
    expect(style("PageNumberLine")).toContain('w:eastAsia="宋体"');
    expect(style("PageNumberLine")).toContain('<w:sz w:val="28"/>');
  });

  it("numbers lists 一、 （一） 1． with Chinese counting, restarting per instance", () => {
    const numbering = xml["word/numbering.xml"];
    expect(numbering).toMatch(/<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="%1、"\/>/);
    expect(numbering).toMatch(/<w:numFmt w:val="chineseCounting"\/>[\s\S]*?<w:lvlText w:val="（%1）"\/>/);
    expect(numbering).toMatch(/<w:numFmt w:val="decimal"\/>[\s\S]*?<w:lvlText w:val="%1．"\/>/);
    const numIds = [...xml["word/document.xml"].matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(numIds).toHaveLength(7);
    expect(new Set(numIds).size).toBe(4);
    expect(numIds[0]).toBe(numIds[1]);
  });

  it("puts the page number in the footer as — N —", () => {
    const footer = Object.entries(xml).find(([name]) => /^word\/footer\d+\.xml$/.test(name))![1];
    expect(paragraphs(footer).join("")).toBe("—  —");
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(xml["word/document.xml"]).toContain('<w:pgNumType w:start="1"/>');
  });

  it("draws table borders and repeats the header row", () => {
    const doc = xml["word/document.xml"];
    expect(doc).toMatch(/<w:tblBorders><w:top w:val="single"/);
    expect(doc).toContain("<w:tblHeader/>");
    expect(doc).toContain('<w:tblLayout w:type="fixed"/>');
  });

  it("signs with the organisation and the date in Chinese, right-aligned", () => {
    const texts = paragraphs(xml["word/document.xml"]);
    expect(texts.slice(-3)).toEqual(["苏州市吴中区总工会", "法律指导员：王建华", "2026年11月23日"]);
    expect(xml["word/styles.xml"]).toMatch(/w:styleId="Signature"[\s\S]*?<w:jc w:val="right"\/>/);
  });

  it("lays the issuing block out for a seal: date four characters from the right, names centred over it", () => {
    const doc = xml["word/document.xml"];
    const signature = (text: string) =>
      [...doc.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].find(
        (m) => m[0].includes(`>${text}<`) && m[0].includes('w:val="Signature"'),
      )![0];
    const right = (text: string) => Number(/<w:ind w:right="(\d+)"\/>/.exec(signature(text))![1]);
    // "2026年11月23日": 8 half-width digits and 3 characters, 7 characters of 320 twips.
    expect(right("2026年11月23日")).toBe(4 * 320);
    // 9 characters centred over 7 reach one character past the date on each side.
    expect(right("苏州市吴中区总工会")).toBe(4 * 320 + ((7 - 9) * 320) / 2);
    expect(right("法律指导员：王建华")).toBe(4 * 320 + ((7 - 9) * 320) / 2);
  });

  it("declares fallbacks for the Chinese fonts", () => {
    const fonts = xml["word/fontTable.xml"];
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
  });

  it("writes core properties from the data, with no clock in them", async () => {
    const core = xml["docProps/core.xml"];
    expect(core).toContain("<dc:title>测试文件</dc:title>");
    expect(core).toContain("<dc:creator>苏州市吴中区总工会</dc:creator>");
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-22T16:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-22T16:00:00Z</dcterms:modified>',
    );
  });

  it("packs the same data to the same XML", async () => {
    expect(await parts(sampleDocument())).toEqual(xml);
  });
});
