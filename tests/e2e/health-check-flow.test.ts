/**
 * Issue #4 acceptance: the legal health check (法律体检) end to end in Chromium, one browser context per
 * person. The instructor starts a check for the demo HR manager's enterprise; HR fills every visible
 * question of the default template dimension by dimension (autosave; a reload in the middle keeps the
 * answers) and submits; the instructor returns it with a remark on one question; HR sees the remark
 * beside that question, changes the answer and resubmits; the instructor accepts and the scores show.
 *
 * Filling is generic: every visible question is answered through its own control (radio, check box,
 * number, date, text, evidence upload), and the page is read again after each answer because an answer
 * can reveal further questions. The default template asks only choices and numbers, so a second test
 * fills a small template written for this file straight into the e2e database (the app can only start
 * checks on the default template) with the remaining controls: check boxes, a date, text, long text and
 * evidence uploads.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { addDays, todayInShanghai } from "~/domain/dates";
import { scoreAssessment, RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { findingsByQuestion } from "~/domain/health-check/review-findings";
import type { Answers, EnterpriseProfile, Template } from "~/domain/health-check/types";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Enterprise } from "../../models/enterprise";
import { User } from "../../models/user";
import { samplePdf } from "../../scripts/sample-pdf";
import { defaultTemplate } from "../../templates/questionnaires/default";
import { openCheckOn, removeCheck } from "../support/open-check";
import {
  BASE_URL,
  launchBrowser,
  openEnterpriseTab,
  openPage,
  screenshot,
  signInAs,
  visit,
} from "../support/browser";

/** The demo enterprise of the demo HR manager `hr` (scripts/demo-data.ts); the seed starts no check there. */
const ENTERPRISE = "滨江湖滨精密机械有限公司";
const REMARK = "请核实：试用期内和劳务派遣转正的职工是否也都已签订书面劳动合同？";
const RETURN_NOTE = "请按批注核实后重新提交。";
/** How Chromium logs a request the app refused with 400. */
const REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------------
// Reading and answering the questions a dimension page shows

type Control = "radio" | "checkbox" | "number" | "date" | "text" | "longtext" | "evidence";

interface Block {
  id: string;
  control: Control;
  answered: boolean;
  options: string[];
  unit: string;
  min: number | null;
  max: number | null;
}

/** What was answered, as the page should show it again: option labels, the typed text, file names. */
type Recorded =
  | { control: "radio"; label: string }
  | { control: "checkbox"; labels: string[] }
  | {
      control: "number" | "date" | "text" | "longtext";
      text: string;
    }
  | { control: "evidence"; files: string[] };

/** The question blocks of the current page, classified by the control they carry. */
async function readBlocks(page: Page): Promise<Block[]> {
  return page.locator(".question[data-question]").evaluateAll((nodes) =>
    nodes.map((node) => {
      const q = node as HTMLElement;
      const inputs = (selector: string) => [...q.querySelectorAll<HTMLInputElement>(selector)];
      const radios = inputs("input[type='radio']");
      const boxes = inputs("input[type='checkbox']");
      const date = q.querySelector<HTMLInputElement>("input[type='date']");
      const area = q.querySelector<HTMLTextAreaElement>("textarea");
      // The answer's own files; those attached to any answer (.attachments) are not its control.
      const file = q.querySelector<HTMLInputElement>(":scope > .evidence-upload input[type='file']");
      const decimal = q.querySelector<HTMLInputElement>("input[inputmode='decimal']");
      const text = q.querySelector<HTMLInputElement>("input[name^='q-']:not([type]), input[type='text']");
      const range = /（(-?[\d.]+|—)–(-?[\d.]+|—)）/.exec(q.textContent ?? "");
      const bound = (s: string | undefined) => (s === undefined || s === "—" ? null : Number(s));
      const base = {
        id: q.dataset.question ?? "",
        options: [...q.querySelectorAll("label.choice")].map((l) => (l.textContent ?? "").trim()),
        unit: q.querySelector(".unit")?.textContent?.trim() ?? "",
        min: bound(range?.[1]),
        max: bound(range?.[2]),
      };
      if (radios.length) return { ...base, control: "radio", answered: radios.some((r) => r.checked) };
      if (boxes.length) return { ...base, control: "checkbox", answered: boxes.some((b) => b.checked) };
      if (date) return { ...base, control: "date", answered: date.value !== "" };
      if (area) return { ...base, control: "longtext", answered: area.value.trim() !== "" };
      if (file || q.querySelector(":scope > .evidence-list")) {
        return {
          ...base,
          control: "evidence",
          answered:
            q.querySelectorAll(":scope > .evidence-list a, :scope > .evidence-list li:not(.hint)").length > 0,
        };
      }
      if (decimal) return { ...base, control: "number", answered: decimal.value.trim() !== "" };
      if (text) return { ...base, control: "text", answered: text.value.trim() !== "" };
      throw new Error(`无法识别问题 ${q.dataset.question} 的作答控件`);
    }),
  ) as Promise<Block[]>;
}

