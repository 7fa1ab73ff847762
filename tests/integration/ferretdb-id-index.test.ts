/**
 * The embedded FerretDB looks documents up by `_id` through an expression its own index does not match, so
 * without the launcher's id index keeper (scripts/ferretdb/idindex.go) every keyed read and write scans the
 * collection's table. This checks that a new collection gets the index within a few seconds and that a
 * keyed find uses it; on another MongoDB-compatible server it checks nothing of FerretDB's.
 */
import mongoose from "mongoose";

async function plan(collection: string, id: mongoose.Types.ObjectId): Promise<string[] | null> {
  const explained = await mongoose.connection.db!.command({
    explain: { find: collection, filter: { _id: id } },
  });
  if (!("ferretdbVersion" in (explained.serverInfo ?? {}))) return null;
  return (explained.queryPlanner as { Plan?: string[] }).Plan ?? [];
}

it("a keyed find on a new collection is answered through the id index, not a scan of the table", async () => {
  const name = `id_index_probe_${Date.now()}`;
  const docs = Array.from({ length: 300 }, (_, i) => ({
    _id: new mongoose.Types.ObjectId(),
    i,
    text: "条款".repeat(500),
  }));
  await mongoose.connection.db!.collection(name).insertMany(docs);
  const target = docs[150];
  const first = await plan(name, target._id);
  if (first === null) return; // not FerretDB: a real MongoDB uses its _id index by itself
  const deadline = Date.now() + 15_000;
  let current = first;
  while (!current.some((line) => /SEARCH .* USING INDEX .*__id_key/.test(line))) {
    if (Date.now() > deadline) throw new Error(`keyed find still scans: ${current.join(" | ")}`);
    await new Promise((r) => setTimeout(r, 250));
    // A real query makes FerretDB's connection notice the new schema (a bare EXPLAIN keeps its old plan).
    await mongoose.connection.db!.collection(name).findOne({ _id: docs[0]._id });
    current = (await plan(name, target._id))!;
  }
  const found = await mongoose.connection.db!.collection(name).findOne({ _id: target._id });
  expect(found?.i).toBe(150);
  // Writes by key still work and _id stays unique (FerretDB's own index enforces it).
  await mongoose.connection.db!.collection(name).updateOne({ _id: target._id }, { $set: { i: -1 } });
  expect((await mongoose.connection.db!.collection(name).findOne({ _id: target._id }))?.i).toBe(-1);
  await expect(mongoose.connection.db!.collection(name).insertOne({ _id: target._id, i: 0 })).rejects.toThrow(
    /duplicate key/i,
  );
  await mongoose.connection.db!.collection(name).drop();
});
