/**
 * Documents of the congress vote and the signed contract, in official style: 表决结果 (the counts against
 * the whole roster, the rule and article applied, the published receipt codes without choices) and the
 * 集体合同 as signed by both chief representatives, its text numbered 第一章 / 第一条 with the SHA-256
 * fingerprint of the frozen text printed under it. Plain data in, Document out.
 */
import { AlignmentType, Paragraph, type Document } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  contractChapters,
  contractParties,
  contractSignatures,
  type ContractChapter,
} from "./contract-draft";
import {
  blankLine,
  body,
  cleanDocumentData,
  createOfficialDocument,
  heading1,
  labelled,
  officialSection,
  plain,
  run,
  signatureBlock,
  SIZES,
  strong,
  STYLE,
  subtitle,
  table,
  title,
} from "./official-style";

export type VoteResultData = {
  caseTitle: string;
  enterpriseName: string;
  /** "职工代表大会" or "职工大会". */
  assemblyLabel: string;
  /** "职工代表" or "职工". */
  memberLabel: string;
  heldOn: LocalDate;
  place: string;
  /** "第2稿". */
  draftLabel: string;
  rosterSize: number;
  present: number;
  quorumRequired: number;
  approvalRequired: number;
  /** "半数以上" / "过半数". */
  approvalRuleLabel: string;
  /** "《集体合同规定》第三十六条". */
  sourceLabel: string;
  counts: { approve: number; oppose: number; abstain: number; total: number };
  online: { approve: number; oppose: number; abstain: number; total: number };
  paper: { approve: number; oppose: number; abstain: number; total: number };
  notCast: number;
  interrupted: number;
  passed: boolean;
  /** Every counted ballot's receipt code, sorted, without its choice. */
  codes: string[];
  tellers: string[];
  unionName: string;
};

const row = (label: string, c: VoteResultData["counts"]) => [
  label,
  String(c.approve),
  String(c.oppose),
  String(c.abstain),
  String(c.total),
];

/**
 * Codes laid out four a row in a monospaced face: "XXXXX-XXXXX" takes 28 mm in 小四 whatever its letters,
 * and a column is 36 mm inside its padding (five columns wrapped codes with wide letters such as M and W).
 */
const CODES_PER_ROW = 4;

function codeRows(codes: readonly string[]): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < codes.length; i += CODES_PER_ROW) {
    const slice = codes.slice(i, i + CODES_PER_ROW).map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
    while (slice.length < CODES_PER_ROW) slice.push("");
    rows.push(slice);
  }
  return rows;
}

/**
 * The conclusion alone: attendance, the counts and the rule with its article stand just above it, so it
 * does not repeat them (the domain's one-sentence summary, written for the minutes, would).
 */
function verdict(data: VoteResultData): string {
  if (data.present < data.quorumRequired)
    return `出席人数不足法定人数（至少${data.quorumRequired}人），表决无效，草案未获通过。`;
  const reached = data.counts.approve >= data.approvalRequired ? "达到" : "未达到";
  return `同意${data.counts.approve}票，${reached}全体${data.memberLabel}${data.approvalRuleLabel}，草案${data.passed ? "获得通过" : "未获通过"}。`;
}

