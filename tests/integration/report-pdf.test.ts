/**
 * The acceptance test on what the pipeline really produces: an accepted health check, the instructor's
 * analysis, the report rendered by the documents service, a prescription drafted and issued and rendered,
 * then the stored .docx bytes printed to PDF by LibreOffice. The PDF text must hold the data the services
 * put in (not sample data), so a lost field, a wrong format or a dropped block fails here.
 * The pages are also saved as PNG under test-results/docx-pages/ for people to look at.
 */
import { Types } from "mongoose";
import { citedArticles, formatLegalBasis } from "../../app/domain/citation-format";
import { formatChineseDate } from "../../app/domain/dates";
import { statuteLibrary } from "../../templates/statutes";
import { parseAnalysis } from "../../app/domain/reports/analysis";
import {
  renderDocument,
  renderInputOf,
  type ReportInput,
} from "../../app/services/documents/documents.server";
import { createWithBlob, getBlob } from "../../models/file-blob";
import { AnswerSheet, EvidenceFile } from "../../models/assessment";
import { samplePdf } from "../../scripts/sample-pdf";
import {
  createPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
} from "../../app/services/prescriptions/drafting.server";
import { reportPage, requestReportFile, saveAnalysis } from "../../app/services/reports/reports.server";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../models/prescription";
import { RenderedDocument } from "../../models/rendered-document";
import { formatScore } from "../../templates/docx/risk-report";
import { makeEnterprise, makeOrg, makeUser, signInAs } from "../support/factories";
import { createPdfWorkspace, squash, type PdfWorkspace } from "../support/pdf";
import { makeAcceptedAssessment } from "../support/reports";

/** What a reader must never see: placeholders of missing data and the item library's markup. */
const NOT_FOR_READERS = ["undefined", "null", "NaN", "[object", "*(signal)*"];

const ANALYSIS = [
  "## 主要风险集中在劳动合同和工时管理",
  "经查阅企业提供的花名册、劳动合同台账和考勤记录，并与工会主席、职工代表座谈，企业在劳动合同签订、加班管理和民主程序方面存在较为突出的问题。",
  "",
  "- 部分新入职职工超过一个月未签订书面劳动合同；",
  "- 生产岗位旺季月加班时数普遍超过36小时。",
  "",
  "## 整改建议",
  "1. 人事部门逐一核对花名册，一个月内完成补签；",
  "2. 按岗位统计近12个月的加班时数，调整排班并依法支付加班工资；",
  "3. 规章制度修订前提交职工代表大会讨论。",
].join("\n");

const EVIDENCE_NAME = "劳动合同签订台账.pdf";

// Two renders and two LibreOffice prints in beforeAll: a minute alone on two loaded cores.
jest.setTimeout(240_000);

let pdf: PdfWorkspace;
let report: { text: string; pages: string[]; input: ReportInput };
let prescription: { text: string; pages: string[]; no: string; items: PrescriptionItemDoc[] };
let enterpriseName: string;

async function storedBytes(renderId: string): Promise<Uint8Array> {
  const doc = await RenderedDocument.findById(renderId).lean();
  expect(doc?.status).toBe("done");
  const bytes = await getBlob(doc!._id);
  expect(bytes?.byteLength).toBe(doc!.size);
  return new Uint8Array(bytes!);
}

beforeAll(async () => {
  const org = await makeOrg({ name: "苏州市吴中区长桥街道总工会" });
  const enterprise = await makeEnterprise(org, {
    name: "苏州恒达精密机械有限公司",
    headcount: 300,
    usesDispatch: true,
  });
  enterpriseName = enterprise.name;
  const instructor = await signInAs(await makeUser({ role: "instructor", org, displayName: "王建华" }));
  const assessmentId = String((await makeAcceptedAssessment(enterprise, instructor.user))._id);
  // A file the HR manager attached to the first question's answer (stored as the fill-in page stores it).
  const hr = await makeUser({ role: "hr", enterprise, displayName: "李红" });
  const bytes = samplePdf("Labour contract ledger");
  const file = await createWithBlob(
    EvidenceFile,
    {
      assessmentId: new Types.ObjectId(assessmentId),
      questionId: "LC-01:files",
      name: EVIDENCE_NAME,
      contentType: "application/pdf",
      size: bytes.byteLength,
      sha256: "0".repeat(64),
      uploadedBy: hr.doc._id,
      uploadedAt: new Date("2026-03-02T06:05:00Z"),
    },
    bytes,
  );
  await AnswerSheet.create({
    _id: new Types.ObjectId(assessmentId),
    seq: 1,
    answers: [
      {
        questionId: "LC-01:files",
        value: JSON.stringify([{ fileId: String(file._id), name: EVIDENCE_NAME }]),
        rev: 1,
        savedAt: new Date(),
      },
    ],
  });

  // The report: analysis written, then the Word file of that version requested and rendered.
  const before = await reportPage(instructor.user, assessmentId);
  await saveAnalysis(instructor.user, assessmentId, before.report.version, ANALYSIS);
  const page = await reportPage(instructor.user, assessmentId);
  const reportRender = await requestReportFile(instructor.user, assessmentId, page.report.version);
  await renderDocument(reportRender.id);
  const reportDoc = await RenderedDocument.findById(reportRender.id).lean();

  // The prescription: drafted from the findings, issued, its file rendered.
  await createPrescriptionDraft(instructor.user, assessmentId);
  const draft = await prescriptionPage(instructor.user, assessmentId);
  const issued = await issuePrescription(instructor.user, assessmentId, draft.prescription!.version);
  const prescriptionRender = await RenderedDocument.findOne({
    kind: "prescription",
    sourceId: issued._id,
  }).lean();
  await renderDocument(String(prescriptionRender!._id));

  pdf = createPdfWorkspace("report-pdf");
  const pages = await pdf.convert({
    report: await storedBytes(reportRender.id),
    prescription: await storedBytes(String(prescriptionRender!._id)),
  });
  report = {
    pages: pages.report,
    text: squash(pages.report.join("")),
    input: JSON.parse(await renderInputOf(reportDoc!)) as ReportInput,
  };
  prescription = {
    pages: pages.prescription,
    text: squash(pages.prescription.join("")),
    no: issued.prescriptionNo!,
    items: await PrescriptionItem.find({ prescriptionId: issued._id }).sort({ no: 1 }).lean(),
  };
  await pdf.savePages("report", "pipeline-report");
  await pdf.savePages("prescription", "pipeline-prescription");
}, 240_000);

