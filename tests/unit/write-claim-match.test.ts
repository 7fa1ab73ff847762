import mongoose from "mongoose";
import { matchesSimply } from "../../models/write-claim";

const id = new mongoose.Types.ObjectId();
const doc = {
  status: "draft",
  n: 3,
  archived: false,
  ownerId: id,
  at: new Date("2026-12-01T00:00:00Z"),
  nested: { kind: "wage" },
  list: ["a", "b"],
};

describe("matchesSimply (the keyed half of updateAtVersion)", () => {
  it.each([
    [{}, true],
    [{ status: "draft" }, true],
    [{ status: "issued" }, false],
    [{ n: 3, archived: false }, true],
    [{ n: 4 }, false],
    [{ ownerId: new mongoose.Types.ObjectId(id.toHexString()) }, true],
    [{ ownerId: new mongoose.Types.ObjectId() }, false],
    [{ at: new Date("2026-12-01T00:00:00Z") }, true],
    [{ "nested.kind": "wage" }, true],
    [{ "nested.kind": "women" }, false],
    [{ missing: null }, true],
    [{ missing: { $in: [0, null] } }, true],
    [{ status: { $in: ["draft", "returned"] } }, true],
    [{ status: { $in: ["issued"] } }, false],
    [{ status: { $ne: "closed" } }, true],
    [{ status: { $ne: "draft" } }, false],
  ] as const)("%j → %s", (filter, expected) => {
    expect(matchesSimply(doc, filter as Record<string, unknown>)).toBe(expected);
  });

  it.each([
    [{ list: "a" }], // array membership: the server decides
    [{ n: { $gt: 1 } }],
    [{ $or: [{ n: 3 }] }],
    [{ nested: { kind: "wage" } }],
    [{ status: { $in: [/dr/] } }],
  ])("%j → left to the server", (filter) => {
    expect(matchesSimply(doc, filter as Record<string, unknown>)).toBeUndefined();
  });
});
