import { citedStatutes } from "~/domain/health-check/statute-subset";
import { parseLegalBasis } from "~/domain/health-check/statutes";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { statuteLibrary } from "../../../templates/statutes";

describe("citedStatutes", () => {
  it("keeps only the cited articles, with title and version date", () => {
    const subset = citedStatutes(
      [
        { legalBasis: "劳动合同法 第10条、第82条；劳动法 第50条" },
        { citations: [{ statute: "工会法", article: "6" }] },
      ],
      statuteLibrary,
    );
    expect(Object.keys(subset).sort()).toEqual(["劳动合同法", "劳动法", "工会法"].sort());
    expect(Object.keys(subset["劳动合同法"].articles).sort()).toEqual(["10", "82"]);
    expect(subset["劳动合同法"]).toMatchObject({
      title: "中华人民共和国劳动合同法",
      versionDate: statuteLibrary["劳动合同法"].versionDate,
      history: [],
    });
    expect(subset["劳动合同法"].articles["10"]).toContain("建立劳动关系，应当订立书面劳动合同");
  });

  it("leaves out statutes without a shipped text and notes", () => {
    const subset = citedStatutes(
      [{ legalBasis: "民主管理规定" }, { legalBasis: "*(signal)* 劳动关系风险研判" }],
      statuteLibrary,
    );
    expect(subset).toEqual({});
  });

  it("parses every basis of the default template exactly as the whole library does, at a fraction of its size", () => {
    const subset = citedStatutes(defaultTemplate.questions, statuteLibrary);
    for (const q of defaultTemplate.questions) {
      if (q.legalBasis)
        expect(parseLegalBasis(q.legalBasis, subset)).toEqual(parseLegalBasis(q.legalBasis, statuteLibrary));
    }
    expect(JSON.stringify(subset).length).toBeLessThan(JSON.stringify(statuteLibrary).length / 5);
  });
});
