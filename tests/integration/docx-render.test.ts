/**
 * Opens the generated Word files the way a reader would: LibreOffice lays them out and prints PDF, and the
 * PDF's text must hold what the data said. Catches what XML assertions cannot (lost text, empty pages,
 * missing fonts or image).
 */
import { formatLegalBasis } from "~/domain/citation-format";
import { renderRadarPng } from "~/services/reports/chart-image.server";
import { packDocument } from "../../templates/docx/official-style";
import { buildPrescription } from "../../templates/docx/prescription";
import { buildRiskReport, formatScore } from "../../templates/docx/risk-report";
import { samplePrescription, sampleRiskReport } from "../../templates/docx/sample-data";
import { createPdfWorkspace, run, squash, type PdfWorkspace } from "../support/pdf";

let pdf: PdfWorkspace;
let pdfText: Record<"report" | "prescription", string[]> = { report: [], prescription: [] };

beforeAll(async () => {
  pdf = createPdfWorkspace("docx-render");
  const radarPng = renderRadarPng(sampleRiskReport.dimensions, { width: 640, height: 480 });
  const pages = await pdf.convert({
    report: await packDocument(buildRiskReport({ ...sampleRiskReport, radarPng })),
    prescription: await packDocument(buildPrescription(samplePrescription)),
  });
  pdfText = { report: pages.report, prescription: pages.prescription };
  await pdf.savePages("report", "sample-report");
  await pdf.savePages("prescription", "sample-prescription");
}, 180_000);

afterAll(() => pdf.cleanup());

describe("risk report as LibreOffice prints it", () => {
  it("has a cover and body pages, none of them empty", () => {
    const pages = pdfText.report;
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) expect(squash(page).length).toBeGreaterThan(20);
    expect(squash(pages[0])).toContain("劳动用工法律体检报告");
    expect(squash(pages[0])).not.toContain("一、体检结论");
    expect(squash(pages[1])).toContain("—1—");
  });

  it("contains the enterprise, the parts, and every dimension with its score", () => {
    const text = squash(pdfText.report.join(""));
    expect(text).toContain(sampleRiskReport.enterpriseName);
    expect(text).toContain(sampleRiskReport.creditCode);
    for (const heading of ["一、体检结论", "二、各维度得分", "三、发现的问题", "四、问题分析"]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("综合得分：71.3分");
    for (const d of sampleRiskReport.dimensions) {
      expect(text).toContain(squash(`${d.title}${formatScore(d.score)}${d.findingCount}`));
    }
  });

  it("prints every finding with its legal basis", () => {
    const text = squash(pdfText.report.join(""));
    for (const f of sampleRiskReport.findings) {
      expect(text).toContain(squash(f.title));
      expect(text).toContain(squash(formatLegalBasis(f.legalBasis)));
    }
  });

  it("embeds the radar image and CJK fonts", async () => {
    const { stdout: images } = await run("pdfimages", ["-list", pdf.pdfPath("report")]);
    expect(images.trim().split("\n").length - 2).toBeGreaterThanOrEqual(1);
    const { stdout: fonts } = await run("pdffonts", [pdf.pdfPath("report")]);
    expect(fonts).toMatch(/NotoSerifCJK/);
    expect(fonts).toMatch(/NotoSansCJK/);
    expect(fonts).not.toMatch(/DejaVu/);
  });
});

describe("prescription as LibreOffice prints it", () => {
  it("contains the enterprise, every item title, its deadline, and the receipt", () => {
    const text = squash(pdfText.prescription.join(""));
    expect(text).toContain(samplePrescription.enterpriseName);
    expect(text).toContain("法律处方（整改通知书）");
    for (const item of samplePrescription.items) {
      expect(text).toContain(squash(item.title));
      expect(text).toContain(squash(formatLegalBasis(item.legalBasis)));
    }
    expect(text).toContain("完成期限：2026年12月23日前");
    expect(text).toContain("企业签收：");
  });

  it("numbers its pages — N — like the report, none empty", () => {
    const pages = pdfText.prescription;
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(squash(page)).toContain(`—${i + 1}—`);
      expect(squash(page).length).toBeGreaterThan(40);
    });
  });
});
