/**
 * Autosave keeps the last edit and never calls a window's own edits "changed in another window" (issue
 * #12), in Chromium, on a small questionnaire written for this file straight into the e2e database for
 * the demo HR manager hr2's enterprise (removed afterwards with everything saved for it):
 * - an edit followed at once by a reload, or by closing the tab, is there when the page is opened again;
 * - edits made quickly in several answers and many times in one, with the server's answers held back so
 *   that saves overlap (a blur while the debounced save is on its way, a tab hidden mid-save, a dimension
 *   left and reopened before its save came back), end saved as last typed with no stale notice on screen.
 */
import type { Browser, BrowserContext, Locator, Page, Route } from "playwright-core";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Enterprise } from "../../models/enterprise";
import { User } from "../../models/user";
import { openCheckOn, removeCheck } from "../support/open-check";
import { launchBrowser, screenshot, signInAs, visit } from "../support/browser";

const TEMPLATE = {
  key: `e2e-autosave-${Date.now()}`,
  title: "自动保存测试问卷",
  dimensions: [
    { id: "AS", title: "基本情况", order: 1 },
    { id: "AT", title: "补充说明", order: 2 },
  ],
  questions: [
    { id: "AS-01", dimensionId: "AS", text: "企业工会主席姓名", type: "text", required: true },
    { id: "AS-02", dimensionId: "AS", text: "近期职工的主要诉求", type: "longtext", required: false },
    {
      id: "AS-03",
      dimensionId: "AS",
      text: "上月加班时数",
      type: "number",
      unit: "小时",
      min: 0,
      max: 500,
      required: true,
    },
    { id: "AS-04", dimensionId: "AS", text: "是否建立职工代表大会制度？", type: "yesno", required: true },
    { id: "AT-01", dimensionId: "AT", text: "其他需要说明的情况", type: "text", required: false },
  ],
  rules: [],
};

/** What the page says when a save lost to another window's. */
const STALE = "已在其他窗口修改";

let browser: Browser;
let assessmentId = "";
let templateId = "";

beforeAll(async () => {
  browser = await launchBrowser();
  const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("需要 `npm test` 提供的 MONGODB_URI 与 E2E_MONGODB_DB");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB });
  const hr2 = await User.findOne({ accountName: "hr2" }).orFail().lean();
  const enterprise = await Enterprise.findById(hr2.roles.find((r) => r.enterpriseId)!.enterpriseId)
    .orFail()
    .lean();
  const zd = await User.findOne({ accountName: "zhidao" }).orFail().lean();
  ({ templateId, assessmentId } = await openCheckOn(TEMPLATE, enterprise, zd));
});

afterAll(async () => {
  await browser?.close();
  await removeCheck({ templateId, assessmentId });
  await disconnectDatabase();
});

/** A signed-in HR manager in a browser context of its own; every stale notice shown is recorded. */
async function hrContext(width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height: 860 } });
  await context.addInitScript((stale: string) => {
    const seen: string[] = [];
    (window as unknown as { staleSeen: string[] }).staleSeen = seen;
    new MutationObserver(() => {
      const text = document.body?.textContent ?? "";
      if (text.includes(stale)) seen.push(text.slice(text.indexOf(stale) - 40, text.indexOf(stale) + 40));
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, STALE);
  const page = await context.newPage();
  await signInAs(page, "hr2");
  await page.close();
  return context;
}

async function openDimension(context: BrowserContext, dim: string) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await visit(page, `/assessments/${assessmentId}/d/${dim}`);
  await page.locator(".question[data-question]").first().waitFor();
  return { page, errors };
}

const block = (page: Page, id: string) => page.locator(`.question[data-question='${id}']`);
const staleSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { staleSeen: string[] }).staleSeen);

/** Waits until no answer on the page is waiting to be saved or being saved. */
async function settled(page: Page) {
  await page.waitForFunction(
    () =>
      document.querySelectorAll(".save-state[data-state='saving'], .save-state[data-state='dirty']")
        .length === 0,
    undefined,
    { timeout: 20_000 },
  );
}

