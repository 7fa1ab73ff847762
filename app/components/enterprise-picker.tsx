import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { OrgOptions } from "./org-options";

/** What the loader found for a picker (pickEnterprises): the first options by name and how many match. */
export interface EnterprisePickData {
  options: readonly { id: string; name: string }[];
  total: number;
  /** The filter as asked (`pickOrg`, `q`). */
  org: string;
  q: string;
}

/**
 * The picker's filter form (GET, the page's other query parameters kept): rendered outside the form that
 * submits the picks, since forms do not nest; the picker's filter fields belong to it by `form={id}`.
 */
export function EnterprisePickFilter({ id }: { id: string }) {
  const [params] = useSearchParams();
  return (
    <Form id={id} method="get" preventScrollReset>
      {[...params]
        .filter(([name]) => name !== "pickOrg" && name !== "q" && name !== "index")
        .map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
    </Form>
  );
}

/**
 * Enterprises to choose among thousands: narrowed by organisation and by name or credit code (the filter's
 * own GET form, EnterprisePickFilter with `filterForm`), the first matches listed by name. With `multiple`,
 * checkboxes whose choices are kept while the person narrows the list again (those not listed now are sent
 * as hidden fields and counted); else one select.
 */
export function EnterprisePicker({
  pick,
  orgs,
  baseDepth = 0,
  filterForm,
  name,
  legend,
  multiple = true,
  className = "",
  idPrefix = "pick",
  empty = "没有可选的企业。",
}: {
  pick: EnterprisePickData;
  orgs: readonly { id: string; name: string; depth: number }[];
  baseDepth?: number;
  filterForm: string;
  name: string;
  legend: string;
  multiple?: boolean;
  className?: string;
  idPrefix?: string;
  /** Said when nothing matches and the list is not narrowed. */
  empty?: string;
}) {
  const [picked, setPicked] = useState<Map<string, string>>(() => new Map());
  // A submission that succeeded on this page (its action answered ok) starts the choice afresh; a refused one
  // keeps it, to be corrected.
  const outcome = useActionData<{ ok?: boolean } | undefined>();
  useEffect(() => {
    if (outcome && typeof outcome === "object" && outcome.ok === true) setPicked(new Map());
  }, [outcome]);
  const shown = new Set(pick.options.map((e) => e.id));
  const hidden = [...picked].filter(([id]) => !shown.has(id));
  const allShown = pick.options.length > 0 && pick.options.every((e) => picked.has(e.id));
  const toggle = (e: { id: string; name: string }, on: boolean) =>
    setPicked((current) => {
      const next = new Map(current);
      if (on) next.set(e.id, e.name);
      else next.delete(e.id);
      return next;
    });
  const toggleShown = () =>
    setPicked((current) => {
      const next = new Map(current);
      for (const e of pick.options) {
        if (allShown) next.delete(e.id);
        else next.set(e.id, e.name);
      }
      return next;
    });
  const narrowed = !!pick.org || !!pick.q;
  return (
    <fieldset className={`enterprise-picker ${className}`.trim()} data-testid="enterprise-picker">
      <legend>
        {legend}
        {multiple ? `（已选 ${picked.size} 家）` : ""}
      </legend>
      <div className="toolbar pick-filter">
        <div className="field">
          <label htmlFor={`${idPrefix}-org`}>所属组织</label>
          <select id={`${idPrefix}-org`} name="pickOrg" form={filterForm} defaultValue={pick.org}>
            <option value="">全部</option>
            <OrgOptions orgs={orgs} baseDepth={baseDepth} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-q`}>企业名称或信用代码包含</label>
          <input
            id={`${idPrefix}-q`}
            name="q"
            type="search"
            maxLength={50}
            form={filterForm}
            defaultValue={pick.q}
          />
        </div>
        <button type="submit" form={filterForm} className="secondary">
          筛选企业
        </button>
      </div>
      <p className="hint" data-testid="pick-count">
        {pick.total === 0
          ? narrowed
            ? "没有符合筛选条件的企业。"
            : empty
          : pick.total > pick.options.length
            ? `符合条件的企业 ${pick.total} 家，列出按名称排序的前 ${pick.options.length} 家，可按组织或名称筛选。`
            : `符合条件的企业 ${pick.total} 家。`}
        {multiple && pick.options.length > 0 ? (
          <>
            {" "}
            <button type="button" className="link" onClick={toggleShown}>
              {allShown ? "取消选择所列企业" : "全选所列企业"}
            </button>
          </>
        ) : null}
      </p>
      {multiple ? (
        <>
          <div className="enterprise-picks">
            {pick.options.map((e) => (
              <label key={e.id} className="choice">
                <input
                  type="checkbox"
                  name={name}
                  value={e.id}
                  checked={picked.has(e.id)}
                  onChange={(ev) => toggle(e, ev.target.checked)}
                />{" "}
                {e.name}
              </label>
            ))}
          </div>
          {hidden.length ? (
            <p className="hint" data-testid="picked-elsewhere">
              另已选 {hidden.length} 家不在当前列表中的企业（
              {hidden
                .slice(0, 5)
                .map(([, n]) => n)
                .join("、")}
              {hidden.length > 5 ? " 等" : ""}），提交时一并包含。{" "}
              <button
                type="button"
                className="link"
                onClick={() => setPicked((current) => new Map([...current].filter(([id]) => shown.has(id))))}
              >
                取消这些选择
              </button>
              {hidden.map(([id]) => (
                <input key={id} type="hidden" name={name} value={id} />
              ))}
            </p>
          ) : null}
        </>
      ) : pick.options.length ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-one`}>企业</label>
          <select id={`${idPrefix}-one`} name={name}>
            {pick.options.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </fieldset>
  );
}