/** Plausible numbers by unit (a second question in the same unit gets the next value), kept in range. */
const NUMBERS_BY_UNIT: Record<string, number[]> = {
  天: [15],
  元: [2800, 2490],
  小时: [36],
  人: [296, 30],
  件: [1],
};

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const CONTRACT_PDF = {
  name: "劳动合同范本.pdf",
  mimeType: "application/pdf",
  buffer: samplePdf("Labour contract"),
};

class Filler {
  readonly recorded = new Map<string, Recorded>();
  private unitUse = new Map<string, number>();
  /** Questions that appeared on a page only after an answer on it (conditions evaluated live). */
  revealed: string[] = [];

  constructor(private readonly page: Page) {}

  block(id: string): Locator {
    return this.page.locator(`.question[data-question='${id}']`);
  }

  /** Waits for the block's autosave indicator to say 已保存 (never a blind sleep). */
  async waitSaved(id: string) {
    const saved = this.block(id).locator(".save-state[data-state='saved']");
    await saved.waitFor({ timeout: 10_000 });
    await expect(saved.textContent()).resolves.toBe("已保存");
  }

  private numberFor(b: Block): number {
    const used = this.unitUse.get(b.unit) ?? 0;
    this.unitUse.set(b.unit, used + 1);
    const candidates = NUMBERS_BY_UNIT[b.unit];
    let n = candidates ? candidates[Math.min(used, candidates.length - 1)] : (b.min ?? 0) + 1;
    if (b.min !== null) n = Math.max(n, b.min);
    if (b.max !== null) n = Math.min(n, b.max);
    return n;
  }

  /** Answers one question through its control and waits until it is saved. */
  async answer(b: Block) {
    const block = this.block(b.id);
    switch (b.control) {
      case "radio": {
        const label = b.options[0];
        await block.getByRole("radio", { name: label, exact: true }).check();
        this.recorded.set(b.id, { control: "radio", label });
        break;
      }
      case "checkbox": {
        const labels = b.options.slice(0, Math.min(2, b.options.length));
        for (const label of labels) await block.getByRole("checkbox", { name: label, exact: true }).check();
        this.recorded.set(b.id, { control: "checkbox", labels });
        break;
      }
      case "number": {
        const text = String(this.numberFor(b));
        const input = block.locator("input[inputmode='decimal']");
        await input.fill(text);
        await input.blur();
        this.recorded.set(b.id, { control: "number", text });
        break;
      }
      case "date": {
        const text = "2025-12-18";
        const input = block.locator("input[type='date']");
        await input.fill(text);
        await input.blur();
        this.recorded.set(b.id, { control: "date", text });
        break;
      }
      case "text":
      case "longtext": {
        const text = b.control === "text" ? "刘海燕" : "职工反映夜班补贴偏低，已提交工资集体协商讨论。";
        const input = block.locator(b.control === "text" ? "input[name^='q-']" : "textarea");
        await input.fill(text);
        await input.blur();
        this.recorded.set(b.id, { control: b.control, text });
        break;
      }
      case "evidence": {
        await block.locator("input[type='file']").setInputFiles(CONTRACT_PDF);
        await block.locator(".evidence-list li", { hasText: CONTRACT_PDF.name }).waitFor();
        this.recorded.set(b.id, { control: "evidence", files: [CONTRACT_PDF.name] });
        break;
      }
    }
    await this.waitSaved(b.id);
  }

  /**
   * Answers every visible unanswered question of the current page, reading the page again after each
   * answer; `midway` runs once after that many answers on this page.
   */
  async fillPage(midway?: { after: number; run: () => Promise<void> }) {
    const seen = new Set((await readBlocks(this.page)).map((b) => b.id));
    expect(seen.size).toBeGreaterThan(0);
    let answered = 0;
    for (;;) {
      const blocks = await readBlocks(this.page);
      for (const b of blocks) {
        if (!seen.has(b.id)) {
          seen.add(b.id);
          this.revealed.push(b.id);
        }
      }
      const next = blocks.find((b) => !b.answered);
      if (!next) break;
      expect(this.recorded.has(next.id)).toBe(false); // an answered question never shows empty again
      await this.answer(next);
      answered += 1;
      if (midway && answered === midway.after) await midway.run();
    }
    await expect(
      this.page.locator(".save-state[data-state='error'], .save-state[data-state='stale']").count(),
    ).resolves.toBe(0);
    return answered;
  }

  /** Every recorded answer of a question on the current page is shown again in its control. */
  async expectShown(id: string) {
    const r = this.recorded.get(id)!;
    const block = this.block(id);
    switch (r.control) {
      case "radio":
        await expect(block.getByRole("radio", { name: r.label, exact: true }).isChecked()).resolves.toBe(
          true,
        );
        break;
      case "checkbox": {
        const checked = await block
          .getByRole("checkbox")
          .evaluateAll((boxes) =>
            boxes
              .filter((b) => (b as HTMLInputElement).checked)
              .map((b) => b.parentElement?.textContent?.trim()),
          );
        expect(checked).toEqual(r.labels);
        break;
      }
      case "number":
        await expect(block.locator("input[inputmode='decimal']").inputValue()).resolves.toBe(r.text);
        break;
      case "date":
        await expect(block.locator("input[type='date']").inputValue()).resolves.toBe(r.text);
        break;
      case "text":
        await expect(block.locator("input[name^='q-']").inputValue()).resolves.toBe(r.text);
        break;
      case "longtext":
        await expect(block.locator("textarea").inputValue()).resolves.toBe(r.text);
        break;
      case "evidence":
        await expect(
          block.locator(":scope > .evidence-list li:not(.hint)").allTextContents(),
        ).resolves.toEqual(r.files.map((f) => expect.stringContaining(f)));
        break;
    }
  }