/** The answers as a page opened afresh shows them. */
async function shownAnswers(context: BrowserContext, dim: string) {
  const { page } = await openDimension(context, dim);
  const values = {
    text: await block(page, "AS-01")
      .locator("input[name='q-AS-01']")
      .inputValue()
      .catch(() => null),
    longtext: await block(page, "AS-02")
      .locator("textarea")
      .inputValue()
      .catch(() => null),
    number: await block(page, "AS-03")
      .locator("input[inputmode='decimal']")
      .inputValue()
      .catch(() => null),
    yes: await block(page, "AS-04")
      .getByRole("radio", { name: "是", exact: true })
      .isChecked()
      .catch(() => null),
    no: await block(page, "AS-04")
      .getByRole("radio", { name: "否", exact: true })
      .isChecked()
      .catch(() => null),
  };
  await page.close();
  return values;
}

/** Waits (5 s at most) until the input shows `want`: an edit kept in the tab is put back after hydration. */
function drawn(input: Locator, want: string) {
  return input.evaluate(
    (el: HTMLInputElement, value) =>
      new Promise<void>((resolve) => {
        const until = Date.now() + 5_000;
        const check = () => (el.value === value || Date.now() > until ? resolve() : setTimeout(check, 50));
        check();
      }),
    want,
  );
}

