import { ACTION_GROUPS, ACTION_LABELS, auditChanges, describeValue, idsIn } from "~/domain/audit/describe";

describe("audit trail in Chinese", () => {
  it("names every health-check action and groups them for the filter", () => {
    const group = ACTION_GROUPS.find((g) => g.label === "法律体检")!;
    expect(Object.keys(group.actions)).toEqual([
      "assessment.start",
      "assessment.upload_evidence",
      "assessment.submit",
      "assessment.return",
      "assessment.accept",
    ]);
    expect(ACTION_LABELS["assessment.return"]).toBe("退回体检修改");
    expect(ACTION_LABELS["org.document_style"]).toBe("修改机关代字和版头");
    // Every label is Chinese.
    for (const label of Object.values(ACTION_LABELS)) expect(label).toMatch(/^[\u4e00-\u9fff（）、]+$/);
  });

  it("translates statuses by the kind of object, and roles, priorities and yes/no", () => {
    expect(describeValue("status", "returned", "assessment")).toBe("已退回修改");
    expect(describeValue("status", "submitted", "prescription_item")).toBe("待核验");
    expect(describeValue("status", "disabled", "user")).toBe("已停用");
    expect(describeValue("status", "published", "questionnaire_template")).toBe("已发布");
    expect(describeValue("role", "hr", "user")).toBe("企业人力资源负责人");
    expect(describeValue("priority", "high", "prescription")).toBe("高");
    expect(describeValue("archived", true, "union_org")).toBe("是");
    expect(describeValue("size", 2_621_440, "prescription_item")).toBe("2.5 MB");
    expect(describeValue("note", "", "assessment")).toBe("（空）");
  });

  it("shows before/after as the fields that changed, ids as names", () => {
    const org = "65a1b2c3d4e5f60718293a4b";
    const names = new Map([[org, "湖滨街道总工会"]]);
    expect(
      auditChanges({ status: "submitted" }, { status: "returned", note: "请补充劳动合同台账" }, "assessment"),
    ).toEqual([
      { field: "状态", before: "待审核", after: "已退回修改" },
      { field: "说明", before: null, after: "请补充劳动合同台账" },
    ]);
    expect(
      auditChanges(
        { name: "甲公司", headcount: 120, unionOrgId: org, version: 3, updatedAt: "2026-01-01" },
        { name: "甲公司", headcount: 130, unionOrgId: org, version: 4, updatedAt: "2026-02-01" },
        "enterprise",
        names,
      ),
    ).toEqual([
      { field: "职工人数", before: "120", after: "130" },
      { field: "版本", before: "3", after: "4" },
    ]);
    // A move records the parent's name with its id: the name is shown once.
    expect(
      auditChanges({ parentId: null }, { parentId: org, parentName: "湖滨街道总工会" }, "union_org", names),
    ).toEqual([{ field: "上级组织", before: "（空）", after: "湖滨街道总工会" }]);
    expect(auditChanges({ parentId: org }, { parentId: org }, "union_org", names)).toEqual([]);
    expect(auditChanges(undefined, { items: 12 }, "prescription")).toEqual([
      { field: "事项数", before: null, after: "12" },
    ]);
  });

  it("never shows a raw id: unknown ones say the object is gone", () => {
    expect(describeValue("unionOrgId", "65a1b2c3d4e5f60718293a4b", "enterprise")).toBe("（已删除的对象）");
    expect(idsIn({ a: "65a1b2c3d4e5f60718293a4b", b: ["65a1b2c3d4e5f60718293a4c", 3], c: "x" })).toEqual([
      "65a1b2c3d4e5f60718293a4b",
      "65a1b2c3d4e5f60718293a4c",
    ]);
  });
});
