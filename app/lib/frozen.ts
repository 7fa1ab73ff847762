/** Plain objects and arrays made read-only all the way down (ids and dates, class instances, are left). */
export function frozen<T>(value: T): T {
  if (value && typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === Array.prototype || proto === null) {
      for (const v of Object.values(value)) frozen(v);
      Object.freeze(value);
    }
  }
  return value;
}
