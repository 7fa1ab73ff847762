/**
 * Private (caucus) notes: each side's own, in a collection of their own keyed by case and side. Read and
 * written only after the policy allowed that side (caucus:use); nothing serving the other side, a Word
 * document or an export reads this collection.
 */
import type { Side } from "~/domain/bargaining";
import { can, type Resource } from "~/domain/policy";
import type { BargainingCaseDoc } from "../../../models/bargaining-case";
import { CaucusNotes, caucusId } from "../../../models/bargaining-parts";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, UserError } from "../../lib/http.server";
import { auditCase, loadCase } from "./context.server";

/** `orgPath`: the case's organisation path (an industry or area case's union side is led by its instructors). */
function caucusResource(doc: BargainingCaseDoc, side: Side, orgPath: string[] = []): Resource {
  const joint = !!doc.scope && doc.scope !== "enterprise";
  return {
    type: "caucus",
    side,
    enterpriseIds: doc.enterpriseIds.map(String),
    sideUserIds: (side === "employee" ? doc.employeeRepUserIds : doc.employerRepUserIds).map(String),
    ...(joint ? { jointOrgPath: orgPath } : {}),
  };
}

/** The sides whose notes this person may read (their own side only; never both unless they lead both). */
export function caucusSidesOf(user: CurrentUser, doc: BargainingCaseDoc, orgPath: string[] = []): Side[] {
  return (["employee", "employer"] as const).filter((side) =>
    can(user, "caucus:use", caucusResource(doc, side, orgPath)),
  );
}

export interface CaucusNoteView {
  text: string;
  topicKey: string;
  byName: string;
  at: string;
}

/** One side's notes, newest first, for a person of that side (403 for anyone else). */
export async function caucusNotes(
  user: CurrentUser,
  doc: BargainingCaseDoc,
  side: Side,
  orgPath: string[] = [],
): Promise<CaucusNoteView[]> {
  if (!can(user, "caucus:use", caucusResource(doc, side, orgPath))) throw forbidden("内部记录仅本方可见");
  const stored = await CaucusNotes.findById(caucusId(doc._id, side)).lean();
  return (stored?.notes ?? [])
    .map((n) => ({ text: n.text, topicKey: n.topicKey, byName: n.byName, at: n.at.toISOString() }))
    .reverse();
}

/** Adds a note to the side's own notes (retrying a lost race: a note is never dropped silently). */
export async function addCaucusNote(
  user: CurrentUser,
  caseId: string,
  input: { side: Side; text: string; topicKey: string },
) {
  const { doc, orgPath } = await loadCase(user, caseId);
  if (!can(user, "caucus:use", caucusResource(doc, input.side, orgPath)))
    throw forbidden("内部记录仅本方可见");
  const text = input.text.trim().slice(0, 2000);
  if (!text) throw new UserError("请填写内部记录", { text: ["请填写内部记录"] });
  const topicKey = doc.topics.some((t) => t.key === input.topicKey) ? input.topicKey : "";
  const note = { text, topicKey, byName: user.displayName, at: new Date() };
  const _id = caucusId(doc._id, input.side);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await CaucusNotes.findById(_id).lean();
    if (!current) {
      try {
        await CaucusNotes.create({ _id, caseId: doc._id, side: input.side, notes: [note], version: 0 });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        continue;
      }
    }
    const saved = await updateAtVersion(CaucusNotes, _id, current.version, { $push: { notes: note } });
    if (saved) break;
    if (attempt === 4) throw conflict("内部记录保存失败，请重试");
  }
  // The audit names the step, not the note's words: the trail is read by people of both sides.
  await auditCase(user, "bargaining.caucus_note", doc, null, { side: input.side });
}
