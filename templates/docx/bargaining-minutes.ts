/**
 * 集体协商会议记录 (minutes of one bargaining round, 集体合同规定 第34条): the meeting's facts, what was
 * discussed, where each topic stands after the round, any suspension (第35条) and the two chiefs' and the
 * recorder's signatures. Plain data in, Document out; a side's private (caucus) notes are never part of it.
 */
import type { Document, Paragraph, Table } from "docx";
import { formatChineseDate, type LocalDate } from "../../app/domain/dates";
import {
  blankLine,
  body,
  caption,
  coverInfo,
  createOfficialDocument,
  heading1,
  officialSection,
  plain,
  subtitle,
  table,
  title,
} from "./official-style";

export type MinutesData = {
  caseTitle: string;
  enterpriseName: string;
  roundNo: number;
  heldOn: LocalDate;
  place: string;
  chairName: string;
  chairSideLabel: string;
  attendees: string;
  recorderName: string;
  agenda: string;
  minutes: string;
  topics: { title: string; statusLabel: string; employee: string; employer: string; agreed: string }[];
  suspension: { nextOn: LocalDate; place: string; topics: string } | null;
  signOff: {
    employee: { name: string; on: LocalDate } | null;
    employer: { name: string; on: LocalDate } | null;
  };
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function buildMinutes(data: MinutesData): Document {
  const children: (Paragraph | Table)[] = [
    title("集体协商会议记录"),
    subtitle(data.caseTitle),
    subtitle(`（第${data.roundNo}次协商会议）`),
    blankLine(),
    coverInfo([
      ["会议时间", formatChineseDate(data.heldOn)],
      ["会议地点", data.place],
      ["主持人", `${data.chairName}（${data.chairSideLabel}首席代表）`],
      ["记录员", data.recorderName || "—"],
    ]),
    blankLine(),
    heading1("一、出席人员"),
    ...lines(data.attendees || "—").map((l) => body(l)),
    heading1("二、会议议程"),
    ...lines(data.agenda || "—").map((l) => body(l)),
    heading1("三、协商情况"),
    ...lines(data.minutes || "—").map((l) => body(l)),
    heading1("四、议题进展"),
    caption("本次会议后各议题状态", { keepNext: true }),
    table(
      [
        { header: "议题", share: 22 },
        { header: "状态", share: 15, align: "center" },
        { header: "职工方意见", share: 21 },
        { header: "用人单位方意见", share: 21 },
        { header: "一致意见", share: 21 },
      ],
      data.topics.map((t) => [t.title, t.statusLabel, t.employee || "—", t.employer || "—", t.agreed || "—"]),
    ),
  ];
  if (data.suspension) {
    children.push(
      heading1("五、中止协商"),
      body(
        `经双方同意，本次协商中止。下次协商时间：${formatChineseDate(data.suspension.nextOn)}；地点：${data.suspension.place}；议题：${data.suspension.topics}（《集体合同规定》第三十五条）。`,
      ),
    );
  }
  const sign = (label: string, s: { name: string; on: LocalDate } | null) =>
    plain(s ? `${label}：${s.name}（已于${formatChineseDate(s.on)}确认）` : `${label}：____________`);
  children.push(
    blankLine(),
    sign("职工方首席代表", data.signOff.employee),
    sign("用人单位方首席代表", data.signOff.employer),
    plain(`记录员：${data.recorderName || "____________"}`),
  );
  return createOfficialDocument(
    {
      title: `集体协商会议记录（第${data.roundNo}次）`,
      subject: `${data.enterpriseName}${data.caseTitle}`,
      creator: data.enterpriseName,
      keywords: "集体协商;会议记录",
      issuedOn: data.heldOn,
    },
    [officialSection({ pageNumbers: "page-of-total", children })],
  );
}
