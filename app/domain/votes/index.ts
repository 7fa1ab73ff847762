/**
 * The pure domain of the congress vote on a draft (职工代表大会 or 职工大会, 集体合同规定 第36条): roster,
 * quorum, secret ballots with receipt codes, paper ballots entered twice, the tally and the published list.
 * No I/O: the service stores and reads, these functions decide.
 *
 * SECRET-BALLOT RECORD DESIGN — what the service layer must store (DESIGN.md "Votes"; issue 16)
 * 1. Has-voted marker, one per roster member who voted: {_id: `${voteId}:${memberId}`, voteId, memberId,
 *    channel: "online" | "paper"} — the derived _id is the unique key (an insert is atomic on FerretDB), so
 *    of 50 concurrent submissions exactly one inserts; the others get a duplicate-key error and are refused
 *    with ballotRefusal's "already_voted". It holds NO choice, NO receipt code and NO ballot id.
 * 2. Ballot, a separate record: {_id: randomRecordId(random), voteId, choice, receiptCode, paper} — exactly
 *    the Ballot type, plus the vote it belongs to. NO voter or roster id, NO session or IP, NO createdAt /
 *    updatedAt (mongoose `timestamps: false`, no ObjectId _id, whose embedded time and counter follow the
 *    order of casting) — at most the vote's day (Asia/Shanghai), which every ballot of the vote shares.
 *    The random _id makes storage and index order unrelated to check-in or casting order. Never log a
 *    choice beside a person, and never write an audit entry that pairs them: the audit records "voted"
 *    (the marker) and, separately, the tally.
 * 3. Write order: insert the marker first; only if it succeeded, insert the ballot with a fresh code from
 *    generateReceiptCode (regenerate on a duplicate-key error of the unique index on {voteId,
 *    receiptCode}); show the code once in the response and never store it anywhere else. A crash between
 *    the two leaves a marker without a ballot; checkVoteInvariants reports it (markers ≠ online ballots).
 * 4. Paper: slips are printed with codes from generateReceiptCodes (kept as the vote's list of issued
 *    codes); handing a slip to a present member writes that member's marker with channel "paper" and never
 *    records which slip; the two tellers' entries are merged by mergePaperBallots and only agreed slips are
 *    stored as ballots with paper: true.
 * 5. After closing: tallyVote over all ballots; publishReceiptList (sorted codes, totals, no choice);
 *    checkVoteInvariants must return no problem before the result is recorded. The result's caseAction
 *    (record_vote_passed / record_vote_failed) is the case transition; a failed vote sends the draft back
 *    to the rounds with the VoteResult attached.
 *
 * Public API and types
 * - roster: RosterMember {id, name, employeeNo, gender, frontLine, unit}; AssemblyKind (congress |
 *   assembly) with ASSEMBLY_LABELS, MEMBER_LABELS; validateRoster(members) → RosterIssue[];
 *   compositionWarnings(members, kind, workforce) → CompositionWarning[] {code, message, sourceLabel:
 *   "《企业民主管理规定》（全文未收录）"}; requiredRepresentatives(employees).
 * - roster-import: parseRosterSheet(rows) → {ok, members: ImportedMember[]} | {ok: false, errors:
 *   RosterImportError[] {row, column, message}} — all or nothing.
 * - tally: VoteChoice (approve 同意 / oppose 不同意 / abstain 弃权); Ballot {choice, receiptCode, paper};
 *   VoteCounts; countChoices; openVoteCheck(present, roster, rules, kind) → QuorumResult {met, required,
 *   rule, sourceLabel, message, …}; VoteStatus; ballotRefusal({status, onRoster, present, hasVoted});
 *   tallyVote({rosterSize, present, ballots, rules, kind}) → VoteResult {passed, counts, online, paper,
 *   notCast, quorum, approval, approvalRuleLabel, sourceLabel, summary, caseAction}.
 * - paper: mergePaperBallots(first, second, issuedCodes) → {ok, counted, disagreements, incomplete,
 *   rejected} | {ok: false, message}.
 * - receipts: RECEIPT_ALPHABET (32 unambiguous characters), RECEIPT_LENGTH (10); RandomBytes;
 *   generateReceiptCode(random), generateReceiptCodes(count, random, taken); isReceiptCode,
 *   formatReceiptCode, normalizeReceiptCode; randomRecordId(random); publishReceiptList(ballots) →
 *   PublishedReceiptList {codes (sorted), count, totals}; isOnPublishedList; checkVoteInvariants({ballots,
 *   published, onlineMarkers, present, interrupted, paperMarkers}) → string[].
 * - signing: canonicalContractText(text) (what is hashed and printed), formatFingerprint(hex),
 *   signingProgress(signatures), filingDateProblem({what, date, today, after}).
 */
export * from "./roster";
export * from "./roster-import";
export * from "./tally";
export * from "./paper";
export * from "./receipts";
export * from "./signing";
