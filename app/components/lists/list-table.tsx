import type { ReactNode } from "react";

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The cell's class (a figure hidden, a value below target). */
  className?: (row: Row) => string | undefined;
}

/**
 * A list page's table: one row per item, one line saying so when there is none, scrolling sideways on its
 * own on a narrow screen (the page around it does not).
 */
export function ListTable<Row>({
  rows,
  columns,
  rowKey,
  rowData,
  empty,
  testId,
}: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  /** data-* attributes of a row, for tests and styles that find a row by what it holds. */
  rowData?: (row: Row) => Record<`data-${string}`, string | number>;
  empty: ReactNode;
  testId?: string;
}) {
  return (
    <div className="table-scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowData?.(row)}>
              {columns.map((c, i) => (
                <td key={i} className={c.className?.(row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="hint">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