afterAll(() => pdf?.cleanup());

describe("risk report rendered by the pipeline, as LibreOffice prints it", () => {
  it("was rendered from a snapshot with findings and the saved analysis", () => {
    expect(report.input.enterpriseName).toBe(enterpriseName);
    expect(report.input.findings.length).toBeGreaterThan(0);
    expect(report.input.dimensions.length).toBeGreaterThan(5);
    expect(report.pages.length).toBeGreaterThanOrEqual(3);
  });

  it("names the enterprise and the report number, on the cover and in the running header", () => {
    expect(report.text).toContain(squash(enterpriseName));
    expect(report.input.reportNo).toMatch(/^长桥工体〔\d{4}〕\d+号$/);
    expect(squash(report.pages[0])).toContain(squash(report.input.reportNo));
    expect(squash(report.pages[1])).toContain(squash(`编号：${report.input.reportNo}`));
  });

  it("shows every dimension's title and its score as formatScore writes it", () => {
    for (const [i, d] of report.input.dimensions.entries()) {
      expect(report.text).toContain(squash(`${i + 1}${d.title}${formatScore(d.score)}${d.findingCount}`));
    }
    if (report.input.overall !== null) {
      expect(report.text).toContain(`综合得分：${formatScore(report.input.overall)}分`);
    }
  });

  it("prints every finding and the analysis as written", () => {
    for (const f of report.input.findings) expect(report.text).toContain(squash(f.title));
    const blocks = parseAnalysis(ANALYSIS);
    const texts = blocks.flatMap((b) => ("items" in b ? b.items : [b.text])).filter(Boolean);
    expect(texts.length).toBeGreaterThan(6);
    for (const t of texts) expect(report.text).toContain(squash(t));
  });

  it("prints no placeholder of missing data and no library markup", () => {
    for (const bad of NOT_FOR_READERS) expect(report.text).not.toContain(bad);
  });
});

describe("prescription rendered by the pipeline, as LibreOffice prints it", () => {
  it("names the enterprise and the prescription number", () => {
    expect(prescription.no).toMatch(/^长桥工处〔\d{4}〕\d+号$/);
    expect(prescription.text).toContain(squash(`${enterpriseName}：`));
    expect(squash(prescription.pages[0])).toContain(squash(`编号：${prescription.no}`));
  });

  it("prints every item's title and its due date as the builder writes it", () => {
    expect(prescription.items.length).toBe(report.input.findings.length);
    for (const item of prescription.items) {
      expect(prescription.text).toContain(squash(item.title));
      expect(prescription.text).toContain(`完成期限：${formatChineseDate(item.dueOn)}前`);
    }
  });

  it("numbers its pages — N — like the report and prints no placeholder of missing data", () => {
    prescription.pages.forEach((page, i) => expect(squash(page)).toContain(`—${i + 1}—`));
    for (const bad of NOT_FOR_READERS) expect(prescription.text).not.toContain(bad);
  });
});

/**
 * The annex (附件) as printed: everything after its title, without the running header and the page
 * numbers that LibreOffice prints between the lines of an article spanning two pages.
 */
function annexOf(pages: string[], title: string, header: string): string {
  const at = pages.findIndex((p) => squash(p).includes(`附件${title}`));
  expect(at).toBeGreaterThan(0);
  const text = pages
    .slice(at)
    .map((p) => squash(p).split(squash(header)).join("").replace(/—\d+—/g, ""))
    .join("");
  return bare(text.split(`附件${title}`).slice(1).join(""));
}

