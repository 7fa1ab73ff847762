/**
 * The pure domain of collective bargaining cases (集体协商). No I/O: the service layer passes in the
 * organisation's rule set id and overrides, the holiday calendar (templates/calendar, parsed once) and the
 * case's dates and facts, and stores what comes back.
 *
 * Public API
 * - rule-sets: RULE_SETS (national, beijing, shanghai, zhejiang, chongqing as data with articles);
 *   resolveRuleSet(id, overrides?) → ResolvedRuleSet, each figure a Sourced<T> = {value, ruleSet,
 *   ruleSetName, source: {statute, article} | null, also, origin: own | inherited | override, note};
 *   overrideProblems(overrides); describeSource(id, figure) → "《…》第…条" / "…未作规定，适用…";
 *   meetsFraction(count, total, {num, den}, inclusive), minimumToMeet(total, fraction, inclusive);
 *   quorumCheck(present, roster, rules), approvalCheck(approvals, roster, rules) → ThresholdResult.
 * - calendar: HolidayCalendar {years, days}; parseHolidayCalendar(text) → {ok, calendar} | {ok: false,
 *   errors: [{line, message}]}; formatHolidayCalendar(calendar); mergeCalendars(base, newer);
 *   isRestDay, dayInfo, describeDate, weekday, addMonthsClamped; addWorkingDays(start, n, calendar);
 *   periodEnd(start, {unit, count}, calendar) → PeriodEnd {raw, date, shifted, calendarApplied, reason}.
 * - deadlines: responseDeadline, coordinationDeadlines (+ coordinationExtensionProblem),
 *   draftToCongressDeadline (null outside 浙江), filingDeadline (a PendingDeadline {waitingFor} until its
 *   start is recorded, e.g. 上海's notice; isPending tells them apart), reviewDeadlines → {review,
 *   effective (the day after the review ends)}, expiryDate, renewalWindowStart, checkTerm → {level,
 *   message}, caseDeadlines(dates, rules, calendar); each Deadline = {kind, label, date, raw, shifted,
 *   calendarApplied, reason, ruleSet, ruleSetName, source, also, sourceLabel}. Throws RangeError only for
 *   malformed input the route should already have refused (bad dates, an extension over the limit).
 * - status: CASE_STATUSES and labels, stageOf; transition(status, command, role, facts) →
 *   {ok, next} | {ok: false, error: {code, message}}; availableCaseActions; nextCaseStatus;
 *   isResponseOverdue; nextStepOwner; representativesProtected.
 * - case-kinds: Side, CaseKind (comprehensive / wage / women / safety), CaseScope (enterprise / industry /
 *   area) with labels and articles; scopeProblem.
 * - topics: CONTRACT_TOPICS (第8条), WAGE_TOPICS (工资集体协商试行办法 第7条), WAGE_FACTORS (第8条),
 *   topicsForKind; the board: tableTopic, moveTopic(state, move, side, reason?), availableTopicMoves,
 *   boardSummary.
 * - representatives: validateRepresentatives(lists, context, rules) → RepresentativeIssue[] {code, side,
 *   message, source, ruleSet, personIds}; REPRESENTATIVE_PROTECTION (第28条).
 * - costing: validateWageData, assessRaise(data, raiseBp), guidelineBand, checkWageStandards (劳动合同法
 *   第55条); formatFen, formatBp, formatPoints, parseYuanToFen, parsePercentToBp. Money in integer fen,
 *   rates in basis points.
 * Article citations render through ~/domain/citation-format (formatCitation → 《集体合同规定》第十九条).
 * The shipped holiday data is templates/calendar (SHIPPED_CALENDAR_TEXT, parsed with parseHolidayCalendar).
 */
export * from "./rule-sets";
export * from "./calendar";
export * from "./deadlines";
export * from "./status";
export * from "./case-kinds";
export * from "./topics";
export * from "./representatives";
export * from "./costing";
