import JSZip from "jszip";
import { buildCultivationPlan, type CultivationPlanData } from "../../templates/docx/cultivation-plan";
import {
  buildCultivationSummary,
  type CultivationSummaryData,
} from "../../templates/docx/cultivation-summary";
import { packDocument } from "../../templates/docx/official-style";
import type { Document } from "docx";

async function texts(doc: Document) {
  const zip = await JSZip.loadAsync(await packDocument(doc));
  const xml = await zip.file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
  );
}

const plan: CultivationPlanData = {
  enterpriseName: "云溪新材料科技股份有限公司",
  creditCode: "91330110MA2100007X",
  unionOrgName: "云溪智造产业园区总工会",
  year: 2026,
  startOn: "2026-03-02",
  issuedOn: "2026-03-02",
  instructorName: "王建国",
  templateTitle: "默认模板",
  profile: [{ label: "职工人数", value: "812 人" }],
  riskLevelLabel: "中",
  rectifyThreshold: 80,
  milestones: [
    {
      stageLabel: "走访摸底",
      title: "首次走访",
      description: "走访企业。",
      dueOn: "2026-03-16",
      assignees: "",
      proof: "走访记录",
    },
    {
      stageLabel: "培训整改",
      title: "完善规章制度",
      description: "修订制度。",
      dueOn: "2026-08-14",
      assignees: "企业人力资源负责人",
      proof: "规章制度文件",
    },
  ],
};

describe("一企一策 培育方案", () => {
  it("has the title, the enterprise, the goal with the 四个一, the schedule and the issuing block", async () => {
    const t = await texts(buildCultivationPlan(plan));
    expect(t[0]).toBe("和谐劳动关系企业培育方案");
    expect(t).toContain("培育企业：云溪新材料科技股份有限公司");
    expect(t.join("")).toContain("出具一份体检报告、开展一次问题分析、举办一次政策培训、完善一套规章制度");
    expect(t).toContain("培育事项进度表");
    expect(t).toContain("2026年8月14日");
    expect(t.join("")).toContain("（协办：企业人力资源负责人）");
    expect(t.join("")).toContain("核验销号比例达到80%以上");
    expect(t.slice(-3)).toEqual(["云溪智造产业园区总工会", "指导员：王建国", "2026年3月2日"]);
  });
});

const summary: CultivationSummaryData = {
  enterpriseName: "云溪新材料科技股份有限公司",
  unionOrgName: "云溪智造产业园区总工会",
  year: 2026,
  startOn: "2026-03-02",
  signedOn: "2026-12-20",
  instructorName: "王建国",
  headName: "刘志强",
  summary: "第一段总结。\n\n第二段计划。",
  milestones: [
    {
      title: "首次走访",
      stageLabel: "走访摸底",
      dueOn: "2026-03-16",
      doneOn: "2026-03-10",
      proof: "走访记录（2026-03-10）",
    },
    {
      title: "法律体检",
      stageLabel: "体检诊断",
      dueOn: "2026-04-16",
      doneOn: "2026-05-01",
      proof: "法律体检通过审核",
    },
    { title: "和谐劳动关系企业评估", stageLabel: "评估验收", dueOn: "2027-01-25", doneOn: null, proof: "" },
  ],
  records: [
    {
      date: "2026-03-10",
      kindLabel: "走访记录",
      title: "首次走访",
      lines: [{ label: "会见人员", text: "人力资源经理" }],
    },
  ],
  evaluation: null,
};

describe("培育工作总结", () => {
  it("counts done and on-time milestones, lists records, the summary, the result and both signatures", async () => {
    const t = await texts(buildCultivationSummary(summary));
    expect(t[0]).toBe("和谐劳动关系企业培育工作总结");
    expect(t.join("")).toContain("培育方案共3项事项，已完成2项，其中按期完成1项，未完成1项。");
    expect(t).toContain("未完成");
    expect(t).toContain("（一）2026年3月10日 走访记录：首次走访");
    expect(t).toContain("会见人员：人力资源经理");
    expect(t).toContain("第一段总结。");
    expect(t).toContain("第二段计划。");
    expect(t).toContain("本年度尚未开展和谐劳动关系企业评估。");
    expect(t.slice(-4)).toEqual([
      "云溪智造产业园区总工会",
      "指导员：王建国",
      "审签：刘志强",
      "2026年12月20日",
    ]);
  });
});
