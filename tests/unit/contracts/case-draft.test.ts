import { agreedTopicsFromBoard, canonicalText } from "~/domain/contracts/case-draft";
import { DEFAULT_CONTRACT_LIBRARY } from "../../../templates/contracts";
import { draftOf } from "./helpers";

const topic = (key: string, title: string, status: string, agreedText = "") => ({
  key,
  title,
  status,
  agreedText,
});

describe("agreedTopicsFromBoard", () => {
  it("takes TA topics only: statutory ones with the library's clauses, a written wording as one more clause", () => {
    const agreed = agreedTopicsFromBoard("wage", DEFAULT_CONTRACT_LIBRARY, [
      topic("wage_term", "工资协议的期限", "ta", "工资协议的期限"),
      topic("wage_system", "工资分配制度、工资标准和工资分配形式", "counter", "x"),
      topic("average_wage_adjustment", "职工年度平均工资水平及其调整幅度", "ta", "年度平均工资增长3%"),
      topic("wage_payment", "工资支付办法", "withdrawn"),
    ]);
    expect(agreed.map((a) => a.topic)).toEqual(["wage_term", "average_wage_adjustment"]);
    expect(agreed[0].clauses).toEqual([{ templateKey: "wage.term" }]);
    expect(agreed[1].clauses.at(-1)).toEqual({
      title: "职工年度平均工资水平及其调整幅度（协商一致）",
      text: "年度平均工资增长3%",
    });
    expect(agreed[1].clauses.slice(0, -1).every((c) => "templateKey" in c)).toBe(true);
  });

  it("puts the sides' own topics and findings under other matters (第7条 (九) for wages, 第8条 (十五) otherwise)", () => {
    const board = [
      topic("custom-a", "夜班津贴", "ta", "夜班每晚津贴30元"),
      topic("finding-b", "未足额缴纳社会保险", "ta"),
      topic("custom-c", "班车", "on_table"),
    ];
    expect(agreedTopicsFromBoard("wage", DEFAULT_CONTRACT_LIBRARY, board)).toEqual([
      {
        topic: "wage_other",
        clauses: [
          { title: "夜班津贴", text: "夜班每晚津贴30元" },
          { title: "未足额缴纳社会保险", text: "未足额缴纳社会保险" },
        ],
      },
    ]);
    expect(agreedTopicsFromBoard("comprehensive", DEFAULT_CONTRACT_LIBRARY, board)[0].topic).toBe("other");
  });
});

describe("canonicalText", () => {
  it("depends on the words only, in a fixed key order", () => {
    const draft = draftOf("wage");
    const same = { ...draft, number: 7, applied: [], library: { key: "x", version: 9 } };
    expect(canonicalText(same)).toBe(canonicalText(draft));
    const changed = {
      ...draft,
      chapters: draft.chapters.map((c, i) =>
        i === 0
          ? { ...c, clauses: c.clauses.map((x, j) => (j === 0 ? { ...x, text: `${x.text}。` } : x)) }
          : c,
      ),
    };
    expect(canonicalText(changed)).not.toBe(canonicalText(draft));
    expect(JSON.parse(canonicalText(draft))[0]).toEqual({
      key: draft.chapters[0].key,
      title: draft.chapters[0].title,
      clauses: draft.chapters[0].clauses.map((x) => ({ id: x.id, title: x.title, text: x.text })),
    });
  });
});
