/**
 * "This enterprise against the average of the enterprises checked in its union organisation": each
 * enterprise counts once, with its latest accepted check. Dimensions an enterprise scored 不适用 are left
 * out of that dimension's average (not counted as 0), like the overall score does.
 */
export interface ScoredCheck {
  enterpriseId: string;
  acceptedAt: Date;
  overall: number | null;
  dimensions: { id: string; score: number | null }[];
}

export interface OrgAverage {
  enterprises: number;
  overall: number | null;
  dimensions: Record<string, number | null>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function mean(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

export function latestPerEnterprise(checks: readonly ScoredCheck[]): ScoredCheck[] {
  const latest = new Map<string, ScoredCheck>();
  for (const check of checks) {
    const seen = latest.get(check.enterpriseId);
    if (!seen || check.acceptedAt > seen.acceptedAt) latest.set(check.enterpriseId, check);
  }
  return [...latest.values()];
}

export function orgAverage(checks: readonly ScoredCheck[]): OrgAverage {
  const latest = latestPerEnterprise(checks);
  const ids = [...new Set(latest.flatMap((c) => c.dimensions.map((d) => d.id)))];
  const dimensions: Record<string, number | null> = {};
  for (const id of ids) {
    dimensions[id] = mean(
      latest.flatMap((c) => c.dimensions.filter((d) => d.id === id && d.score !== null).map((d) => d.score!)),
    );
  }
  return {
    enterprises: latest.length,
    overall: mean(latest.filter((c) => c.overall !== null).map((c) => c.overall!)),
    dimensions,
  };
}