  /** The recorded answers as the scoring module takes them, using the template's option values. */
  answersFor(template: Template): Answers {
    const answers: Answers = {};
    for (const [id, r] of this.recorded) {
      const q = template.questions.find((x) => x.id === id);
      if (!q) throw new Error(`页面上的问题 ${id} 不在模板中`);
      if (r.control === "radio") {
        answers[id] =
          q.type === "yesno" ? r.label === "是" : q.options!.find((o) => o.label === r.label)!.value;
      } else if (r.control === "number") {
        answers[id] = Number(r.text);
      } else if (r.control === "checkbox") {
        answers[id] = r.labels.map((l) => q.options!.find((o) => o.label === l)!.value);
      } else if (r.control !== "evidence") {
        answers[id] = r.text;
      }
    }
    return answers;
  }
}

async function reloadPage(page: Page) {
  await page.reload();
  await page.waitForSelector("html[data-hydrated='true']");
}

/** The dimensions in the assessment's navigation, in order, with their ids and titles. */
async function dimensionsOf(page: Page) {
  return page.locator("nav.dimension-nav a").evaluateAll((links) =>
    links
      .map((a) => {
        const id = /\/d\/([^/?#]+)$/.exec(a.getAttribute("href") ?? "")?.[1] ?? null;
        const own = [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent);
        return {
          id,
          title: own
            .join("")
            .replace(/^\d+\.\s*/, "")
            .trim(),
        };
      })
      .filter((d): d is { id: string; title: string } => d.id !== null),
  );
}

const statusBadge = (page: Page) => page.locator("[data-testid='assessment-status']");

async function expectStatus(page: Page, label: string) {
  await page.locator("[data-testid='assessment-status']", { hasText: label }).waitFor();
  await expect(statusBadge(page).textContent()).resolves.toBe(label);
}

/** Waits until the progress line counts `answered` saved answers. */
async function waitForProgress(page: Page, answered: number) {
  await page.locator("[data-testid='progress']", { hasText: new RegExp(`^${answered}/`) }).waitFor();
}

/** The progress line "answered/total" of the assessment layout. */
async function progress(page: Page) {
  const [answered, total] = ((await page.locator("[data-testid='progress']").textContent()) ?? "")
    .split("/")
    .map(Number);
  return { answered, total };
}

async function goToDimension(page: Page, assessmentId: string, dim: { id: string; title: string }) {
  await page.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/d/${dim.id}`);
  await page.locator(".card h2", { hasText: dim.title }).waitFor();
  await expect(page.locator(".card h2").first().textContent()).resolves.toBe(dim.title);
}

/** Posts an answer the way the page's autosave does, to see what the server says (CSRF token of the page). */
async function postAnswer(page: Page, assessmentId: string, questionId: string, value: unknown) {
  return page.evaluate(
    async ({ assessmentId, questionId, value }) => {
      const fd = new FormData();
      fd.set("_csrf", document.querySelector<HTMLInputElement>("input[name='_csrf']")?.value ?? "");
      fd.set("questionId", questionId);
      fd.set("value", JSON.stringify(value));
      fd.set("baseRev", "1");
      const response = await fetch(`/assessments/${assessmentId}/answer`, { method: "POST", body: fd });
      return { status: response.status, body: (await response.json()) as { ok: boolean; message?: string } };
    },
    { assessmentId, questionId, value },
  );
}

// ---------------------------------------------------------------------------------------------------

describe("legal health check (法律体检): start, fill, submit, return, fix, accept", () => {
  it("runs the whole cycle between the instructor and the HR manager in two browser contexts", async () => {
    // 1. The instructor starts a check for the HR manager's enterprise.
    const instructor = await openPage(browser);
    const zd = instructor.page;
    await signInAs(zd, "zhidao");
    await openEnterpriseTab(zd, ENTERPRISE, "法律体检");
    await zd.locator("[data-testid='assessment-list']").waitFor();
    const openRows = zd.locator("[data-testid='assessment-list'] tbody tr", {
      has: zd.locator(".badge", { hasText: /填写中|待审核|已退回修改/ }),
    });
    let assessmentId: string;
    if ((await openRows.count()) === 0) {
      const dueOn = await zd.locator("#dueOn").inputValue();
      expect(dueOn).toBe(addDays(todayInShanghai(new Date()), 30));
      await screenshot(zd, "health-check-01-instructor-start");
      await zd.getByRole("button", { name: "发起体检" }).click();
      await zd.waitForURL((url) => /^\/assessments\/[0-9a-f]{24}\/d\/[^/]+$/.test(url.pathname));
      await zd.waitForSelector("html[data-hydrated='true']");
      assessmentId = new URL(zd.url()).pathname.split("/")[2];
      await expectStatus(zd, "填写中");
      await expect(zd.locator("main").textContent()).resolves.toContain(`截止日期：${dueOn}`);
      await expect(zd.locator("main p.hint").first().textContent()).resolves.toContain(defaultTemplate.title);
      // The instructor reads along but cannot answer for the enterprise, and is told so.
      await expect(zd.locator("[data-testid='read-only-note']").textContent()).resolves.toBe(
        "以下为企业已保存的答案，仅供查看；由企业人力资源负责人填写。",
      );
      await expect(zd.locator(".question input:not([disabled])").count()).resolves.toBe(0);
      await expect(zd.locator(".question input").count()).resolves.toBeGreaterThan(0);
      await screenshot(zd, "health-check-02-instructor-started");

      // Starting a second one while this one is open is refused, naming the enterprise.
      await visit(zd, `/assessments/${assessmentId}`);
      await zd.locator("main p.hint a", { hasText: ENTERPRISE }).click();
      await zd.locator("[data-testid='assessment-list']").waitFor();
      await zd.getByRole("button", { name: "发起体检" }).click();
      await zd.locator(".form-error").waitFor();
      await expect(zd.locator(".form-error").textContent()).resolves.toBe(
        `未发起：${ENTERPRISE}（已有进行中的体检）`,
      );
      await expect(openRows.count()).resolves.toBe(1);
    } else {
      // A run against a database where an earlier check is still open: the app allows one open check
      // per enterprise, so that one is used.
      await openRows.first().locator("a").click();
      await zd.waitForURL((url) => /^\/assessments\/[0-9a-f]{24}\//.test(url.pathname));
      assessmentId = new URL(zd.url()).pathname.split("/")[2];
    }

    // 2. The HR manager fills the questionnaire, one page per dimension.
    const hr = await openPage(browser);
    const page = hr.page;
    await signInAs(page, "hr");
    await page.locator("nav.shell-nav a", { hasText: "本企业" }).click();
    await page.locator("h1", { hasText: ENTERPRISE }).waitFor();
    await page.locator("nav.tabs a", { hasText: "法律体检" }).click();
    const row = page.locator("[data-testid='assessment-list'] tbody tr", {
      has: page.locator(`a[href='/assessments/${assessmentId}']`),
    });
    await expect(row.locator(".badge").textContent()).resolves.toBe("填写中");
    // HR fills in, the union starts checks: no start form for HR.
    await expect(page.getByRole("button", { name: "发起体检" }).count()).resolves.toBe(0);
    await row.locator("a").click();

    const dims = await (async () => {
      await page.waitForURL((url) => url.pathname.startsWith(`/assessments/${assessmentId}/d/`));
      await page.waitForSelector("html[data-hydrated='true']");
      return dimensionsOf(page);
    })();
    expect(dims.map((d) => d.title)).toEqual(
      defaultTemplate.dimensions
        .slice()
        .sort((a, b) => a.order - b.order)
        .map((d) => d.title),
    );
    await expectStatus(page, "填写中");
    await expect(progress(page)).resolves.toMatchObject({ answered: 0 });

    const filler = new Filler(page);
    for (const [i, dim] of dims.entries()) {
      await goToDimension(page, assessmentId, dim);
      // The progress line counts what was saved on the pages before.
      await expect(progress(page)).resolves.toMatchObject({ answered: filler.recorded.size });
      if (i === 0) {
        const onPage = (await readBlocks(page)).length;
        // Each question states its legal basis once (the help text repeating it is not shown again).
        const first = page.locator(".question[data-question]").first();
        await expect(first.locator(".hint", { hasText: "法律依据：" }).count()).resolves.toBe(1);
        await screenshot(page, "health-check-03-hr-first-dimension");
        await filler.fillPage({
          after: Math.ceil(onPage / 2),
          run: async () => {
            // Reload in the middle: what autosave stored comes back, nothing else is filled in.
            const before = [...filler.recorded.keys()];
            await reloadPage(page);
            await goToDimension(page, assessmentId, dim);
            for (const id of before) await filler.expectShown(id);
            const blocks = await readBlocks(page);
            expect(blocks.filter((b) => b.answered).map((b) => b.id)).toEqual(before);
            await expect(progress(page)).resolves.toMatchObject({ answered: before.length });
            await screenshot(page, "health-check-04-hr-after-reload");
          },
        });
      } else {
        await filler.fillPage();
      }
      // The progress line and the dimension's count follow the saved answers without a reload.
      await waitForProgress(page, filler.recorded.size);
      const onPage = (await readBlocks(page)).length;
      const count = page.locator("nav.dimension-nav a", { hasText: dim.title }).locator(".count");
      await expect(count.textContent()).resolves.toBe(`${onPage}/${onPage}`);
      await expect(count.getAttribute("class")).resolves.toContain("done");
      if (i === 1) await screenshot(page, "health-check-05-hr-dimension-filled");
      const nextLink = i < dims.length - 1 ? "下一维度" : "去汇总并提交";
      await page.getByRole("link", { name: nextLink, exact: true }).click();
    }
    // Conditions were evaluated as answers came in (gate questions reveal their follow-up questions).
    expect(filler.revealed.length).toBeGreaterThan(0);

    // 3. Submit from the summary page; afterwards HR can no longer edit.
    await page.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/summary`);
    await page.locator("h2", { hasText: "汇总与提交" }).waitFor();
    await expect(page.locator("[data-testid='missing-list']").count()).resolves.toBe(0);
    await expect(page.locator("main").textContent()).resolves.toContain("所有必答题均已填写。");
    const full = await progress(page);
    expect(full).toEqual({ answered: filler.recorded.size, total: filler.recorded.size });
    await screenshot(page, "health-check-06-hr-summary");
    await page.getByRole("button", { name: "提交审核" }).click();
    // Irreversible: the click only asks; the revealed 确认提交 submits.
    await page.getByRole("button", { name: "确认提交" }).click();
    await expectStatus(page, "待审核");
    await expect(page.locator(".notice").textContent()).resolves.toContain("已提交，等待工会指导员审核");
    await expect(page.getByRole("button", { name: "提交审核" }).count()).resolves.toBe(0);
    await screenshot(page, "health-check-07-hr-submitted");

    const remarked = [...filler.recorded.entries()].find(([, r]) => r.control === "radio")!;
    const [remarkId] = remarked;
    const remarkDim = dims.find((d) => remarkId.startsWith(`${d.id}-`)) ?? dims[0];
    await page.locator("nav.dimension-nav a", { hasText: remarkDim.title }).click();
    await goToDimension(page, assessmentId, remarkDim);
    await filler.expectShown(remarkId);
    await expect(page.locator("[data-testid='read-only-note']").textContent()).resolves.toBe(
      "已提交，等待工会指导员审核。审核期间只能查看，不能修改。",
    );
    await expect(page.locator(".question input:not([disabled])").count()).resolves.toBe(0);
    const locked = await postAnswer(page, assessmentId, remarkId, null);
    expect(locked).toEqual({
      status: 400,
      body: { ok: false, message: "已提交，等待指导员审核，暂不能修改" },
    });

    // 4. The instructor reviews and returns it with a remark on one question.
    await visit(zd, `/assessments/${assessmentId}`);
    await expectStatus(zd, "待审核");
    await zd.locator("nav.dimension-nav a", { hasText: /^审核$/ }).click();
    await zd.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/review`);
    await zd.locator("h2", { hasText: /^审核$/ }).waitFor();
    const reviewRows = zd.locator("form tr[data-question]");
    await expect(reviewRows.count()).resolves.toBe(filler.recorded.size);
    const remarkRow = zd.locator(`tr[data-question='${remarkId}']`);
    const firstLabel = (remarked[1] as { label: string }).label;
    await expect(remarkRow.locator("td").nth(1).textContent()).resolves.toBe(firstLabel);
    // Returned without a single remark: refused beside the buttons, where the instructor is, and focused.
    await zd.getByRole("button", { name: "退回修改" }).click();
    const reviewError = zd.locator("[data-testid='review-error']");
    await expect(reviewError.textContent()).resolves.toBe("退回时请至少填写一条意见");
    await expect(
      zd.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null),
    ).resolves.toBe("review-error");
    const actionsBox = await zd.locator("[data-testid='review-actions']").boundingBox();
    const errorBox = await reviewError.boundingBox();
    expect(errorBox!.y - (actionsBox!.y + actionsBox!.height)).toBeLessThan(40);
    expect(errorBox!.y).toBeGreaterThanOrEqual(actionsBox!.y);
    await expectStatus(zd, "待审核");
    await screenshot(zd, "health-check-08a-instructor-return-refused");
    await zd.getByLabel(`${remarkId} 批注`).fill(REMARK);
    await zd.fill("#note", RETURN_NOTE);
    await screenshot(zd, "health-check-08-instructor-review");
    await zd.getByRole("button", { name: "退回修改" }).click();
    await expectStatus(zd, "已退回修改");
    const returned = zd.locator("[data-testid='review-returned']");
    await expect(returned.locator(".notice").textContent()).resolves.toBe(
      "已退回企业修改，企业重新提交后可再次审核。",
    );
    await expect(returned.locator("li").allTextContents()).resolves.toEqual([`${remarkId}${REMARK}`]);
    await screenshot(zd, "health-check-09-instructor-returned");

    // 5. HR sees the remark beside that question, changes the answer and resubmits.
    await visit(page, `/assessments/${assessmentId}`);
    await expectStatus(page, "已退回修改");
    await expect(page.locator("main").textContent()).resolves.toContain(`指导员退回意见：${RETURN_NOTE}`);
    await expect(
      page.locator("nav.dimension-nav a", { hasText: remarkDim.title }).locator(".badge").textContent(),
    ).resolves.toBe("批注 1");
    await page.locator("nav.dimension-nav a", { hasText: "汇总与提交" }).click();
    await page.locator("h3", { hasText: "指导员批注" }).waitFor();
    await expect(page.locator("main li", { hasText: REMARK }).textContent()).resolves.toContain(remarkId);
    await page.getByRole("link", { name: remarkId, exact: true }).click();
    await goToDimension(page, assessmentId, remarkDim);
    const remark = filler.block(remarkId).locator(`[data-testid='remark-${remarkId}']`);
    await expect(remark.textContent()).resolves.toBe(`指导员批注：${REMARK}`);
    const blocks = await readBlocks(page);
    const target = blocks.find((b) => b.id === remarkId)!;
    const newLabel = target.options.find((o) => o !== firstLabel)!;
    await filler.block(remarkId).getByRole("radio", { name: newLabel, exact: true }).check();
    filler.recorded.set(remarkId, { control: "radio", label: newLabel });
    await filler.waitSaved(remarkId);
    // A change may reveal or hide questions: answer whatever is now visible and unanswered.
    await filler.fillPage();
    await screenshot(page, "health-check-10-hr-fixed-remark");
    await page.locator("nav.dimension-nav a", { hasText: "汇总与提交" }).click();
    await page.locator("h2", { hasText: "汇总与提交" }).waitFor();
    await expect(page.locator("[data-testid='missing-list']").count()).resolves.toBe(0);
    await page.getByRole("button", { name: "提交审核" }).click();
    // Irreversible: the click only asks; the revealed 确认提交 submits.
    await page.getByRole("button", { name: "确认提交" }).click();
    await expectStatus(page, "待审核");
    // Resubmitted: the summary no longer asks to work through the remarks.
    await expect(page.locator("h3", { hasText: "指导员批注" }).count()).resolves.toBe(0);

    // 6. The instructor sees the new answer and accepts; the scores show.
    await visit(zd, `/assessments/${assessmentId}/review`);
    await expect(zd.locator(`[data-testid='answer-${remarkId}']`).textContent()).resolves.toBe(newLabel);
    await expect(zd.locator(`[data-testid='previous-remark-${remarkId}']`).textContent()).resolves.toBe(
      `上次批注：${REMARK}`,
    );
    const everything: EnterpriseProfile = {
      industry: "E",
      headcount: 1_000_000,
      womenShare: 50,
      unionEstablished: true,
      congressEstablished: true,
      usesDispatch: true,
    };
    // The answers that produced findings are marked with their severity, and can be shown alone.
    const marked = findingsByQuestion(
      scoreAssessment(defaultTemplate, filler.answersFor(defaultTemplate), everything).findings,
    );
    expect(marked.size).toBeGreaterThan(0);
    const markedRows = zd.locator("form tr[data-question][data-finding]");
    await expect(
      markedRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-question")).sort()),
    ).resolves.toEqual([...marked.keys()].sort());
    for (const [questionId, list] of marked) {
      await expect(zd.locator(`[data-testid='finding-${questionId}']`).first().textContent()).resolves.toBe(
        `${list[0].label} ${list[0].title}`,
      );
    }
    await zd.getByTestId("only-findings").check();
    await expect(zd.locator("form tr[data-question]:visible").count()).resolves.toBe(marked.size);
    await screenshot(zd, "health-check-11a-instructor-findings-only");
    await zd.getByTestId("only-findings").uncheck();
    await expect(zd.locator("form tr[data-question]:visible").count()).resolves.toBe(filler.recorded.size);
    await screenshot(zd, "health-check-11-instructor-rereview");
    await zd.getByRole("button", { name: "审核通过" }).click();
    await expect(zd.url()).toContain("/review");
    await zd.getByRole("button", { name: "确认通过" }).click();
    await zd.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/scores`);
    await expectStatus(zd, "已通过");

    // Every item the template scores applies to this enterprise only through the questions it was asked
    // (the visible ones, which are exactly those answered), so a profile that shows every question gives
    // the same result as the enterprise's own profile.
    const expected = scoreAssessment(defaultTemplate, filler.answersFor(defaultTemplate), everything);
    expect(expected.overall).not.toBeNull();
    await expect(zd.locator("[data-testid='overall-score']").textContent()).resolves.toBe(
      String(expected.overall),
    );
    await expect(zd.locator("[data-testid='risk-level']").textContent()).resolves.toBe(
      RISK_LEVEL_LABELS[expected.riskLevel],
    );
    await expect(zd.locator("[data-testid='high-findings']").textContent()).resolves.toBe(
      `其中高风险 ${expected.findings.filter((f) => f.severity === "H").length} 项`,
    );
    const rows = await zd
      .locator("[data-testid='dimension-scores'] tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
      );
    expect(rows).toEqual(
      expected.dimensions.map((d) => [
        d.title,
        d.score === null ? "不适用" : String(d.score),
        String(d.findings.length),
      ]),
    );
    await screenshot(zd, "health-check-12-instructor-scores");

    // HR sees the same result; the enterprise's list shows the accepted check with its score.
    await visit(page, `/assessments/${assessmentId}`);
    await page.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/scores`);
    await expect(page.locator("[data-testid='overall-score']").textContent()).resolves.toBe(
      String(expected.overall),
    );
    await screenshot(page, "health-check-13-hr-scores");
    await page.locator("main p.hint a", { hasText: ENTERPRISE }).click();
    await expect(row.locator(".badge").textContent()).resolves.toBe("已通过");
    await expect(row.locator("td").nth(4).textContent()).resolves.toBe(String(expected.overall));

    // The one refused request is the deliberate write attempt after submitting.
    expect(hr.errors).toEqual([REFUSED]);
    expect(instructor.errors).toEqual([]);
  }, 360_000);
});

// ---------------------------------------------------------------------------------------------------

/** Questions with the controls the default template does not use; one evidence question behind a gate. */
const CONTROLS_TEMPLATE = {
  key: `e2e-controls-${Date.now()}`,
  title: "体检控件测试问卷",
  dimensions: [{ id: "EV", title: "制度与证明材料", order: 1 }],
  questions: [
    {
      id: "EV-01",
      dimensionId: "EV",
      text: "已经建立并向职工公示的规章制度有哪些？（可多选）",
      type: "multi",
      required: true,
      options: [
        { value: "attendance", label: "考勤制度" },
        { value: "pay", label: "薪酬制度" },
        { value: "leave", label: "休假制度" },
      ],
    },
    { id: "EV-02", dimensionId: "EV", text: "最近一次职工代表大会的召开日期", type: "date", required: true },
    { id: "EV-03", dimensionId: "EV", text: "企业工会主席姓名", type: "text", required: true },
    {
      id: "EV-04",
      dimensionId: "EV",
      text: "近期职工的主要诉求及处理情况",
      type: "longtext",
      required: false,
    },
    {
      id: "EV-05g",
      dimensionId: "EV",
      text: "是否已制定劳动合同文本范本？",
      type: "yesno",
      required: true,
      weight: 0,
    },
    {
      id: "EV-05",
      dimensionId: "EV",
      text: "请上传劳动合同文本范本（PDF 或图片）",
      type: "evidence",
      required: true,
      visibleWhen: { answer: "EV-05g", op: "eq", value: true },
    },
  ],
  rules: [],
};

describe("the other answer controls, on a template made for this test", () => {
  let assessmentId = "";
  let templateId = "";

  beforeAll(async () => {
    const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
    if (!MONGODB_URI || !E2E_MONGODB_DB)
      throw new Error("需要 `npm test` 提供的 MONGODB_URI 与 E2E_MONGODB_DB");
    await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB });
    const enterprise = await Enterprise.findOne({ name: ENTERPRISE }).orFail().lean();
    const zd = await User.findOne({ accountName: "zhidao" }).orFail().lean();
    ({ templateId, assessmentId } = await openCheckOn(CONTROLS_TEMPLATE, enterprise, zd));
  });

  afterAll(async () => {
    // Leave the enterprise without an open check, as the seed had it.
    await removeCheck({ templateId, assessmentId });
    await disconnectDatabase();
  });

  it("fills check boxes, a date, text and evidence uploads, which survive a reload and lock on submit", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "hr");
    await visit(page, `/assessments/${assessmentId}`);
    await goToDimension(page, assessmentId, { id: "EV", title: "制度与证明材料" });

    const filler = new Filler(page);
    await filler.fillPage();
    expect(filler.revealed).toEqual(["EV-05"]);
    expect([...filler.recorded.values()].map((r) => r.control).sort()).toEqual([
      "checkbox",
      "date",
      "evidence",
      "longtext",
      "radio",
      "text",
    ]);

    // A second file, a refused one, then removing the second again. The upload button speaks Chinese
    // whatever the browser's language, and each file is listed once, as its download link.
    const evidence = filler.block("EV-05");
    await expect(
      evidence.locator("label.button", { has: page.locator("input[type='file']") }).textContent(),
    ).resolves.toBe("选择文件上传");
    const input = evidence.locator("input[type='file']");
    await input.setInputFiles({ name: "签收记录.png", mimeType: "image/png", buffer: PNG });
    await evidence.locator(".evidence-list li", { hasText: "签收记录.png" }).waitFor();
    await filler.waitSaved("EV-05");
    filler.recorded.set("EV-05", { control: "evidence", files: [CONTRACT_PDF.name, "签收记录.png"] });
    await input.setInputFiles({ name: "假合同.pdf", mimeType: "application/pdf", buffer: PNG });
    const refused = evidence.locator(".save-state[data-state='error']");
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toBe(
      "“假合同.pdf”未能上传：文件内容与扩展名 .pdf 不符，请上传真实的 PDF 文件",
    );
    // Any other answer takes files too (附件, optional): the same upload with the same checks in the
    // browser and on the server, saved beside the answer.
    const attach = filler.block("EV-03").locator("[data-attachments='EV-03']");
    const attachInput = attach.locator("input[type='file']");
    await expect(
      attach.locator("label.button", { has: page.locator("input[type='file']") }).textContent(),
    ).resolves.toBe("添加附件");
    await attachInput.setInputFiles({ name: "任职文件.png", mimeType: "image/png", buffer: PNG });
    await attach.locator(".evidence-list li", { hasText: "任职文件.png" }).waitFor();
    await attach.locator(".attach-state[data-state='saved']").waitFor();
    await attachInput.setInputFiles({
      name: "任职文件扫描件.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    await expect(attach.locator(".field-error").textContent()).resolves.toBe(
      "“任职文件扫描件.pdf”超过 10 MB，请压缩后再上传",
    );
    await attachInput.setInputFiles({ name: "假任职文件.pdf", mimeType: "application/pdf", buffer: PNG });
    const attachRefused = attach.locator(".attach-state[data-state='error']");
    await attachRefused.waitFor();
    await expect(attachRefused.textContent()).resolves.toBe(
      "“假任职文件.pdf”未能上传：文件内容与扩展名 .pdf 不符，请上传真实的 PDF 文件",
    );
    // The answer itself is untouched by its attachments.
    await filler.expectShown("EV-03");
    await expect(filler.block("EV-03").locator(".save-state").getAttribute("data-state")).resolves.toBe(
      "saved",
    );
    await screenshot(page, "health-check-20-controls-filled");

    await reloadPage(page);
    for (const id of filler.recorded.keys()) await filler.expectShown(id);
    await expect(attach.locator(".evidence-list a").allTextContents()).resolves.toEqual(["任职文件.png"]);
    // The uploaded PDF downloads unchanged.
    await expect(evidence.locator("a").allTextContents()).resolves.toEqual([
      CONTRACT_PDF.name,
      "签收记录.png",
    ]);
    const href = await evidence
      .locator(".evidence-list a", { hasText: CONTRACT_PDF.name })
      .getAttribute("href");
    const download = await page.context().request.get(`${BASE_URL}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(await download.body(), CONTRACT_PDF.buffer)).toBe(0);

    await evidence
      .locator(".evidence-list li", { hasText: "签收记录.png" })
      .getByRole("button", { name: "移除" })
      .click();
    await filler.waitSaved("EV-05");
    filler.recorded.set("EV-05", { control: "evidence", files: [CONTRACT_PDF.name] });
    await reloadPage(page);
    for (const id of filler.recorded.keys()) await filler.expectShown(id);
    await screenshot(page, "health-check-21-controls-after-reload");

    await page.getByRole("link", { name: "去汇总并提交", exact: true }).click();
    await page.locator("h2", { hasText: "汇总与提交" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("所有必答题均已填写。");
    await page.getByRole("button", { name: "提交审核" }).click();
    // Irreversible: the click only asks; the revealed 确认提交 submits.
    await page.getByRole("button", { name: "确认提交" }).click();
    await expectStatus(page, "待审核");
    await page.locator("nav.dimension-nav a", { hasText: "制度与证明材料" }).click();
    await goToDimension(page, assessmentId, { id: "EV", title: "制度与证明材料" });
    await expect(page.locator(".question input[type='file']").count()).resolves.toBe(0);
    await expect(
      page.locator(".question input:not([disabled]), .question textarea:not([disabled])").count(),
    ).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "移除" }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "查看汇总", exact: true }).count()).resolves.toBe(1);
    for (const id of filler.recorded.keys()) await filler.expectShown(id);
    // Attached files stay listed, without an upload button.
    await expect(attach.locator(".evidence-list a").allTextContents()).resolves.toEqual(["任职文件.png"]);
    await screenshot(page, "health-check-22-controls-submitted");
    // The refused requests are the two uploads of a PNG named .pdf (an evidence answer, an attachment).
    expect(errors).toEqual([REFUSED, REFUSED]);

    // The instructor reviews these answers as text, and the evidence as links to the files.
    const instructor = await openPage(browser);
    await signInAs(instructor.page, "zhidao");
    await visit(instructor.page, `/assessments/${assessmentId}/review`);
    const answerOf = (id: string) => instructor.page.locator(`[data-testid='answer-${id}']`);
    await expect(answerOf("EV-01").textContent()).resolves.toBe("考勤制度、薪酬制度");
    await expect(answerOf("EV-02").textContent()).resolves.toBe("2025-12-18");
    await expect(answerOf("EV-03").textContent()).resolves.toBe("刘海燕");
    // The file attached to that answer beside it, with its size, who uploaded it and when.
    const attached = instructor.page.locator("[data-testid='files-EV-03']");
    await expect(attached.locator("a").allTextContents()).resolves.toEqual(["任职文件.png"]);
    await expect(attached.locator("li .hint").textContent()).resolves.toMatch(
      /^\d+ 字节 · .+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    await expect(instructor.page.locator("[data-testid='files-EV-01']").count()).resolves.toBe(0);
    const file = answerOf("EV-05").locator("a");
    await expect(file.allTextContents()).resolves.toEqual([CONTRACT_PDF.name]);
    const fromReview = await instructor.page
      .context()
      .request.get(`${BASE_URL}${await file.getAttribute("href")}`);
    expect(Buffer.compare(await fromReview.body(), CONTRACT_PDF.buffer)).toBe(0);
    await screenshot(instructor.page, "health-check-23-controls-review");
    expect(instructor.errors).toEqual([]);
  });
});
