/**
 * Preparation (第33条: a neutral recorder, the agenda), the rounds (协商会议, 第34条: chaired by the two
 * chiefs in turn), their minutes signed off by both chiefs (then rendered as 协商会议记录), and suspension
 * (第35条: the next time, place and topics).
 */
import {
  otherSide,
  transition,
  validateRepresentatives,
  type CaseCommand,
  type Representative,
  type Side,
} from "~/domain/bargaining";
import { isValidLocalDate } from "~/domain/dates";
import { BargainingCase, type BargainingCaseDoc } from "../../../models/bargaining-case";
import { BargainingRound, roundId, type RoundDoc } from "../../../models/bargaining-parts";
import { isDuplicateKeyError } from "../../../models/errors";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, notFound, UserError } from "../../lib/http.server";
import {
  auditCase,
  event,
  loadCase,
  notifyNextStep,
  refuse,
  requireSide,
  rulesOfCase,
  saveCase,
  sideLabel,
  STALE_CASE,
  today,
  type LoadedCase,
} from "./context.server";
import { requestMinutesDocument } from "./documents.server";
import { representativeLists } from "./representatives.server";

const MAX_TEXT = 5000;

function step(loaded: LoadedCase, command: CaseCommand, role: ReturnType<typeof requireSide>, facts = {}) {
  const result = transition(loaded.status, command, role, {
    today: today(),
    offeringSide: loaded.doc.initiatorSide,
    ...facts,
  });
  if (!result.ok) refuse(result.error.message);
  return result.next;
}

/** Preparation: the neutral recorder (no representative, 第33条) and the agenda. */
export async function savePreparation(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; recorderName: string; agenda: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const recorderName = input.recorderName.trim().slice(0, 40);
  const agenda = input.agenda.trim().slice(0, MAX_TEXT);
  if (!recorderName) throw new UserError("请填写记录员姓名", { recorderName: ["请填写记录员姓名"] });
  const lists = await representativeLists(loaded.doc._id);
  const toDomain = (side: Side): Representative[] =>
    (lists[side]?.members ?? []).map((m) => ({
      personId: `name:${m.name.replace(/\s+/g, "")}`,
      name: m.name,
      chief: m.chief,
      outsider: m.outsider,
      holdsOffice: m.holdsOffice,
      writtenDelegation: m.writtenDelegation,
    }));
  const recorderIssue = validateRepresentatives(
    {
      employee: toDomain("employee"),
      employer: toDomain("employer"),
      recorder: { personId: `name:${recorderName.replace(/\s+/g, "")}`, name: recorderName },
    },
    { hasUnion: true, requireRecorder: true, aboveDesignatedSize: false },
    rulesOfCase(loaded.doc),
  ).find((i) => i.code === "recorder_is_representative" || i.code === "recorder_missing");
  if (recorderIssue) throw new UserError(recorderIssue.message, { recorderName: [recorderIssue.message] });
  const next =
    loaded.status === "representatives_named"
      ? step(loaded, { action: "begin_preparation" }, role)
      : loaded.status;
  if (!["representatives_named", "preparation"].includes(loaded.status))
    throw new UserError("只有在确定协商代表后、召开协商会议前可以修改记录员和议程");
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        status: next,
        recorderName,
        agenda,
        ...(next !== loaded.status ? { "dates.preparedOn": today() } : {}),
      },
      $push: { events: event(user, "preparation", input.side, `记录员：${recorderName}`) },
    },
    { status: loaded.status },
  );
  await auditCase(
    user,
    "bargaining.preparation",
    saved,
    { recorderName: loaded.doc.recorderName },
    { recorderName, agenda },
  );
  return saved;
}

export interface RoundInput {
  side: Side;
  heldOn: string;
  place: string;
  agenda: string;
  attendees: string;
}

/** A round (协商会议): the first opens the rounds, one after a suspension resumes them. */
export async function scheduleRound(user: CurrentUser, caseId: string, version: number, input: RoundInput) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  if (!isValidLocalDate(input.heldOn)) throw new UserError("会议日期无效", { heldOn: ["会议日期无效"] });
  const place = input.place.trim().slice(0, 100);
  if (!place) throw new UserError("请填写会议地点", { place: ["请填写会议地点"] });
  let next = loaded.status;
  if (loaded.status === "preparation")
    next = step(loaded, { action: "open_rounds" }, role, { recorderAgreed: !!loaded.doc.recorderName });
  else if (loaded.status === "suspended") next = step(loaded, { action: "resume" }, role);
  else if (loaded.status !== "in_rounds") throw new UserError("当前阶段不能召开协商会议");
  const no = loaded.doc.roundCount + 1;
  // 第34条: the two chiefs chair in turn, the offering side first.
  const chairSide: Side = no % 2 === 1 ? loaded.doc.initiatorSide : otherSide(loaded.doc.initiatorSide);
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next, roundCount: no, ...(no === 1 ? { "dates.firstRoundOn": input.heldOn } : {}) },
      $push: { events: event(user, "round", input.side, `第${no}次协商会议（${input.heldOn}，${place}）`) },
    },
    { status: loaded.status },
  );
  try {
    await BargainingRound.create({
      _id: roundId(saved._id, no),
      caseId: saved._id,
      no,
      heldOn: input.heldOn,
      place,
      chairSide,
      attendees: input.attendees.trim().slice(0, 2000),
      agenda: input.agenda.trim().slice(0, MAX_TEXT) || loaded.doc.agenda,
      minutes: "",
      minutesByName: "",
      signOff: { employee: null, employer: null },
      suspension: null,
      minutesRenderId: null,
      version: 0,
    });
  } catch (error) {
    // The case write claimed round `no`: a duplicate can only be this round written twice.
    if (!isDuplicateKeyError(error)) throw error;
  }
  await auditCase(user, "bargaining.round", saved, null, { no, heldOn: input.heldOn, place, chairSide });
  await notifyNextStep(
    saved,
    `${saved.enterpriseNames[0]}：第${no}次集体协商会议定于 ${input.heldOn} 在${place}召开`,
    `由${sideLabel(chairSide)}首席代表主持（第三十四条）。`,
    `bargaining:${String(saved._id)}:round:${no}`,
  );
  return saved;
}

