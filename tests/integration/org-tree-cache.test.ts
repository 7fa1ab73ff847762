/**
 * The organisation tree is cached per process beside a counter in Redis (models/org-tree.ts): every write
 * through the UnionOrg model moves the counter (the schema's hooks), so the next read, in any process, reads
 * the tree again; a write around the model leaves the cache as it was until orgsChanged, or until a read finds
 * it over a minute old (answered once more, read again beside it).
 */
import mongoose from "mongoose";
import { getRedis } from "~/lib/redis.server";
import { orgPathOf, renameOrg } from "~/services/orgs/orgs.server";
import { orgTree, orgsChanged } from "../../models/org-tree";
import { UnionOrg } from "../../models/union-org";
import { makeOrg, makeUser, signInAs } from "../support/factories";

const nameOf = async (id: unknown) => (await orgTree()).byId.get(String(id))?.name;

it("follows every write through the model, and only those", async () => {
  const city = await makeOrg({ name: "缓存测试市总工会" });
  expect(await nameOf(city._id)).toBe("缓存测试市总工会");

  // Created through the model (save): in the tree at once, with its path.
  const street = await makeOrg({ name: "缓存测试街道工会", parent: city });
  expect(await orgPathOf(street._id)).toEqual([String(city._id), String(street._id)]);

  // Renamed through the service (an update at the version): the new name at once.
  const admin = await signInAs(await makeUser({ role: "admin" }));
  await renameOrg(admin.user, String(street._id), street.version, "缓存测试街道总工会");
  expect(await nameOf(street._id)).toBe("缓存测试街道总工会");

  // Around the model: this process answers from its cache (it uses one), until told.
  await UnionOrg.collection.updateOne({ _id: street._id }, { $set: { name: "绕过模型的名称" } });
  expect(await nameOf(street._id)).toBe("缓存测试街道总工会");
  await orgsChanged();
  expect(await nameOf(street._id)).toBe("绕过模型的名称");

  // No counter (Redis flushed): the tree is read.
  await UnionOrg.collection.updateOne({ _id: street._id }, { $set: { name: "再次绕过" } });
  await getRedis().del(`orgs:${mongoose.connection.name}`);
  expect(await nameOf(street._id)).toBe("再次绕过");

  // Around the model with no counter moved, the cache over a minute old: answered once more as cached while
  // the tree is read beside the request (one read for all who ask), then the new name.
  expect(await nameOf(street._id)).toBe("再次绕过");
  await UnionOrg.collection.updateOne({ _id: street._id }, { $set: { name: "一分钟后可见" } });
  expect(await nameOf(street._id)).toBe("再次绕过");
  const realNow = Date.now.bind(Date);
  const later = jest.spyOn(Date, "now").mockImplementation(() => realNow() + 61_000);
  try {
    const [first, second] = await Promise.all([nameOf(street._id), nameOf(street._id)]);
    expect([first, second]).toEqual(["再次绕过", "再次绕过"]);
    let seen: string | undefined;
    for (let i = 0; i < 100 && seen !== "一分钟后可见"; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await nameOf(street._id);
    }
    expect(seen).toBe("一分钟后可见");
  } finally {
    later.mockRestore();
  }
});
