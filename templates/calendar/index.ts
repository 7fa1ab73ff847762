/**
 * The holiday arrangements shipped with the product, in the admin's table format (parsed by
 * parseHolidayCalendar in app/domain/bargaining/calendar.ts). 2026: 国务院办公厅关于2026年部分节假日安排的通知,
 * published 2025-11-04 (shared/domain/calendar.md). Add a year by appending its block once the State Council
 * publishes it (each November for the next year); until then dates in that year say they were computed
 * without the holiday calendar.
 */
export const SHIPPED_CALENDAR_TEXT = `# 国务院办公厅关于2026年部分节假日安排的通知（2025-11-04发布）
年度 2026
2026-01-01~2026-01-03 休 元旦
2026-01-04 班 元旦调休
2026-02-14 班 春节调休
2026-02-15~2026-02-23 休 春节
2026-02-28 班 春节调休
2026-04-04~2026-04-06 休 清明节
2026-05-01~2026-05-05 休 劳动节
2026-05-09 班 劳动节调休
2026-06-19~2026-06-21 休 端午节
2026-09-20 班 国庆节调休
2026-09-25~2026-09-27 休 中秋节
2026-10-01~2026-10-07 休 国庆节
2026-10-10 班 国庆节调休
`;
