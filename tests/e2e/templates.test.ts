import type { Browser } from "playwright-core";
import { launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("questionnaire templates (admin)", () => {
  it("lists the default template and previews it as the HR manager will see it", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "admin");
    await page.locator("nav.shell-nav a", { hasText: "问卷模板" }).click();
    await page.waitForSelector("[data-template-key='default']");
    expect(new URL(page.url()).pathname).toBe("/templates");
    await expect(page.locator("h1").textContent()).resolves.toBe("问卷模板");
    const row = page.locator("[data-template-key='default'] tr[data-version='1']");
    await expect(row.locator("[data-status]").first().textContent()).resolves.toBe("已发布");
    await screenshot(page, "templates-list");

    await row.getByRole("link", { name: "预览" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/preview"));
    await page.waitForSelector("[data-question='LC-01']");
    await expect(page.locator("h1").textContent()).resolves.toContain("劳动关系法律体检问卷");
    expect(await page.locator(".qp-step").count()).toBe(14);

    // The legal basis of LC-01 opens in place with the article's full text; the article is named by the
    // statute's full title and a Chinese numeral (issue 12).
    const citation = page.locator(
      "[data-question='LC-01'] details[data-citation='《中华人民共和国劳动合同法》第十条']",
    );
    await expect(citation.locator(".qp-article").isVisible()).resolves.toBe(false);
    await citation.locator("summary").click();
    await expect(citation.locator(".qp-article").textContent()).resolves.toContain(
      "建立劳动关系，应当订立书面劳动合同",
    );
    await expect(citation.locator(".qp-article-title").textContent()).resolves.toBe(
      "《中华人民共和国劳动合同法》第十条",
    );
    await expect(citation.locator(".qp-article-version").textContent()).resolves.toMatch(
      /版本日期：\d{4}-\d{2}-\d{2}/,
    );
    await screenshot(page, "template-preview-citation");

    await page.locator(".qp-step", { hasText: "裁员与重大调整" }).click();
    await page.waitForSelector("section[data-dimension='RS']");

    // RS-02 is asked only after 是 on RS-01: the condition is evaluated live.
    await expect(page.locator("[data-question='RS-02']").count()).resolves.toBe(0);
    await page.locator("[data-question='RS-01'] label", { hasText: "是" }).click();
    await page.waitForSelector("[data-question='RS-02']");
    await expect(page.locator("[data-question='RS-02'] legend").textContent()).resolves.toContain(
      "裁减人员时",
    );
    // A statute whose text is not shipped says so, without a control that opens nothing (issue 12).
    await page.locator("[data-question='RS-04g'] label", { hasText: "是" }).click();
    const rs04 = page.locator("[data-question='RS-04']");
    await expect(rs04.locator("details[data-citation='《企业民主管理规定》']").count()).resolves.toBe(0);
    await expect(
      rs04.locator("[data-citation='《企业民主管理规定》'].qp-article-missing").textContent(),
    ).resolves.toContain("全文未收录");
    await expect(page.locator(".qp-section-progress").textContent()).resolves.toContain(
      "本部分已答 2 / 6 题",
    );
    await page.locator("[data-question='RS-01'] label", { hasText: "否" }).click();
    await expect(page.locator("[data-question='RS-02']").count()).resolves.toBe(0);
    await page.locator("[data-question='RS-01'] label", { hasText: "是" }).click();
    await page.locator("[data-question='RS-02'] details summary").first().click();
    await screenshot(page, "template-preview-gated");

    // Admins may list the hidden questions too, each with its condition in words.
    await page.locator("[data-question='RS-01'] label", { hasText: "否" }).click();
    await page.locator("label", { hasText: "同时列出当前不显示的题目" }).click();
    await expect(
      page.locator(".qp-hidden [data-question='RS-02'] .qp-condition").textContent(),
    ).resolves.toBe("当前不显示，显示条件：“RS-01”为“是”");
    await screenshot(page, "template-preview-hidden-listed");

    // The sample profile drives profile conditions: the dispatch section applies once dispatch is used.
    const dispatch = page.locator(".qp-step", { hasText: "劳务派遣" });
    await expect(dispatch.textContent()).resolves.toContain("不适用");
    await page.locator("[data-testid='sample-profile'] label", { hasText: "使用劳务派遣" }).click();
    await expect(dispatch.textContent()).resolves.not.toContain("不适用");
    expect(errors).toEqual([]);
  });

  it("imports pasted JSON (errors listed by path first), edits the draft and publishes it", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "admin");
    await visit(page, "/templates");
    const template = {
      key: `e2e-${Date.now()}`,
      title: "浏览器测试问卷",
      dimensions: [{ id: "A", title: "劳动合同", order: 1 }],
      questions: [
        { id: "A-1g", dimensionId: "A", text: "是否适用？", type: "yesno", required: true, weight: 0 },
        {
          id: "A-1",
          dimensionId: "A",
          text: "合同覆盖范围？",
          type: "single",
          required: true,
          options: [
            { value: "all", label: "全部" },
            { value: "none", label: "否" },
          ],
          visibleWhen: { answer: "A-1g", op: "eq", value: true },
        },
      ],
      rules: [],
    };
    const broken = {
      ...template,
      questions: [template.questions[0], { ...template.questions[1], options: [] }],
    };
    await page.fill("#import-json", JSON.stringify(broken, null, 2));
    await page.getByRole("button", { name: "检查并导入" }).click();
    const error = page.locator(".template-errors li[data-path='questions[1].options']");
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain("至少需要两个选项");
    await screenshot(page, "template-import-errors");

    await page.fill("#import-json", JSON.stringify(template, null, 2));
    await page.getByRole("button", { name: "检查并导入" }).click();
    await page.locator(".notice", { hasText: "草稿 v1" }).waitFor();
    await expect(
      page.locator(`[data-template-key='${template.key}'] tr[data-version='1'] [data-status]`).textContent(),
    ).resolves.toBe("草稿");
    await screenshot(page, "templates-list-draft");
    await page.getByRole("link", { name: "查看草稿" }).click();
    await page.locator("textarea[aria-label='模板 JSON']").waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("浏览器测试问卷 v1 草稿");

    await page.fill(
      "textarea[aria-label='模板 JSON']",
      JSON.stringify({ ...template, title: "浏览器测试问卷（修订）" }),
    );
    await expect(page.locator("textarea[aria-label='模板 JSON']").inputValue()).resolves.toContain(
      "浏览器测试问卷（修订）",
    );
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.locator(".notice", { hasText: "草稿已保存（第 1 次修改）" }).waitFor();
    // The heading follows the saved draft once the page's data is reloaded after the save.
    await page.locator("h1", { hasText: "浏览器测试问卷（修订） v1" }).waitFor({ timeout: 10_000 });

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "发布" }).click();
    await page.locator(".notice", { hasText: "已发布 v1" }).waitFor();
    await page.locator("h1 [data-status='published']").waitFor({ timeout: 5_000 });
    await expect(page.locator("textarea[readonly]").count()).resolves.toBe(1);
    await screenshot(page, "template-published");
    expect(errors).toEqual([]);
  });

  it("an instructor opening /templates gets the Chinese 403 page", async () => {
    const { page } = await openPage(browser);
    await signInAs(page, "zhidao");
    const response = await visit(page, "/templates");
    expect(response?.status()).toBe(403);
    await expect(page.locator(".error-page h1").textContent()).resolves.toBe("无权访问");
  });
});
