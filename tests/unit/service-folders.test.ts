/**
 * Services live in one folder per context (README "Architecture"): a service file directly under
 * app/services/ would start a second home for its rules. Infrastructure without business rules goes to app/lib/.
 */
import fs from "node:fs";
import path from "node:path";

const SERVICES = path.join(__dirname, "..", "..", "app", "services");

it("app/services holds only context folders", () => {
  const loose = fs
    .readdirSync(SERVICES, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => entry.name);
  expect(loose).toEqual([]);
});

it("every context folder holds services", () => {
  for (const entry of fs.readdirSync(SERVICES, { withFileTypes: true })) {
    const files = fs.readdirSync(path.join(SERVICES, entry.name)).filter((f) => f.endsWith(".server.ts"));
    expect({ folder: entry.name, services: files.length > 0 }).toEqual({
      folder: entry.name,
      services: true,
    });
  }
});
