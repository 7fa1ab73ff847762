import { Link } from "@remix-run/react";

/**
 * Links to the previous, this and the next year of a yearly list (the shown one is not a link); `keep`
 * holds the list's other filters, which the links carry.
 */
export function YearNav({
  year,
  current,
  path,
  keep = {},
}: {
  year: number;
  current: number;
  path: string;
  keep?: Record<string, string>;
}) {
  const years = [current - 1, current, current + 1];
  if (!years.includes(year)) years.unshift(year);
  return (
    <nav className="year-nav" aria-label="年度">
      {years.map((y) =>
        y === year ? (
          <strong key={y} aria-current="page">
            {y} 年度
          </strong>
        ) : (
          <Link key={y} to={`${path}?${new URLSearchParams({ ...keep, year: String(y) }).toString()}`}>
            {y} 年度
          </Link>
        ),
      )}
    </nav>
  );
}