export async function loadRound(user: CurrentUser, caseId: string, no: number) {
  const loaded = await loadCase(user, caseId);
  if (!Number.isInteger(no) || no < 1 || no > loaded.doc.roundCount) throw notFound("协商会议不存在");
  const round = await BargainingRound.findById(roundId(loaded.doc._id, no)).lean();
  if (!round) throw notFound("协商会议不存在");
  return { loaded, round };
}

async function saveRound(round: RoundDoc, version: number, update: Record<string, unknown>) {
  if (round.version !== version) throw conflict(STALE_CASE);
  const saved = await updateAtVersion(BargainingRound, round._id, version, update);
  if (!saved) throw conflict(STALE_CASE);
  return saved;
}

/** The minutes (协商记录) of a round; changing them after a sign-off asks both chiefs to sign again. */
export async function recordMinutes(
  user: CurrentUser,
  caseId: string,
  no: number,
  version: number,
  input: { side: Side; minutes: string; attendees: string },
) {
  const { loaded, round } = await loadRound(user, caseId, no);
  requireSide(user, loaded, input.side);
  if (round.signOff.employee && round.signOff.employer)
    throw new UserError("会议记录已经双方首席代表确认，不能再修改");
  const minutes = input.minutes.trim().slice(0, MAX_TEXT);
  if (!minutes) throw new UserError("请填写会议记录", { minutes: ["请填写会议记录"] });
  const saved = await saveRound(round, version, {
    $set: {
      minutes,
      attendees: input.attendees.trim().slice(0, 2000) || round.attendees,
      minutesByName: user.displayName,
      signOff: { employee: null, employer: null },
    },
  });
  await auditCase(user, "bargaining.minutes", loaded.doc, { minutes: round.minutes }, { round: no, minutes });
  return saved;
}

/** A chief confirms the minutes; with both confirmations the 协商会议记录 is rendered. */
export async function signOffMinutes(
  user: CurrentUser,
  caseId: string,
  no: number,
  version: number,
  input: { side: Side },
) {
  const { loaded, round } = await loadRound(user, caseId, no);
  requireSide(user, loaded, input.side);
  if (!round.minutes) throw new UserError("会议记录尚未填写，不能确认");
  if (round.signOff[input.side]) throw new UserError(`${sideLabel(input.side)}已确认该会议记录`);
  const lists = await representativeLists(loaded.doc._id);
  const chief = lists[input.side]?.members.find((m) => m.chief)?.name ?? user.displayName;
  const saved = await saveRound(round, version, {
    $set: { [`signOff.${input.side}`]: { byName: chief, at: new Date() } },
  });
  await auditCase(user, "bargaining.minutes_sign_off", loaded.doc, null, {
    round: no,
    side: input.side,
    chief,
  });
  if (saved.signOff.employee && saved.signOff.employer) {
    const doc = (await BargainingCase.findById(loaded.doc._id).lean()) as BargainingCaseDoc;
    const render = await requestMinutesDocument(doc, saved, user.id);
    await BargainingRound.updateOne({ _id: saved._id }, { $set: { minutesRenderId: render.id } });
  }
  return saved;
}

/** Suspension (第35条): the round ends with the next time, place and topics agreed. */
export async function suspend(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: { side: Side; nextOn: string; place: string; topics: string },
) {
  const loaded = await loadCase(user, caseId);
  const role = requireSide(user, loaded, input.side);
  const topics = input.topics
    .split(/[\n；;、]/)
    .map((t) => t.trim())
    .filter(Boolean);
  const nextOn = isValidLocalDate(input.nextOn) ? input.nextOn : null;
  const next = step(
    loaded,
    { action: "suspend", nextMeeting: { date: nextOn, place: input.place, topics } },
    role,
  );
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: { status: next },
      $push: {
        events: event(
          user,
          "suspend",
          input.side,
          `下次协商：${nextOn}，${input.place.trim()}，${topics.join("、")}`,
        ),
      },
    },
    { status: loaded.status },
  );
  if (loaded.doc.roundCount > 0)
    await BargainingRound.updateOne(
      { _id: roundId(loaded.doc._id, loaded.doc.roundCount) },
      {
        $set: {
          suspension: {
            nextOn,
            place: input.place.trim().slice(0, 100),
            topics: topics.join("、"),
            byName: user.displayName,
          },
        },
      },
    );
  await auditCase(user, "bargaining.suspend", saved, { status: loaded.status }, { status: next, nextOn });
  return saved;
}

export async function roundsOf(doc: Pick<BargainingCaseDoc, "_id" | "roundCount">): Promise<RoundDoc[]> {
  const rounds = await Promise.all(
    Array.from({ length: doc.roundCount }, (_, i) =>
      BargainingRound.findById(roundId(doc._id, i + 1)).lean<RoundDoc>(),
    ),
  );
  return rounds.filter((r): r is RoundDoc => r !== null);
}