describe("the last edit is kept", () => {
  it("an edit followed at once by a reload, or by closing the tab, is there when the page is opened again", async () => {
    const context = await hrContext();
    const { page, errors } = await openDimension(context, "AS");

    // Typed, then reloaded at once (no blur; the debounced save had no time to start).
    const name = "王海燕";
    await block(page, "AS-01").locator("input[name='q-AS-01']").fill(name);
    await page.reload();
    await page.waitForSelector("html[data-hydrated='true']");
    // The edit kept in the tab is put back by an effect after hydration, drawn in React's next render.
    const input = block(page, "AS-01").locator("input[name='q-AS-01']");
    await drawn(input, name);
    await expect(input.inputValue()).resolves.toBe(name);
    await settled(page);
    expect(await staleSeen(page)).toEqual([]);
    await screenshot(page, "autosave-01-after-reload");

    // Typed, then the tab closed at once, as a person closes it (the page is told it is leaving).
    const wish = "希望调整夜班补贴标准";
    await block(page, "AS-02").locator("textarea").pressSequentially(wish, { delay: 10 });
    await page.close({ runBeforeUnload: true });

    // Opened again, in another browser without anything of the closed tab: both edits were saved.
    const other = await hrContext();
    // The save sent as the tab closed may still be on its way: a person opening the page a moment later.
    const until = Date.now() + 8_000;
    let shown = await shownAnswers(other, "AS");
    while (shown.longtext !== wish && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      shown = await shownAnswers(other, "AS");
    }
    expect(shown).toMatchObject({ text: name, longtext: wish });
    const again = await openDimension(other, "AS");
    await screenshot(again.page, "autosave-02-reopened");
    expect(await staleSeen(again.page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    await other.close();
  });

  it("a reload whose page was read before the save sent on leaving was written still shows the edit", async () => {
    const context = await hrContext();
    const { page, errors } = await openDimension(context, "AS");
    const text = `重载时的修改${Date.now() % 100_000}`;
    // The reloaded page is read from the server first and held; the save sent as the old page left waits
    // for that read, is written and answered (the old page, still running, sees it saved), and only then
    // does the page read before it arrive. So the page shows the answer from before the save.
    let pageRead!: () => void;
    const read = new Promise<void>((resolve) => (pageRead = resolve));
    let saveAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (saveAnswered = resolve));
    await page.route(
      (url) => url.pathname === `/assessments/${assessmentId}/d/AS`,
      async (route) => {
        if (route.request().resourceType() !== "document") return route.continue();
        const response = await route.fetch();
        pageRead();
        await answered;
        await pause(500); // the old page handles the save's answer before it is replaced
        await route.fulfill({ response });
      },
    );
    await page.route("**/answer", async (route) => {
      await read;
      await route.fulfill({ response: await route.fetch() });
      saveAnswered();
    });
    const input = block(page, "AS-01").locator("input[name='q-AS-01']");
    await input.fill(text);
    await page.reload();
    await page.waitForSelector("html[data-hydrated='true']");
    await page.unrouteAll({ behavior: "ignoreErrors" });
    // The edit kept in the tab is put back (drawn in React's next render) and saved once more.
    await drawn(input, text);
    await expect(input.inputValue()).resolves.toBe(text);
    await settled(page);
    const other = await hrContext();
    expect((await shownAnswers(other, "AS")).text).toBe(text);
    expect(await staleSeen(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    await other.close();
  });
});

/**
 * The page's saves as they reach the server: each held back by 150–600 ms so that edits are made while
 * earlier saves are on their way, or — while `hold` is on — kept until `release`, then sent one after
 * another (each after the one before has its answer), in the order they were made or in reverse.
 */
async function throttleSaves(page: Page) {
  let holding = false;
  let held: Route[] = [];
  await page.route("**/answer", async (route) => {
    if (holding) {
      held.push(route);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 450));
    await route.continue();
  });
  return {
    hold: () => {
      holding = true;
    },
    held: () => held.length,
    async release(order: "as made" | "reversed") {
      holding = false;
      const routes = order === "reversed" ? [...held].reverse() : held;
      held = [];
      for (const route of routes) await route.fulfill({ response: await route.fetch() });
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a window's own edits are never stale to it", () => {
  it("quick edits in several answers and many in one, with saves overlapping, end saved as last typed", async () => {
    const context = await hrContext();
    const { page, errors } = await openDimension(context, "AS");
    const saves = await throttleSaves(page);
    const text = block(page, "AS-01").locator("input[name='q-AS-01']");
    const longtext = block(page, "AS-02").locator("textarea");
    const number = block(page, "AS-03").locator("input[inputmode='decimal']");
    const radio = (label: string) => block(page, "AS-04").getByRole("radio", { name: label, exact: true });

    // One answer typed in bursts, each ended by a blur that saves while the last save is on its way.
    let name = "";
    for (const part of ["刘", "海", "燕", "（工会", "主席）"]) {
      name += part;
      await text.fill(name);
      await text.blur();
    }
    // The yes/no answer flipped many times; each click saves at once.
    for (let i = 0; i < 7; i++) await radio(i % 2 === 0 ? "否" : "是").check();
    // Several answers in turn, quickly.
    let hours = "";
    let wish = "";
    for (let i = 0; i < 6; i++) {
      hours = String(10 + i);
      await number.fill(hours);
      wish += `第${i + 1}条意见；`;
      await longtext.fill(wish);
      await number.focus();
    }
    await settled(page);

    // Two saves of one answer on their way at once, arriving in reverse order: a save held on its way,
    // a further edit, and the tab hidden for a moment (a phone switching apps), which sends that edit at
    // once beside the held save.
    saves.hold();
    name += "。";
    await text.fill(name);
    await text.blur();
    name += "！";
    await text.fill(name);
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
      delete (document as unknown as { visibilityState?: string }).visibilityState;
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await pause(300);
    await saves.release("reversed");
    await settled(page);

    // The dimension left before its save came back and opened again (its page read before that save
    // was written), then edited again.
    saves.hold();
    wish += "请尽快答复。";
    await longtext.fill(wish);
    await page.getByRole("link", { name: "下一维度", exact: true }).click();
    await page.locator(".question[data-question='AT-01']").waitFor();
    await pause(900); // past the debounce: every save of the edit has been sent (and is held)
    await page.getByRole("link", { name: "上一维度", exact: true }).click();
    await longtext.waitFor();
    expect(saves.held()).toBeGreaterThan(0);
    await saves.release("as made");
    await pause(500);
    wish += "谢谢。";
    await longtext.fill(wish);
    await longtext.blur();
    await radio("是").check();

    await settled(page);
    await screenshot(page, "autosave-03-overlapping-saves");
    expect(await staleSeen(page)).toEqual([]);
    await expect(
      page.locator(".save-state[data-state='stale'], .save-state[data-state='error']").count(),
    ).resolves.toBe(0);
    expect(errors).toEqual([]);

    // What another browser opens is what was typed last.
    const other = await hrContext();
    await expect(shownAnswers(other, "AS")).resolves.toEqual({
      text: name,
      longtext: wish,
      number: hours,
      yes: true,
      no: false,
    });
    await context.close();
    await other.close();
  });
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

describe("on a phone", () => {
  it("the questionnaire fits 390 px, a file attached to an answer included", async () => {
    const context = await hrContext(390);
    const { page, errors } = await openDimension(context, "AS");
    const attach = block(page, "AS-04").locator("[data-attachments='AS-04']");
    await attach
      .locator("input[type='file']")
      .setInputFiles({ name: "职代会制度及近期会议决议扫描件.png", mimeType: "image/png", buffer: PNG });
    await attach.locator(".evidence-list a", { hasText: "职代会制度及近期会议决议扫描件.png" }).waitFor();
    await attach.locator(".attach-state[data-state='saved']").waitFor();
    await screenshot(page, "autosave-04-phone-attachment");
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    expect(await staleSeen(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
