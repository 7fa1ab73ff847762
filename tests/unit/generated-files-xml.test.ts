/**
 * Issue 13: text holding characters XML cannot carry (U+FFFE, U+FFFF, control characters) must never make a
 * generated .docx or .xlsx that does not open. Every string of the builders' sample data is spiked with
 * them; every XML part of the result must then parse with a strict XML parser (saxes, as Office does).
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { hasDisallowedText } from "~/lib/text";
import { workbookBytes } from "~/lib/xlsx.server";
import { exportEnterprises } from "~/services/enterprises/enterprise-excel.server";
import {
  body,
  createOfficialDocument,
  officialSection,
  packDocument,
  table,
  title,
} from "../../templates/docx/official-style";
import { buildPrescription } from "../../templates/docx/prescription";
import { buildRiskReport } from "../../templates/docx/risk-report";
import { samplePrescription, sampleRiskReport } from "../../templates/docx/sample-data";

const BAD = "\uFFFE\u0001\uFFFF\u000B\u{10FFFF}";

/** Every string of plain data with the bad characters put in its middle and at its end. */
function spike<T>(value: T): T {
  if (typeof value === "string") {
    const half = Math.floor(value.length / 2);
    return `${value.slice(0, half)}${BAD}${value.slice(half)}${BAD}` as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => spike(v)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spike(v)])) as T;
  }
  return value;
}

/** The XML parts of a zip (Office Open XML package) that a strict parser refuses, with the first error. */
async function invalidXmlParts(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const problems: string[] = [];
  for (const name of Object.keys(zip.files)) {
    if (zip.files[name].dir || !/\.(xml|rels)$/.test(name)) continue;
    const xml = await zip.file(name)!.async("string");
    const errors: string[] = [];
    const parser = new SaxesParser({ xmlns: false });
    parser.on("error", (error) => errors.push(error.message));
    try {
      parser.write(xml).close();
    } catch (error) {
      errors.push((error as Error).message);
    }
    if (errors.length) problems.push(`${name}: ${errors[0]}`);
    else if (hasDisallowedText(xml)) problems.push(`${name}: holds a forbidden character`);
  }
  return problems;
}

const tinyPng = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

describe("Word files", () => {
  it("the risk report opens whatever characters its data holds", async () => {
    const bytes = await packDocument(buildRiskReport({ ...spike(sampleRiskReport), radarPng: tinyPng }));
    expect(await invalidXmlParts(bytes)).toEqual([]);
  });

  it("the prescription opens whatever characters its data holds", async () => {
    const bytes = await packDocument(buildPrescription(spike(samplePrescription)));
    expect(await invalidXmlParts(bytes)).toEqual([]);
  });

  it("the shared helpers drop the characters themselves (a builder that forgets to clean its data)", async () => {
    const doc = createOfficialDocument(
      { title: `标题${BAD}`, subject: `主题${BAD}`, creator: `工会${BAD}`, issuedOn: "2026-11-23" },
      [
        officialSection({
          pageNumbers: "dash",
          headerText: `页眉${BAD}`,
          children: [
            title(`标题${BAD}`),
            body(`正文${BAD}`),
            table([{ header: `列${BAD}`, share: 1 }], [[`格${BAD}`]]),
          ],
        }),
      ],
    );
    const bytes = await packDocument(doc);
    expect(await invalidXmlParts(bytes)).toEqual([]);
    const document = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
    expect(document).toContain("正文");
  });
});

describe("Excel files", () => {
  it("the enterprise export opens whatever characters its rows hold", async () => {
    const rows = spike([
      {
        name: "东城精密制造有限公司",
        creditCode: "91110000MA01234567",
        industry: "C",
        headcount: 1250,
        address: "东城区工业路8号",
        unionOrgId: "org-east",
        unionOrgName: "东城街道总工会",
        contacts: [{ name: "张三", role: "工会主席", phone: "13800138000" }],
        congressEstablished: true,
        openAffairs: true,
        usesDispatch: false,
        contractStatus: "in_effect",
        harmoniousDesignations: [],
      },
    ]) as unknown as Parameters<typeof exportEnterprises>[0];
    expect(await invalidXmlParts(await exportEnterprises(rows, { today: "2026-11-23" }))).toEqual([]);
  });

  it("workbookBytes cleans text, rich text, links and notes of any workbook", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("表");
    sheet.addRow([
      `文本${BAD}`,
      { richText: [{ text: `富文本${BAD}` }] },
      { text: `链接${BAD}`, hyperlink: "https://x.example" },
    ]);
    sheet.getCell("A1").note = `批注${BAD}`;
    const bytes = await workbookBytes(book);
    expect(await invalidXmlParts(bytes)).toEqual([]);
    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(reopened.getWorksheet("表")!.getCell("A1").value).toBe("文本");
  });
});
