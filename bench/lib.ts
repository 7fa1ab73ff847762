/** What every benchmark shares: its flags, quantiles and the way it prints times. */

/** `--name N` from the command line (a positive integer), else the fallback. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} 需要正整数`);
  return value;
}

/** The q-quantile (nearest rank) of the values; NaN for none. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
