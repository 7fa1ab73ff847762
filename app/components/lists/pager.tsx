import { Link, useSearchParams } from "@remix-run/react";

/**
 * 上一页 · 第 N / M 页 · 下一页 under a paged list: the links keep the page's other parameters (the filters),
 * without those named in `drop` (a one-off such as a batch to show).
 */
export function Pager({ page, pages, drop = [] }: { page: number; pages: number; drop?: string[] }) {
  const [params] = useSearchParams();
  if (pages <= 1) return null;
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    for (const name of drop) next.delete(name);
    return `?${next.toString()}`;
  };
  return (
    <nav className="pager" aria-label="分页">
      {page > 1 ? <Link to={pageLink(page - 1)}>上一页</Link> : null}
      <span>
        第 {page} / {pages} 页
      </span>
      {page < pages ? <Link to={pageLink(page + 1)}>下一页</Link> : null}
    </nav>
  );
}