export function buildVoteResult(input: VoteResultData): Document {
  const data = cleanDocumentData(input);
  return createOfficialDocument(
    {
      title: `${data.assemblyLabel}表决结果`,
      subject: `${data.caseTitle}表决结果`,
      creator: data.unionName,
      keywords: "职工代表大会;表决结果;集体合同",
      issuedOn: data.heldOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        children: [
          title(`${data.assemblyLabel}表决结果`),
          subtitle(`关于《${data.caseTitle.replace(/协商$/, "")}（草案）》${data.draftLabel}`),
          body(
            `${formatChineseDate(data.heldOn)}，${data.enterpriseName}${data.assemblyLabel}${data.place ? `在${data.place}` : ""}以无记名投票方式对集体合同草案${data.draftLabel}进行表决。`,
          ),
          heading1("一、出席情况"),
          body(
            `应到${data.memberLabel}${data.rosterSize}人，实到${data.present}人，法定出席人数为全体${data.memberLabel}的三分之二以上（至少${data.quorumRequired}人）。`,
          ),
          heading1("二、表决结果"),
          table(
            [
              { header: "", share: 3, align: "center" },
              { header: "同意", share: 2, align: "center" },
              { header: "不同意", share: 2, align: "center" },
              { header: "弃权", share: 2, align: "center" },
              { header: "合计", share: 2, align: "center" },
            ],
            [row("网上投票", data.online), row("纸质选票", data.paper), row("合计", data.counts)],
          ),
          blankLine(),
          body(
            `出席未投票${data.notCast}人${data.interrupted ? `（其中${data.interrupted}人的网上投票因系统中断未能保存，未计入）` : ""}。纸质选票由计票人${data.tellers.join("、")}分别录入，两人录入一致的方予计入。`,
          ),
          labelled(
            "表决规则",
            `同意票须达到全体${data.memberLabel}${data.approvalRuleLabel}（至少${data.approvalRequired}票），依据${data.sourceLabel}。`,
          ),
          body([strong("结论："), verdict(data)]),
          heading1("三、回执码公布"),
          body(
            `以下为全部计入选票的回执码（共${data.codes.length}个，按编号排列，不含表决意见），与计入的选票数一致。投票人可据此核对本人选票已经计入。`,
            { keepNext: true },
          ),
          ...(data.codes.length
            ? [
                table(
                  Array.from({ length: CODES_PER_ROW }, () => ({
                    header: "回执码",
                    share: 1,
                    align: "center" as const,
                    mono: true,
                  })),
                  codeRows(data.codes),
                ),
              ]
            : [plain("（无）")]),
          ...signatureBlock({
            organisation: data.unionName,
            lines: [`计票人：${data.tellers.join("、")}`],
            date: data.heldOn,
          }),
        ],
      }),
    ],
  );
}

export type SignedContractData = {
  title: string;
  employerName: string;
  unionName: string;
  chapters: ContractChapter[];
  /** "第2稿", voted on heldOn. */
  draftLabel: string;
  votedOn: LocalDate;
  voteSummary: string;
  signatures: {
    employee: { chiefName: string; signedOn: LocalDate };
    employer: { chiefName: string; signedOn: LocalDate };
  };
  signedOn: LocalDate;
  /** SHA-256 of the canonical text, grouped for reading. */
  fingerprint: string;
};

/**
 * The signed text: parties, chapters and signatures printed by the draft's own code (contract-draft.ts),
 * the vote that approved it, and the fingerprint of the frozen text — in full on one line above the
 * signatures, its first half in the running header of every page.
 */
export function buildSignedContract(input: SignedContractData): Document {
  const data = cleanDocumentData(input);
  const keep = (content: Parameters<typeof plain>[0]) => plain(content, { keepNext: true });
  const groups = data.fingerprint.split(" ");
  return createOfficialDocument(
    {
      title: data.title,
      subject: data.title,
      creator: `${data.employerName}；${data.unionName}`,
      keywords: "集体合同;签订文本",
      description: `SHA-256 ${data.fingerprint}`,
      issuedOn: data.signedOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        headerText: `签订文本\u3000摘要（SHA-256）：${groups.slice(0, 4).join(" ")}${groups.length > 4 ? " …" : ""}`,
        children: [
          title(data.title),
          ...contractParties(data.employerName, data.unionName),
          ...contractChapters(data.chapters),
          keep(""),
          body(
            `本合同${data.draftLabel}经${formatChineseDate(data.votedOn)}职工代表大会（职工大会）审议通过${data.voteSummary ? `（${data.voteSummary}）` : ""}，由双方首席代表签字（《集体合同规定》第三十七条）。`,
            { keepNext: true },
          ),
          keep([strong("签订文本摘要（SHA-256）：")]),
          // 小四 and left-aligned: the 71 characters fit one line and are never spread apart.
          new Paragraph({
            style: STYLE.plain,
            alignment: AlignmentType.LEFT,
            keepNext: true,
            children: [run(data.fingerprint, { size: SIZES.xiaosi })],
          }),
          body("本摘要由签订时冻结的合同文本计算，文本任何改动都会使摘要不同。", { keepNext: true }),
          ...contractSignatures(
            { chiefName: data.signatures.employer.chiefName, signedOn: data.signatures.employer.signedOn },
            { chiefName: data.signatures.employee.chiefName, signedOn: data.signatures.employee.signedOn },
          ),
        ],
      }),
    ],
  );
}
