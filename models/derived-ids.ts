import type { Model, Types } from "mongoose";

/**
 * Records created with `_id` = the id of the record they belong to (a report or a prescription: its
 * assessment's), so finding one is a read by key, which FerretDB answers without reading the collection.
 * Those created before that carry random ids: they are read once per process into a map from the owner's id
 * to theirs. None are created any more, so the map, once read, is complete.
 */
export function keyedOrOlder<T extends { _id: Types.ObjectId }>(
  model: Model<T>,
  ownerField: keyof T & string,
) {
  let older: Promise<Map<string, Types.ObjectId>> | null = null;
  const olderIds = () => {
    older ??= model
      .find()
      .select({ _id: 1, [ownerField]: 1 })
      .lean<T[]>()
      .then(
        (all) =>
          new Map(
            all
              .filter((r) => !r._id.equals(r[ownerField] as Types.ObjectId))
              .map((r) => [String(r[ownerField]), r._id]),
          ),
      )
      .catch((error: unknown) => {
        older = null;
        throw error;
      });
    return older;
  };
  /** The record of this owner, or null. */
  return async (ownerId: Types.ObjectId): Promise<T | null> => {
    const keyed = await model.findById(ownerId).lean<T>();
    if (keyed) return keyed;
    const id = (await olderIds()).get(String(ownerId));
    return id ? model.findById(id).lean<T>() : null;
  };
}
