/**
 * Building a Word file from its snapshot: pure apart from the chart rasteriser, and free of the database and
 * the queues, so that the worker's render threads (jobs/render-thread.ts) load only this.
 */
import type { DocumentKind } from "../../../models/rendered-document";
import { packDocument } from "../../../templates/docx/official-style";
import { buildCultivationPlan, type CultivationPlanData } from "../../../templates/docx/cultivation-plan";
import {
  buildCultivationSummary,
  type CultivationSummaryData,
} from "../../../templates/docx/cultivation-summary";
import { buildPrescription, type PrescriptionData } from "../../../templates/docx/prescription";
import { buildRiskReport, type RiskReportData } from "../../../templates/docx/risk-report";
import {
  buildFilingLetter,
  buildOfferLetter,
  buildResponseLetter,
  type FilingLetterData,
  type OfferLetterData,
  type ResponseLetterData,
} from "../../../templates/docx/bargaining-letters";
import { buildMinutes, type MinutesData } from "../../../templates/docx/bargaining-minutes";
import { buildContractDraft, type ContractDraftData } from "../../../templates/docx/contract-draft";
import { buildContractRedline, type ContractRedlineData } from "../../../templates/docx/contract-redline";
import {
  buildSignedContract,
  buildVoteResult,
  type SignedContractData,
  type VoteResultData,
} from "../../../templates/docx/congress";
import { renderRadarPng } from "../reports/chart-image.server";

/** The report's input without the chart image: the worker draws the chart from `dimensions`. */
export type ReportInput = Omit<RiskReportData, "radarPng">;

/** Builds the .docx bytes from a stored snapshot. Pure apart from the chart rasteriser. */
export async function buildFile(kind: DocumentKind, input: string): Promise<Buffer> {
  if (kind === "report") {
    const data = JSON.parse(input) as ReportInput;
    const radarPng = renderRadarPng(
      data.dimensions.map((d) => ({ id: d.id, title: d.title, score: d.score })),
      { width: 640, height: 480 },
    );
    return packDocument(buildRiskReport({ ...data, radarPng }));
  }
  switch (kind) {
    case "bargaining_offer":
      return packDocument(buildOfferLetter(JSON.parse(input) as OfferLetterData));
    case "bargaining_response":
      return packDocument(buildResponseLetter(JSON.parse(input) as ResponseLetterData));
    case "bargaining_minutes":
      return packDocument(buildMinutes(JSON.parse(input) as MinutesData));
    case "bargaining_filing":
      return packDocument(buildFilingLetter(JSON.parse(input) as FilingLetterData));
    case "contract_draft":
      return packDocument(buildContractDraft(JSON.parse(input) as ContractDraftData));
    case "contract_redline":
      return packDocument(buildContractRedline(JSON.parse(input) as ContractRedlineData));
    case "vote_result":
      return packDocument(buildVoteResult(JSON.parse(input) as VoteResultData));
    case "signed_contract":
      return packDocument(buildSignedContract(JSON.parse(input) as SignedContractData));
    case "cultivation_plan":
      return packDocument(buildCultivationPlan(JSON.parse(input) as CultivationPlanData));
    case "cultivation_summary":
      return packDocument(buildCultivationSummary(JSON.parse(input) as CultivationSummaryData));
    default:
      return packDocument(buildPrescription(JSON.parse(input) as PrescriptionData));
  }
}
