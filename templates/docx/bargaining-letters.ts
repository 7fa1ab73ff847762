/**
 * Letters of collective bargaining, in official style: 集体协商要约书 (the written offer, 集体合同规定 第32条),
 * 集体协商回应书 (the written response), and 集体合同报送审查函 (the employer's filing with the labour
 * administration, 第42条) with its attachment list. Plain data in, Document out: the service that asks for
 * the render assembles the data, and never passes a side's private (caucus) notes.
 */
import type { Document } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  annexNote,
  body,
  createOfficialDocument,
  numberedList,
  officialSection,
  plain,
  signatureBlock,
  title,
} from "./official-style";

export type OfferLetterData = {
  /** "集体合同" / "工资专项集体合同" … */
  contractLabel: string;
  /** Who sends: "滨江湖滨精密机械有限公司工会" (employee side) or the enterprise (employer side). */
  fromName: string;
  /** Who receives: the enterprise (employee side sends) or its union. */
  toName: string;
  sentOn: LocalDate;
  topics: string[];
  /** Free text from the sender (proposed time, place, contact). */
  note: string;
  /** "二十日" / "十个工作日", and the article that sets it ("《集体合同规定》第三十二条"). */
  responsePeriod: string;
  responseSource: string;
  chiefName: string;
  /** The union organisation of a campaign (集中要约行动), shown under the text. */
  campaignName?: string;
};

export function buildOfferLetter(data: OfferLetterData): Document {
  return createOfficialDocument(
    {
      title: "集体协商要约书",
      subject: `关于签订${data.contractLabel}的集体协商要约`,
      creator: data.fromName,
      keywords: "集体协商;要约书",
      issuedOn: data.sentOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        children: [
          title("集体协商要约书"),
          plain(`${data.toName}：`),
          body(
            `根据《中华人民共和国劳动合同法》第五十一条、《集体合同规定》第三十二条的规定，本方提出与贵方就签订${data.contractLabel}进行集体协商。拟协商的主要内容如下：`,
          ),
          ...numberedList(data.topics.length ? data.topics : ["双方认为应当协商的其他内容"], {
            instance: 1,
          }),
          ...(data.note.trim()
            ? data.note
                .trim()
                .split("\n")
                .map((line) => body(line))
            : []),
          body(
            `请贵方自收到本要约书之日起${data.responsePeriod}内以书面形式予以回应（${data.responseSource}）；无正当理由不得拒绝进行集体协商。`,
            { keepNext: true },
          ),
          ...(data.campaignName ? [body(`本要约系“${data.campaignName}”集中要约行动之一。`)] : []),
          ...signatureBlock({
            organisation: data.fromName,
            lines: [`首席代表：${data.chiefName}`],
            date: data.sentOn,
          }),
        ],
      }),
    ],
  );
}

export type ResponseDecision = "agree" | "agree_other_topics" | "refuse";

export type ResponseLetterData = {
  contractLabel: string;
  fromName: string;
  toName: string;
  offerSentOn: LocalDate | null;
  offerReceivedOn: LocalDate | null;
  respondedOn: LocalDate;
  decision: ResponseDecision;
  /** Topics the responding side adds (agree_other_topics). */
  extraTopics: string[];
  /** Why it refuses (refuse): 第32条 allows no refusal without good reason. */
  reason: string;
  chiefName: string;
};

export function buildResponseLetter(data: ResponseLetterData): Document {
  const received = data.offerReceivedOn ? `于${formatChineseDate(data.offerReceivedOn)}收到` : "收到";
  const decided =
    data.decision === "refuse"
      ? [body("经研究，本方暂不同意进行集体协商，理由如下："), body(data.reason)]
      : [
          body(
            `经研究，本方同意就签订${data.contractLabel}进行集体协商${data.decision === "agree_other_topics" ? "，并提出增加以下协商内容：" : "。"}`,
          ),
          ...(data.decision === "agree_other_topics" ? numberedList(data.extraTopics, { instance: 1 }) : []),
          body(
            "本方将依照《集体合同规定》第十九条至第二十一条确定协商代表，并与贵方商定协商的时间、地点和议程。",
          ),
        ];
  return createOfficialDocument(
    {
      title: "集体协商回应书",
      subject: `关于签订${data.contractLabel}集体协商要约的回应`,
      creator: data.fromName,
      keywords: "集体协商;回应书",
      issuedOn: data.respondedOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        children: [
          title("集体协商回应书"),
          plain(`${data.toName}：`),
          body(
            `贵方${data.offerSentOn ? `${formatChineseDate(data.offerSentOn)}发出的` : ""}《集体协商要约书》，本方已${received}。根据《集体合同规定》第三十二条的规定，现书面回应如下：`,
          ),
          ...decided,
          ...signatureBlock({
            organisation: data.fromName,
            lines: [`首席代表：${data.chiefName}`],
            date: data.respondedOn,
          }),
        ],
      }),
    ],
  );
}

export type FilingLetterData = {
  contractLabel: string;
  enterpriseName: string;
  /** The labour administration the text goes to. */
  authority: string;
  signedOn: LocalDate;
  filedOn: LocalDate;
  copies: number;
  /** "《集体合同规定》第四十二条" (or the regional article). */
  filingSource: string;
  termText: string;
  attachments: string[];
  contactName: string;
};

export function buildFilingLetter(data: FilingLetterData): Document {
  return createOfficialDocument(
    {
      title: "集体合同报送审查函",
      subject: `${data.enterpriseName}${data.contractLabel}报送审查`,
      creator: data.enterpriseName,
      keywords: "集体合同;报送审查",
      issuedOn: data.filedOn,
    },
    [
      officialSection({
        pageNumbers: "dash",
        children: [
          title(`关于报送${data.contractLabel}的函`),
          plain(`${data.authority}：`),
          body(
            `本单位与本单位工会经集体协商，于${formatChineseDate(data.signedOn)}签订《${data.contractLabel}》，${data.termText}。` +
              `该合同草案已经职工代表大会（职工大会）审议通过，由双方首席代表签字。根据${data.filingSource}的规定，` +
              `现将合同文本一式${data.copies}份及有关材料报送贵局，请予审查。`,
          ),
          body(`联系人：${data.contactName}`, { keepNext: true }),
          ...annexNote(data.attachments),
          ...signatureBlock({ organisation: data.enterpriseName, date: data.filedOn }),
        ],
      }),
    ],
  );
}
