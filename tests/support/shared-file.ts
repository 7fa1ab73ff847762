import fs from "node:fs";
import path from "node:path";

/**
 * A file of ../shared (the legal reference beside the repository). Where the checkout has no ../shared
 * (a clone elsewhere, some CI machines), the copy under tests/fixtures/shared is used; refresh those copies
 * when shared changes.
 */
export function sharedFile(relative: string, fixtureName: string): string {
  const live = path.resolve(__dirname, "../../../shared", relative);
  return fs.existsSync(live) ? live : path.resolve(__dirname, "../fixtures/shared", fixtureName);
}
