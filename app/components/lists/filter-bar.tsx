import { Form, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * A list page's filters: a GET form, so every filter lives in the URL (a link or a refresh keeps it), with
 * its 筛选 button; `after` stands behind the button (a link to the whole list). `invalid` names the filters
 * the URL gave but the list could not read (parseFilterQuery): they were ignored, and the page says so.
 */
export function FilterBar({
  children,
  after,
  className = "toolbar card",
  testId,
  invalid = [],
}: {
  children: ReactNode;
  after?: ReactNode;
  className?: string;
  testId?: string;
  invalid?: readonly string[];
}) {
  return (
    <>
      {invalid.length ? (
        <div className="form-error" role="alert" data-testid="filter-invalid">
          筛选条件无效，已忽略：{invalid.join("、")}。列表未按这些条件筛选。
        </div>
      ) : null}
      <Form method="get" className={className} data-testid={testId}>
        {children}
        <button type="submit" className="secondary">
          筛选
        </button>
        {after}
      </Form>
    </>
  );
}

/** The value a filter has in the URL now, or the one given (a default the loader chose). */
function useFilterValue(name: string, value: string | number | undefined) {
  const [params] = useSearchParams();
  return value ?? params.get(name) ?? "";
}

/**
 * One select of a filter bar: 全部 (no filter) first unless `all` is false, then `options`, or the
 * options given as children (the organisation tree).
 */
export function FilterSelect({
  name,
  label,
  options = [],
  value,
  all = "全部",
  children,
}: {
  name: string;
  label: string;
  options?: readonly { value: string | number; label: string }[];
  value?: string | number;
  all?: string | false;
  children?: ReactNode;
}) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={useFilterValue(name, value)}>
        {all === false ? null : <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}

/** A text filter (a name to search for). */
export function FilterSearch({
  name,
  label,
  placeholder,
}: {
  name: string;
  label: string;
  placeholder?: string;
}) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} defaultValue={useFilterValue(name, undefined)} placeholder={placeholder} />
    </div>
  );
}

/** A yes/no filter: checked sends `name=1`. */
export function FilterCheck({ name, label }: { name: string; label: string }) {
  const [params] = useSearchParams();
  return (
    <label className="choice">
      <input type="checkbox" name={name} value="1" defaultChecked={params.get(name) === "1"} /> {label}
    </label>
  );
}