/**
 * Text without whitespace and the punctuation LibreOffice squeezes into a line's end, which pdftotext then
 * leaves out (劳动报酬、工作时间、休息休假 reads back as 劳动报酬、工作时间休息休假).
 */
const bare = (s: string) => squash(s).replace(/[，、。；：！？,.;:!?]/g, "");

/** Every article a list of legal bases cites, each with its text as the statutes file holds it. */
function citedIn(bases: { legalBasis: string; citations?: { statute: string; article: string }[] }[]) {
  return bases.flatMap((b) => citedArticles(b.legalBasis, b.citations ?? [], statuteLibrary));
}

describe("both documents read as official documents", () => {
  it("name the organisation once in the report's opening sentence", () => {
    const org = "苏州市吴中区长桥街道总工会";
    expect(report.text).toContain(squash(`${org}依据《`));
    expect(report.text).not.toContain(`${org}会同${org}`);
    expect(report.text).not.toMatch(/(.{4,})会同\1/);
  });

  it("print no item code of the library (LC-07) anywhere", () => {
    expect(report.input.findings.map((f) => f.ruleId)).toContain("LC-07");
    for (const text of [report.text, prescription.text]) {
      expect(text).not.toMatch(/[A-Z]{2}-\d{2}(?!\d)/);
      expect(text).not.toContain("LC-07");
    }
  });

  it("cite statutes by full title with Chinese-numeral articles, never doubled", () => {
    for (const f of report.input.findings)
      expect(report.text).toContain(squash(formatLegalBasis(f.legalBasis)));
    for (const item of prescription.items) {
      expect(prescription.text).toContain(squash(formatLegalBasis(item.legalBasis)));
    }
    for (const text of [report.text, prescription.text]) {
      expect(text).not.toMatch(/《《|》》/);
      expect(text).toContain("《中华人民共和国劳动合同法》第十条");
    }
  });

  it("hold in their annex the text of every article they cite", () => {
    // The report's first annex (the second lists the evidence files).
    const reportAnnex = annexOf(
      report.pages,
      "1本报告引用的法律条文",
      `${enterpriseName}劳动用工法律体检报告\u3000编号：${report.input.reportNo}`,
    );
    const reportCited = citedIn(report.input.findings.map((f) => ({ legalBasis: f.legalBasis })));
    expect(reportCited.length).toBeGreaterThan(10);
    for (const a of reportCited) {
      expect(reportAnnex).toContain(bare(a.label));
      expect(reportAnnex).toContain(bare(a.text ?? "全文未收录"));
    }
    const prescriptionAnnex = annexOf(
      prescription.pages,
      "本处方引用的法律条文",
      `苏州市吴中区长桥街道总工会\u3000法律处方\u3000${prescription.no}`,
    );
    const prescriptionCited = citedIn(prescription.items);
    expect(prescriptionCited.length).toBeGreaterThan(10);
    for (const a of prescriptionCited) {
      expect(prescriptionAnnex).toContain(bare(a.label));
      expect(prescriptionAnnex).toContain(bare(a.text ?? "全文未收录"));
    }
  });

  it("list in the report's second annex the evidence files given with the answers", () => {
    expect(report.text).toContain(squash("附件：1．本报告引用的法律条文2．体检佐证材料清单"));
    expect(report.input.evidence).toEqual([
      {
        dimension: "劳动合同",
        question: "是否与全部在职职工签订了书面劳动合同？",
        files: [
          {
            name: EVIDENCE_NAME,
            size: expect.stringMatching(/^[\d.]+ (字节|KB)$/),
            uploadedBy: "李红",
            uploadedAt: "2026-03-02 14:05",
          },
        ],
      },
    ]);
    const annex = annexOf(
      report.pages,
      "2体检佐证材料清单",
      `${enterpriseName}劳动用工法律体检报告\u3000编号：${report.input.reportNo}`,
    );
    const f = report.input.evidence![0].files[0];
    expect(annex).toContain(bare("企业在体检中随答案提交佐证材料1份，涉及1个问题，原件存于平台。"));
    // pdftotext reads a table's cells line by line across the row, wrapped ones in pieces: every
    // character of the row is there.
    const left = [...annex];
    for (const ch of bare(
      `1劳动合同：是否与全部在职职工签订了书面劳动合同？${EVIDENCE_NAME}${f.size}李红${f.uploadedAt}`,
    )) {
      const at = left.indexOf(ch);
      expect([ch, at >= 0]).toEqual([ch, true]);
      left.splice(at, 1);
    }
  });

  it("give each finding its deadline and compare with the organisation's average", () => {
    expect(report.text).toContain("表2与本组织平均对比");
    expect(report.text).toMatch(/本组织\d+家企业最近一次体检的平均综合得分为/);
    for (const f of report.input.findings) expect(f.deadline).toBeTruthy();
    expect(report.text).toContain("整改期限：自报告出具之日起30日内");
  });
});
