/**
 * Access is decided in app/domain/policy.ts only (DESIGN.md; issue 9): no route, component or service
 * asks which roles someone holds. They call can(), listScope()/scopedQuery() or a named question of the
 * policy module (isStaff, isAdmin, grantableRoles, …). This test reads every file under app/ and fails on
 * the shapes such a decision takes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const APP = path.resolve(__dirname, "../../app");
const POLICY = path.join(APP, "domain", "policy.ts");

const FORBIDDEN: [RegExp, string][] = [
  [/\broles\s*\.\s*(includes|some|every|filter|find|findIndex|indexOf)\s*\(/, "roles.includes/some/…"],
  [/\brole\s*[!=]==?/, "role === …"],
  [/[!=]==?\s*[\w.?]*\brole\b(?!\s*\()/, "… === role"],
  [/[!=]==?\s*["'](admin|instructor|hr|chair|rep)["']/, '… === "admin"'],
  [/["'](admin|instructor|hr|chair|rep)["']\s*[!=]==?/, '"admin" === …'],
  [/\bhasRole\s*\(/, "hasRole(…)"],
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** Each line without its comments (a comment may talk about roles). */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .split("\n")
    .map((line) => line.replace(/(^|[^:])\/\/.*$/, "$1"));
}

export function accessDecisionsOutsidePolicy(files = sourceFiles(APP)): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (file === POLICY) continue;
    codeLines(fs.readFileSync(file, "utf8")).forEach((line, i) => {
      for (const [pattern, shape] of FORBIDDEN) {
        if (pattern.test(line)) found.push(`${path.relative(APP, file)}:${i + 1} ${shape}: ${line.trim()}`);
      }
    });
  }
  return found;
}

describe("access is decided in the policy module only", () => {
  it("no file under app/ other than domain/policy.ts checks roles itself", () => {
    expect(accessDecisionsOutsidePolicy()).toEqual([]);
  });

  it("the check finds each shape of a role check (so it can fail)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
    const samples = [
      'const isAdmin = user.roles.some((g) => g.role === "admin");',
      'if (roles.includes("hr")) allow();',
      'const instructs = grant.role !== "instructor";',
      'if ("chair" === g.role) x();',
      "if (wanted === g.role) x();",
    ];
    const files = samples.map((text, i) => {
      const file = path.join(dir, `sample${i}.ts`);
      fs.writeFileSync(file, `${text}\n// user.roles.some((g) => g.role === "admin") in a comment is fine\n`);
      return file;
    });
    try {
      const found = accessDecisionsOutsidePolicy(files);
      for (const [i] of samples.entries()) {
        expect(found.some((f) => f.includes(`sample${i}.ts:1 `))).toBe(true);
        expect(found.some((f) => f.includes(`sample${i}.ts:2 `))).toBe(false);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
