/**
 * Copies into templates/statutes/statutes.json the statutes the product cites (every statute the
 * legal-basis alias table points at), with a version date derived from each statute's history.
 * Source: the shared reference file. Run again whenever that file changes:
 *   npx tsx scripts/build-statutes.ts [path/to/statutes.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { knownStatuteKeys, type StatuteLibrary } from "../app/domain/health-check/statutes";
import { deriveVersionDate } from "../templates/statutes/version-date";

interface SourceStatute {
  title: string;
  history: string[];
  articles: Record<string, string>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourcePath = path.resolve(
  process.argv[2] ?? path.join(root, "../shared/domain/statutes/statutes.json"),
);
const targetPath = path.join(root, "templates/statutes/statutes.json");

const source = JSON.parse(readFileSync(sourcePath, "utf8")) as Record<string, SourceStatute>;
// 民法典 comes in parts (总则编, 附则) in the source; the product cites it as one code, by article number.
const PARTS: Record<string, string[]> = { 民法典: ["民法典（总则编）", "民法典（附则）"] };
for (const [key, parts] of Object.entries(PARTS)) {
  const found = parts.map((part) => source[part]).filter(Boolean);
  if (found.length !== parts.length) continue;
  source[key] = {
    title: found[0].title,
    history: [...new Set(found.flatMap((p) => p.history.filter((line) => !line.startsWith("#"))))],
    articles: Object.assign({}, ...found.map((p) => p.articles)),
  };
}
const library: StatuteLibrary = {};
for (const key of knownStatuteKeys()) {
  const statute = source[key];
  if (!statute) throw new Error(`来源文件中没有《${key}》`);
  const version = deriveVersionDate(statute.history, statute.articles);
  if (!version) throw new Error(`无法确定《${key}》的版本日期`);
  library[key] = {
    title: statute.title,
    versionDate: version.date,
    versionDateBasis: version.basis,
    history: statute.history,
    articles: statute.articles,
  };
}
writeFileSync(targetPath, JSON.stringify(library, null, 2) + "\n");
console.log(`已写入 ${Object.keys(library).length} 部法规到 ${path.relative(root, targetPath)}`);
