import { countedSubtreeOf, subtreeOf } from "~/domain/org-tree";

const node = (id: string, ancestors: string[], archived = false) => ({ _id: id, ancestors, archived });
const tree = [
  node("city", []),
  node("east", ["city"]),
  node("east-1", ["city", "east"]),
  node("east-2", ["city", "east"], true),
  node("west", ["city"]),
  node("west-1", ["city", "west"]),
];
const ids = (list: { _id: string }[]) => list.map((n) => n._id);

describe("subtrees of the organisation tree", () => {
  it("a subtree is its root and every node below it, whatever the roots given", () => {
    expect(ids(subtreeOf(tree, ["east"]))).toEqual(["east", "east-1", "east-2"]);
    expect(ids(subtreeOf(tree, ["east-1", "west"]))).toEqual(["east-1", "west", "west-1"]);
    expect(ids(subtreeOf(tree, ["city"]))).toHaveLength(6);
    expect(subtreeOf(tree, [])).toEqual([]);
    expect(subtreeOf(tree, ["nowhere"])).toEqual([]);
  });

  it("the counted subtree leaves archived nodes out (the dashboard counts nothing of theirs)", () => {
    expect(ids(countedSubtreeOf(tree, "east"))).toEqual(["east", "east-1"]);
    expect(ids(countedSubtreeOf(tree, "east-2"))).toEqual([]);
  });

  it("ids compare as strings (ObjectIds read from the database)", () => {
    const oid = { toString: () => "east" };
    expect(ids(subtreeOf([node("east-9", [oid as unknown as string])], ["east"]))).toEqual(["east-9"]);
  });
});
