import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import type { Document } from "docx";
import {
  buildFilingLetter,
  buildOfferLetter,
  buildResponseLetter,
} from "../../templates/docx/bargaining-letters";
import { buildMinutes } from "../../templates/docx/bargaining-minutes";
import { packDocument } from "../../templates/docx/official-style";

/** The texts of the document's paragraphs (and table cells), in order. */
async function texts(doc: Document, save?: string) {
  const bytes = await packDocument(doc);
  if (save && process.env.DOCX_OUT) fs.writeFileSync(path.join(process.env.DOCX_OUT, save), bytes);
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

describe("bargaining letters", () => {
  it("集体协商要约书: addressee, statutory basis, numbered topics, the response period with its article, the chief", async () => {
    const t = await texts(
      buildOfferLetter({
        contractLabel: "工资专项集体合同",
        fromName: "滨江湖滨精密机械有限公司工会",
        toName: "滨江湖滨精密机械有限公司",
        sentOn: "2026-03-02",
        topics: ["工资分配制度、工资标准和工资分配形式", "职工年度平均工资水平及其调整幅度"],
        note: "建议于三月下旬协商。",
        responsePeriod: "10个工作日",
        responseSource: "《浙江省集体合同条例》第七条",
        chiefName: "李明",
      }),
      "offer.docx",
    );
    expect(t[0]).toBe("集体协商要约书");
    expect(t[1]).toBe("滨江湖滨精密机械有限公司：");
    expect(t[2]).toContain("《集体合同规定》第三十二条");
    expect(t).toContain("工资分配制度、工资标准和工资分配形式");
    expect(t.join("\n")).toContain(
      "收到本要约书之日起10个工作日内以书面形式予以回应（《浙江省集体合同条例》第七条）",
    );
    expect(t).toContain("首席代表：李明");
    expect(t).toContain("2026年3月2日");
  });

  it("集体协商回应书: a refusal states its reason", async () => {
    const t = await texts(
      buildResponseLetter({
        contractLabel: "集体合同",
        fromName: "某某有限公司",
        toName: "某某有限公司工会",
        offerSentOn: "2026-03-02",
        offerReceivedOn: "2026-03-03",
        respondedOn: "2026-03-10",
        decision: "refuse",
        extraTopics: [],
        reason: "企业正在进行破产重整，暂不具备协商条件。",
        chiefName: "张丽",
      }),
      "response.docx",
    );
    expect(t[0]).toBe("集体协商回应书");
    expect(t.join("\n")).toContain("于2026年3月3日收到");
    expect(t).toContain("企业正在进行破产重整，暂不具备协商条件。");
  });

  it("集体合同报送审查函: the article, the copies and the attachments numbered as GB/T 9704 sets them", async () => {
    const t = await texts(
      buildFilingLetter({
        contractLabel: "集体合同",
        enterpriseName: "滨江湖滨精密机械有限公司",
        authority: "滨江市云溪区人力资源和社会保障局",
        signedOn: "2026-06-05",
        filedOn: "2026-06-10",
        copies: 3,
        filingSource: "《集体合同规定》第四十二条",
        termText: "期限三年",
        attachments: [
          "集体合同文本（一式三份）",
          "双方协商代表名单",
          "职工代表大会审议通过的决议",
          "协商会议记录",
        ],
        contactName: "张丽（13900001000）",
      }),
      "filing.docx",
    );
    expect(t[0]).toBe("关于报送集体合同的函");
    expect(t.join("\n")).toContain("根据《集体合同规定》第四十二条的规定，现将合同文本一式3份");
    expect(t.join("\n")).toContain("报送贵局，请予审查。");
    expect(t.join("\n")).not.toMatch(/审查.{0,4}请予审查/);
    // GB/T 9704—2012 7.3.3: "附件：1．name", the later numbers under the first, no count line.
    expect(t).toContain("附件：1．集体合同文本（一式三份）");
    expect(t).toContain("3．职工代表大会审议通过的决议");
    expect(t).toContain("4．协商会议记录");
  });

  it("协商会议记录: facts, progress table, suspension (第35条) and the two chiefs' confirmations", async () => {
    const t = await texts(
      buildMinutes({
        caseTitle: "滨江湖滨精密机械有限公司工资专项集体合同协商",
        enterpriseName: "滨江湖滨精密机械有限公司",
        roundNo: 2,
        heldOn: "2026-03-25",
        place: "企业二楼会议室",
        chairName: "张丽",
        chairSideLabel: "用人单位方",
        attendees: "双方协商代表",
        recorderName: "孙晓",
        agenda: "工资调整幅度",
        minutes: "双方就调整幅度未达成一致，同意中止协商。",
        topics: [
          {
            title: "职工年度平均工资水平及其调整幅度",
            statusLabel: "对方已反提案",
            employee: "6%",
            employer: "3%",
            agreed: "",
          },
        ],
        suspension: { nextOn: "2026-04-08", place: "企业二楼会议室", topics: "调整幅度" },
        signOff: { employee: { name: "李明", on: "2026-03-25" }, employer: null },
      }),
      "minutes.docx",
    );
    expect(t[0]).toBe("集体协商会议记录");
    expect(t.slice(1, 3)).toEqual(["滨江湖滨精密机械有限公司工资专项集体合同协商", "（第2次协商会议）"]);
    expect(t).toContain("张丽（用人单位方首席代表）");
    expect(t.join("\n")).toContain("《集体合同规定》第三十五条");
    expect(t).toContain("职工方首席代表：李明（已于2026年3月25日确认）");
    expect(t).toContain("用人单位方首席代表：____________");
  });
});
