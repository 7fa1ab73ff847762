/**
 * Sessions kept per account (models/user-sessions.ts): the account page lists a person's sessions from their
 * document (one read by `_id`) and reads the newest by key. Sign-in keeps each new session; an ended one is
 * dropped by the reader that finds it gone (sign-out and revocation delete sessions without telling it).
 */
import { Types } from "mongoose";
import { mapLimit } from "~/lib/map-limit";
import { keepFreshRowsIn, readKeptDocs, type KeptRowsDoc } from "../../../models/kept-rows";
import { Session, type SessionDoc } from "../../../models/session";
import { UserSessions } from "../../../models/user-sessions";

/** What is kept of a session: when it began and when it expires (ISO times). */
interface SessionRow {
  c: string;
  x: string;
}

const rowOf = (s: Pick<SessionDoc, "createdAt" | "expiresAt">) =>
  JSON.stringify({ c: new Date(s.createdAt).toISOString(), x: new Date(s.expiresAt).toISOString() });

/** The sessions' rows of these accounts, from the sessions (one read). */
async function rowsFromRecords(keys: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>(keys.map((id) => [id, {}]));
  const ids = keys.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return out;
  for (const s of await Session.find({ userId: { $in: ids } })
    .select({ userId: 1, createdAt: 1, expiresAt: 1 })
    .lean()) {
    const rows = out.get(String(s.userId));
    if (rows) rows[s._id] = rowOf(s);
  }
  return out;
}

/** Puts a session just created in its account's document (a document nobody has read is left to its reader). */
export async function keepSession(s: Pick<SessionDoc, "_id" | "userId" | "createdAt" | "expiresAt">) {
  try {
    await keepFreshRowsIn(UserSessions, String(s.userId), async () => ({ [s._id]: rowOf(s) }));
  } catch (error: unknown) {
    console.error(`[auth] 会话列表更新失败：${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The account's sessions that have not expired, newest first (at most `limit`), each read by key; rows of
 * sessions ended or expired since are dropped from the document.
 */
export async function liveSessionsOf(userId: string, limit: number, now = new Date()): Promise<SessionDoc[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  const docs = await readKeptDocs<KeptRowsDoc, SessionRow>(
    UserSessions,
    [userId],
    rowsFromRecords,
    (d) => d.built,
  );
  const rows = docs.get(userId) ?? [];
  const at = now.toISOString();
  const live = rows
    .filter(([, r]) => r.x > at)
    .sort(([ia, a], [ib, b]) => (a.c < b.c ? 1 : a.c > b.c ? -1 : ia < ib ? 1 : -1));
  const shown = live.slice(0, limit);
  const read = await mapLimit(shown, 8, async ([id]) => Session.findById(id).lean());
  const gone = [
    ...rows.filter(([, r]) => r.x <= at).map(([id]) => id),
    ...shown.filter((_, i) => !read[i] || read[i]!.expiresAt <= now).map(([id]) => id),
  ];
  if (gone.length)
    await keepFreshRowsIn(UserSessions, userId, async () => {
      // Only those still gone (by key): a row is never dropped for a session that exists and is live.
      const still = await mapLimit(gone, 8, async (id) =>
        Session.findById(id).select({ expiresAt: 1 }).lean(),
      );
      return Object.fromEntries(
        gone.flatMap((id, i) => (!still[i] || still[i]!.expiresAt <= now ? [[id, null] as const] : [])),
      );
    }).catch(() => undefined);
  return read.filter((s): s is NonNullable<typeof s> => !!s && s.expiresAt > now) as SessionDoc[];
}
