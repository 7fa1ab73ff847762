/**
 * Receipt codes and the published list. Each ballot (and each paper ballot slip, printed in advance) gets a
 * random code from an alphabet without look-alike characters (no 0/O, 1/I); the voter sees it once. After
 * the vote the list of every code, sorted (codes are random, so sorted order tells nothing of who voted
 * when), is published beside the totals and WITHOUT any choice: a voter can find their code, anyone can
 * count the codes against the ballots, and no code can prove how its holder voted.
 *
 * Randomness is injected (RandomBytes) so this stays pure: the service passes node:crypto's randomBytes,
 * the browser crypto.getRandomValues, tests a fixed sequence.
 */
import type { Ballot, VoteCounts } from "./tally";
import { countChoices } from "./tally";

/** 32 characters: digits 2–9 and A–Z without I and O. 32 divides 256, so a byte maps without bias. */
export const RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const RECEIPT_LENGTH = 10;

/** n cryptographically random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

const CODE = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);

function take(random: RandomBytes, n: number): Uint8Array {
  const bytes = random(n);
  if (bytes.length !== n) throw new RangeError(`随机数来源返回了${bytes.length}个字节，需要${n}个`);
  return bytes;
}

/** One code: 10 characters, 50 random bits. */
export function generateReceiptCode(random: RandomBytes): string {
  return [...take(random, RECEIPT_LENGTH)].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join("");
}

/**
 * `count` distinct codes (paper slips are printed with them), none of them in `taken`. A collision
 * (about 1 in 10^12 per pair) just draws again; the store's unique index is the final guard.
 */
export function generateReceiptCodes(
  count: number,
  random: RandomBytes,
  taken: ReadonlySet<string> = new Set(),
): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`数量必须是非负整数：${count}`);
  const out = new Set<string>();
  let draws = 0;
  while (out.size < count) {
    if (draws++ > count * 10 + 100) throw new RangeError("随机数来源不可用：生成的回执码反复重复");
    const code = generateReceiptCode(random);
    if (!taken.has(code)) out.add(code);
  }
  return [...out];
}

export function isReceiptCode(s: unknown): s is string {
  return typeof s === "string" && CODE.test(s);
}

/** For reading aloud and printing: "ABCDE-FGH23". */
export function formatReceiptCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a voter typed ("abcde fgh23", "ABCDE-FGH23") → the code, or null when it cannot be one. */
export function normalizeReceiptCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s\-－—_]/g, "");
  return isReceiptCode(code) ? code : null;
}

/** A random record id for a ballot, so storage order does not follow the order of casting: 32 hex digits. */
export function randomRecordId(random: RandomBytes): string {
  return [...take(random, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface PublishedReceiptList {
  /** Every counted ballot's code, sorted; no choice. */
  codes: string[];
  count: number;
  totals: VoteCounts;
}

/** The list to publish after the vote: codes sorted, totals beside them, choices dropped. */
export function publishReceiptList(ballots: readonly Ballot[]): PublishedReceiptList {
  const codes = ballots.map((b) => b.receiptCode).sort();
  return { codes, count: codes.length, totals: countChoices(ballots) };
}

/** Is the code a voter typed on the published list? */
export function isOnPublishedList(list: PublishedReceiptList, input: string): boolean {
  const code = normalizeReceiptCode(input);
  return code !== null && list.codes.includes(code);
}

export interface InvariantInput {
  ballots: readonly Ballot[];
  published: PublishedReceiptList;
  /** Has-voted markers of those who voted online (each must have exactly one online ballot). */
  onlineMarkers: number;
  /** Those present at the meeting (checked in). */
  present: number;
  /**
   * Online markers whose ballot never arrived (the process died between the two writes): the voter cannot
   * vote again and the ballot is lost, never linkable. Given, online ballots may be fewer than markers by
   * at most this many; never more.
   */
  interrupted?: number;
  /** Has-voted markers of those handed a paper slip: agreed paper ballots can never outnumber them. */
  paperMarkers?: number;
}

/**
 * What must hold after a vote, each broken rule in Chinese (empty when all hold): as many codes as ballots,
 * every code once, each ballot's code on the list, totals adding up to the codes, as many online ballots as
 * online has-voted markers, and no more ballots than people present.
 */
export function checkVoteInvariants(input: InvariantInput): string[] {
  const { ballots, published } = input;
  const problems: string[] = [];
  if (published.codes.length !== ballots.length || published.count !== ballots.length)
    problems.push(`公布的回执码数（${published.codes.length}）与选票数（${ballots.length}）不一致`);
  if (new Set(published.codes).size !== published.codes.length) problems.push("公布的回执码有重复");
  const listed = new Set(published.codes);
  const missing = ballots.filter((b) => !listed.has(b.receiptCode)).length;
  if (missing > 0) problems.push(`有${missing}张选票的回执码不在公布名单中`);
  if (published.totals.total !== published.codes.length)
    problems.push(`票数合计（${published.totals.total}）与回执码数（${published.codes.length}）不一致`);
  const online = ballots.filter((b) => !b.paper).length;
  const interrupted = input.interrupted ?? 0;
  if (online > input.onlineMarkers || online + interrupted !== input.onlineMarkers)
    problems.push(`网上投票的选票数（${online}）与已投票标记数（${input.onlineMarkers}）不一致`);
  const paper = ballots.length - online;
  if (input.paperMarkers !== undefined && paper > input.paperMarkers)
    problems.push(`纸质选票数（${paper}）超过领取纸质选票的人数（${input.paperMarkers}）`);
  if (ballots.length > input.present)
    problems.push(`选票数（${ballots.length}）超过出席人数（${input.present}）`);
  return problems;
}
