/**
 * Lean reads get the schema's defaults for fields an older record lacks (models/lean-defaults.ts), within the
 * query's projection: a projected read returns the defaults of the fields it asked for, and a projected read
 * of what the record has is left as it is, without building a mongoose document for it.
 */
import { Types } from "mongoose";
import { Enterprise } from "../../models/enterprise";
import { makeOrg } from "../support/factories";

it("fills the projected fields an older record lacks, and hydrates nothing when the projection lacks none", async () => {
  const org = await makeOrg({ name: "默认值测试街道工会" });
  const _id = new Types.ObjectId();
  // An older record: none of the fields added since (contacts, designations, flags, version …).
  await Enterprise.collection.insertOne({
    _id,
    name: "默认值测试有限公司",
    creditCode: `91DEFAULT${String(Date.now()).slice(-9)}`,
    industry: "C",
    headcount: 10,
    unionOrgId: org._id,
  } as never);
  const hydrate = jest.spyOn(Enterprise, "hydrate");
  try {
    // What the record has: nothing to fill, nothing built.
    const named = await Enterprise.findById(_id).select({ name: 1, headcount: 1 }).lean();
    expect(named).toEqual({ _id, name: "默认值测试有限公司", headcount: 10 });
    expect(hydrate).not.toHaveBeenCalled();
    // A field it lacks, asked for: its default, and only the fields asked for.
    const flags = await Enterprise.findById(_id)
      .select({ name: 1, harmoniousDesignations: 1, archived: 1 })
      .lean();
    expect(flags).toEqual({ _id, name: "默认值测试有限公司", harmoniousDesignations: [], archived: false });
    expect(hydrate).toHaveBeenCalledTimes(1);
    // Everything: every default.
    const full = await Enterprise.findById(_id).lean();
    expect(full).toMatchObject({ contacts: [], contractStatus: "none", usesDispatch: false, version: 0 });
    expect(hydrate).toHaveBeenCalledTimes(2);
    // A projection leaving fields out returns what is left, defaults included.
    const without = await Enterprise.findById(_id).select({ contacts: 0, harmoniousDesignations: 0 }).lean();
    expect(without).toMatchObject({ archived: false, version: 0 });
    expect(without).not.toHaveProperty("contacts");
  } finally {
    hydrate.mockRestore();
  }
});
