/**
 * A bucket's summary: counters keyed "<figure>|<month or day>|…", computed from all the bucket's rows at
 * once (so it is a pure function of the rows: recomputing it never double-counts). Summaries add up across
 * buckets and organisations; what depends on today (overdue, expiring, in effect) is kept by date and
 * decided when the dashboard reads it (figures.ts).
 */
import { daysToVerify } from "./figures";
import type { FactKind, RowOf } from "./rows";

export type Counters = Record<string, number>;

const month = (d: string) => d.slice(0, 7);
/** Key parts may not hold the separator. */
const part = (s: string) => s.replace(/\|/g, "／");

function bump(c: Counters, key: string, by = 1) {
  if (by !== 0) c[key] = (c[key] ?? 0) + by;
}

export function addCounters(into: Counters, from: Counters): Counters {
  for (const [key, value] of Object.entries(from)) bump(into, key, value);
  return into;
}

type Rows<K extends FactKind> = Record<string, RowOf[K]>;

const SUMMARISE: { [K in FactKind]: (rows: Rows<K>) => Counters } = {
  enterprise(rows) {
    const c: Counters = {};
    for (const r of Object.values(rows)) {
      bump(c, "ent");
      bump(c, `ent.ind|${part(r.ind)}`);
      if (r.union) bump(c, "union");
      if (r.cs === "in_effect") bump(c, `contract|${r.until ?? "-"}`);
    }
    return c;
  },
  check(rows) {
    const c: Counters = {};
    const latest = new Map<string, RowOf["check"]>();
    for (const r of Object.values(rows)) {
      if (r.rep) bump(c, `report|${month(r.rep)}`);
      if (!r.acc) continue;
      bump(c, `accepted|${month(r.acc)}`);
      if (r.ov !== null) {
        // In tenths, so sums are whole numbers (added in any order, always the same).
        bump(c, `score10|${month(r.acc)}`, Math.round(r.ov * 10));
        bump(c, `scoreN|${month(r.acc)}`);
      }
      const seen = latest.get(r.e);
      if (!seen || seen.acc! < r.acc) latest.set(r.e, r);
    }
    // The latest accepted check of each enterprise: its month, level and industry.
    for (const r of latest.values()) {
      const m = month(r.acc!);
      bump(c, `checked|${m}`);
      if (r.lvl) {
        bump(c, `risk|${m}|${r.lvl}`);
        bump(c, `riskInd|${m}|${part(r.ind)}|${r.lvl}`);
      }
    }
    return c;
  },
  item(rows) {
    const c: Counters = {};
    for (const r of Object.values(rows)) {
      const m = month(r.iss);
      bump(c, `issued|${m}`);
      bump(c, `finding|${m}|${part(r.dim)}|${part(r.t)}`);
      if (r.closed) {
        bump(c, `issuedClosed|${m}`);
        if (r.clo) {
          bump(c, `closed|${month(r.clo)}`);
          bump(c, `verifyDays|${month(r.clo)}|${daysToVerify(r.iss, r.clo)}`);
        }
      } else {
        bump(c, `open|${r.due}`);
      }
    }
    return c;
  },
  case(rows) {
    const c: Counters = {};
    for (const r of Object.values(rows)) {
      bump(c, `stage|${r.stage}`);
      if (r.off && r.reached >= 0) {
        for (let step = 0; step <= r.reached; step++) bump(c, `funnel|${month(r.off)}|${step}`);
      }
      if (r.stage === "offer" && r.next) bump(c, `offerDue|${r.next}`);
      if (r.exp) bump(c, `exp|${r.exp}`);
      if (r.inEffect) bump(c, `effKind|${part(r.k)}|${r.exp ?? "-"}`, r.covers);
    }
    return c;
  },
  plan(rows) {
    const c: Counters = {};
    const enterprises = new Set<string>();
    for (const r of Object.values(rows)) {
      bump(c, `plans|${r.y}`);
      if (!enterprises.has(`${r.y}|${r.e}`)) {
        enterprises.add(`${r.y}|${r.e}`);
        bump(c, `planEnt|${r.y}`);
      }
      if (r.signedOff) bump(c, `signedOff|${r.y}`);
      for (const [due, done] of r.ms) {
        bump(c, `ms|${due}`);
        if (done) bump(c, `msDone|${due}`);
      }
    }
    return c;
  },
  training(rows) {
    const c: Counters = {};
    for (const r of Object.values(rows)) {
      bump(c, `trainings|${month(r.d)}`);
      bump(c, `invited|${month(r.d)}`, r.invited);
    }
    return c;
  },
  attendance(rows) {
    const c: Counters = {};
    const pairs = new Set<string>();
    for (const r of Object.values(rows)) {
      bump(c, `attendees|${month(r.d)}`);
      if (!pairs.has(`${r.tr}|${r.e}`)) {
        pairs.add(`${r.tr}|${r.e}`);
        bump(c, `attendedEnt|${month(r.d)}`);
      }
    }
    return c;
  },
  response(rows) {
    const c: Counters = {};
    for (const r of Object.values(rows)) {
      if (r.employer) {
        bump(c, `employers|${r.m}`);
        bump(c, `recognised|${r.m}`, r.r);
      } else {
        bump(c, `employees|${r.m}`);
        bump(c, `participated|${r.m}`, r.p);
        bump(c, `aware|${r.m}`, r.a);
        bump(c, `satisfied|${r.m}`, r.s);
      }
    }
    return c;
  },
};

/** The summary of one bucket's rows. */
export function summarise<K extends FactKind>(kind: K, rows: Rows<K>): Counters {
  return (SUMMARISE[kind] as (rows: Rows<K>) => Counters)(rows);
}
