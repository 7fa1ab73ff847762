/**
 * Questionnaire template administration against the real database: import with every error located,
 * draft versions numbered max + 1, publishing freezes and archives, export → import round trip, admins only.
 */
import { UserError } from "~/lib/http.server";
import {
  createDraftFrom,
  ensureDefaultTemplate,
  exportTemplate,
  exportTemplateFile,
  importTemplate,
  latestPublished,
  listTemplates,
  loadTemplateContent,
  loadTemplateVersion,
  publishTemplate,
  templateDetail,
  templatePreview,
  updateDraft,
} from "~/services/health-check/templates.server";
import { loader as listLoader, action as listAction } from "~/routes/templates._index";
import { loader as previewLoader } from "~/routes/templates.$id.preview";
import { loader as exportLoader } from "~/routes/templates.$id.export[.]json";
import { AuditEntry } from "../../models/audit";
import { QuestionnaireTemplate } from "../../models/questionnaire-template";
import {
  BASE_URL,
  formRequest,
  makeOrg,
  makeUser,
  pageRequest,
  randomToken,
  rejectionOf,
  routeArgs,
  signInAs,
  thrownResponse,
  thrownStatus,
  type Browser,
} from "../support/factories";

let admin: Browser;
let instructor: Browser;

beforeAll(async () => {
  await ensureDefaultTemplate();
  admin = await signInAs(await makeUser({ role: "admin" }));
  instructor = await signInAs(await makeUser({ role: "instructor", org: await makeOrg() }));
});

/** A small valid template under a fresh key. */
function small(key = `t-${randomToken()}`) {
  return {
    key,
    title: "小型测试问卷",
    dimensions: [
      { id: "A", title: "劳动合同", order: 1 },
      { id: "B", title: "其他", order: 2 },
    ],
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
        legalBasis: "劳动合同法 第10条",
        citations: [{ statute: "劳动合同法", article: "10" }],
        visibleWhen: { answer: "A-1g", op: "eq", value: true },
      },
      { id: "B-1", dimensionId: "B", text: "备注", type: "longtext", required: false },
    ],
    rules: [
      {
        id: "A-1",
        dimensionId: "A",
        questionIds: ["A-1"],
        when: { answer: "A-1", op: "eq", value: "none" },
        severity: "H",
        title: "未签合同",
        legalBasis: "劳动合同法 第10条",
        citations: [{ statute: "劳动合同法", article: "10" }],
        recommendation: "补签",
        deadlineDays: 30,
        signal: false,
      },
    ],
  };
}

type Small = ReturnType<typeof small>;
const json = (t: unknown) => JSON.stringify(t, null, 2);

/** The UserError an import or save was refused with. */
async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await rejectionOf(promise);
  if (!(error instanceof UserError)) throw error;
  return error;
}

async function publishedDefault() {
  const v = await latestPublished();
  if (!v) throw new Error("默认模板未发布");
  return v;
}

describe("import", () => {
  it("a valid template becomes a draft v1 of its key, audited with a summary (not the JSON)", async () => {
    const t = small();
    const created = await importTemplate(admin.user, json(t));
    expect(created).toMatchObject({ key: t.key, version: 1, status: "draft", title: "小型测试问卷", rev: 0 });
    const stored = await loadTemplateVersion(created.id);
    expect(stored.template).toEqual(t);
    const family = (await listTemplates(admin.user)).find((f) => f.key === t.key);
    expect(family).toMatchObject({ publishedVersion: null, versions: [{ version: 1, status: "draft" }] });
    const entry = await AuditEntry.findOne({ action: "template.import", resourceId: created.id }).lean();
    expect(entry?.after).toEqual({
      key: t.key,
      version: 1,
      status: "draft",
      title: "小型测试问卷",
      dimensions: 2,
      questions: 3,
      rules: 1,
    });
    expect(JSON.stringify(entry)).not.toContain("合同覆盖范围");
  });

  it("the same key again becomes its next version", async () => {
    const t = small();
    await importTemplate(admin.user, json(t));
    const second = await importTemplate(admin.user, json({ ...t, title: "第二版" }));
    expect(second).toMatchObject({ key: t.key, version: 2, status: "draft", title: "第二版" });
  });

  it.each<[string, (t: Small) => string, { message: RegExp; paths?: Record<string, RegExp> }]>([
    [
      "broken JSON (line and column)",
      (t) => json(t).replace('"title": "小型测试问卷",', '"title": "小型测试问卷",,'),
      { message: /^JSON 格式错误：第 3 行第 \d+ 列/ },
    ],
    [
      "a choice question without options",
      (t) => {
        delete (t.questions[1] as { options?: unknown }).options;
        return json(t);
      },
      {
        message: /有 2 处错误/,
        paths: { "questions[1].options": /至少需要两个选项/, "rules[0].when.value": /不是问题“A-1”的选项/ },
      },
    ],
    [
      "a condition referencing a later question",
      (t) => {
        (t.questions[0] as Record<string, unknown>).visibleWhen = { answer: "B-1", op: "answered" };
        return json(t);
      },
      {
        message: /有 \d+ 处错误/,
        paths: { "questions[0].visibleWhen.answer": /只能引用排在本题之前的问题/ },
      },
    ],
    [
      "unknown citations",
      (t) => {
        t.questions[1].citations = [{ statute: "劳动合同法", article: "999" }];
        t.rules[0].citations = [{ statute: "不存在的法", article: "1" }];
        return json(t);
      },
      {
        message: /有 2 处错误/,
        paths: {
          "questions[1].citations[0]": /没有第999条/,
          "rules[0].citations[0]": /未收录法规“不存在的法”/,
        },
      },
    ],
  ])("refuses %s with every error located, storing nothing", async (_name, make, expected) => {
    const t = small();
    const before = await QuestionnaireTemplate.countDocuments();
    const audits = await AuditEntry.countDocuments();
    const error = await refusal(importTemplate(admin.user, make(t)));
    expect(error.message).toMatch(expected.message);
    for (const [path, message] of Object.entries(expected.paths ?? {})) {
      expect(error.fieldErrors[path]?.join("；")).toMatch(message);
    }
    if (expected.paths)
      expect(Object.keys(error.fieldErrors).sort()).toEqual(Object.keys(expected.paths).sort());
    expect(await QuestionnaireTemplate.countDocuments()).toBe(before);
    expect(await QuestionnaireTemplate.countDocuments({ key: t.key })).toBe(0);
    expect(await AuditEntry.countDocuments()).toBe(audits);
  });

  it("through the page: an uploaded file is imported; pasted bad JSON lists the error and stores nothing", async () => {
    const t = small();
    const form = new FormData();
    form.set("_csrf", admin.csrf);
    form.set("intent", "import");
    form.set("file", new File([json(t)], "模板.json", { type: "application/json" }));
    form.set("json", "");
    const ok = await listAction(
      routeArgs(
        new Request(`${BASE_URL}/templates`, {
          method: "POST",
          headers: { Cookie: admin.cookie },
          body: form,
        }),
      ),
    );
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining("草稿 v1") });
    expect(await QuestionnaireTemplate.countDocuments({ key: t.key, status: "draft" })).toBe(1);

    const bad = new FormData();
    bad.set("_csrf", admin.csrf);
    bad.set("intent", "import");
    bad.set("json", '{\n  "key": "x",\n  “title”: "问卷"\n}');
    const failed = await listAction(
      routeArgs(
        new Request(`${BASE_URL}/templates`, {
          method: "POST",
          headers: { Cookie: admin.cookie },
          body: bad,
        }),
      ),
    );
    expect(failed).toMatchObject({
      ok: false,
      intent: "import",
      message: expect.stringContaining("第 3 行第 3 列，请使用英文双引号"),
    });
    expect(await QuestionnaireTemplate.countDocuments({ key: "x" })).toBe(0);
  });
});

describe("draft versions", () => {
  it("a new draft is max version + 1 of its key, also when two admins create one at once", async () => {
    const base = await publishedDefault();
    const first = await createDraftFrom(admin.user, base.id);
    const again = await createDraftFrom(admin.user, base.id);
    expect(again.version).toBe(first.version + 1);
    const [a, b] = await Promise.all([
      createDraftFrom(admin.user, first.id),
      createDraftFrom(admin.user, base.id),
    ]);
    expect([a.version, b.version].sort()).toEqual([again.version + 1, again.version + 2]);
    expect((await loadTemplateVersion(a.id)).template).toEqual(base.template);
    const entry = await AuditEntry.findOne({ action: "template.create_draft", resourceId: first.id }).lean();
    expect(entry?.before).toMatchObject({ key: "default", version: base.version, status: "published" });
    expect(entry?.after).toMatchObject({ key: "default", version: first.version, status: "draft" });
  });

  it("saving a draft validates, checks the rev, and counts edits", async () => {
    const created = await importTemplate(admin.user, json(small()));
    const changed = { ...small(created.key), title: "改过的标题" };
    const saved = await updateDraft(admin.user, created.id, 0, json(changed));
    expect(saved).toMatchObject({ rev: 1, title: "改过的标题", status: "draft" });
    expect((await loadTemplateVersion(created.id)).template.title).toBe("改过的标题");
    // A draft's content is read afresh every time (only frozen versions are kept per process).
    expect((await loadTemplateContent(created.id)).title).toBe("改过的标题");
    await updateDraft(admin.user, created.id, 1, json({ ...changed, title: "再改一次" }));
    expect((await loadTemplateContent(created.id)).template.title).toBe("再改一次");
    await updateDraft(admin.user, created.id, 2, json(changed));

    const stale = await refusal(
      updateDraft(admin.user, created.id, 0, json({ ...changed, title: "过时的" })),
    );
    expect(stale.message).toMatch(/已被他人修改/);

    const broken = small(created.key);
    broken.questions[1].type = "multi";
    const invalid = await refusal(updateDraft(admin.user, created.id, 3, json(broken)));
    expect(Object.keys(invalid.fieldErrors)).toEqual(["rules[0].when.op"]);

    const renamed = await refusal(updateDraft(admin.user, created.id, 3, json(small("other-key"))));
    expect(renamed.fieldErrors.key?.[0]).toMatch(/模板编号不能修改/);

    expect((await loadTemplateVersion(created.id)).template.title).toBe("改过的标题");
    const entry = await AuditEntry.findOne({ action: "template.update", resourceId: created.id }).lean();
    expect(entry?.before).toMatchObject({ title: "小型测试问卷", rev: 0 });
    expect(entry?.after).toMatchObject({ title: "改过的标题", rev: 1 });
  });
});

describe("publishing", () => {
  it("freezes the version: saving it afterwards is refused and changes nothing", async () => {
    const created = await importTemplate(admin.user, json(small()));
    const { published, archived } = await publishTemplate(admin.user, created.id);
    expect(published).toMatchObject({ version: 1, status: "published" });
    expect(published.publishedAt).not.toBeNull();
    expect(archived).toEqual([]);
    const error = await refusal(
      updateDraft(admin.user, created.id, published.rev, json({ ...small(created.key), title: "偷改" })),
    );
    expect(error.message).toMatch(/已发布的版本不能修改/);
    expect((await loadTemplateVersion(created.id)).template.title).toBe("小型测试问卷");
    await expect(refusal(publishTemplate(admin.user, created.id))).resolves.toMatchObject({
      message: expect.stringMatching(/已经发布/),
    });
  });

  it("archives the version published before, and the new one is what assessments get", async () => {
    const v1 = await importTemplate(admin.user, json(small()));
    await publishTemplate(admin.user, v1.id);
    const v2 = await createDraftFrom(admin.user, v1.id);
    await updateDraft(admin.user, v2.id, 0, json({ ...small(v1.key), title: "第二版" }));
    const { published, archived } = await publishTemplate(admin.user, v2.id);
    expect(published).toMatchObject({ version: 2, status: "published" });
    expect(archived).toEqual([1]);
    expect((await loadTemplateVersion(v1.id)).status).toBe("archived");
    expect(await latestPublished(v1.key)).toMatchObject({ id: v2.id, version: 2, title: "第二版" });
    const family = (await listTemplates(admin.user)).find((f) => f.key === v1.key);
    expect(family?.versions.map((v) => [v.version, v.status])).toEqual([
      [2, "published"],
      [1, "archived"],
    ]);
    const entry = await AuditEntry.findOne({ action: "template.publish", resourceId: v2.id }).lean();
    expect(entry?.before).toMatchObject({ version: 2, status: "draft", publishedVersion: 1 });
    expect(entry?.after).toMatchObject({ version: 2, status: "published", archivedVersions: [1] });
    await expect(refusal(updateDraft(admin.user, v1.id, 0, json(small(v1.key))))).resolves.toMatchObject({
      message: expect.stringMatching(/已归档/),
    });
  });

  it("two admins publishing drafts of one key at once: one wins, exactly one version is published", async () => {
    const v1 = await importTemplate(admin.user, json(small()));
    const v2 = await createDraftFrom(admin.user, v1.id);
    const results = await Promise.allSettled([
      publishTemplate(admin.user, v1.id),
      publishTemplate(admin.user, v2.id),
      publishTemplate(admin.user, v2.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await QuestionnaireTemplate.countDocuments({ key: v1.key, status: "published" })).toBe(1);
  });
});

describe("export", () => {
  it("is pretty UTF-8 JSON of the template with key and version, and imports back equal", async () => {
    const base = await publishedDefault();
    const text = await exportTemplate(base.id);
    expect(
      text.startsWith('{\n  "key": "default",\n  "version": 1,\n  "title": "劳动关系法律体检问卷"'),
    ).toBe(true);
    const reimported = await importTemplate(admin.user, text);
    expect(reimported).toMatchObject({ key: "default", status: "draft" });
    expect((await loadTemplateVersion(reimported.id)).template).toEqual(base.template);
    const again = JSON.parse(await exportTemplate(reimported.id)) as Record<string, unknown>;
    expect(again).toEqual({ ...(JSON.parse(text) as object), version: reimported.version });
  });

  it("downloads as a file named after key and version", async () => {
    const base = await publishedDefault();
    const response = await exportLoader(
      routeArgs(pageRequest(admin, `/templates/${base.id}/export.json`), { id: base.id }),
    );
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain(
      encodeURIComponent("问卷模板-default-v1.json"),
    );
    expect(JSON.parse(await response.text())).toMatchObject({ key: "default", version: 1 });
  });
});

describe("preview", () => {
  it("sends the questions and only the cited articles, not the statute library", async () => {
    const base = await publishedDefault();
    const data = await previewLoader(
      routeArgs(pageRequest(admin, `/templates/${base.id}/preview`), { id: base.id }),
    );
    expect(data.template.questions).toHaveLength(base.template.questions.length);
    expect(data.template.rules).toEqual([]);
    expect(data.statutes["劳动合同法"].articles["10"]).toContain("建立劳动关系，应当订立书面劳动合同");
    expect(data.statutes["劳动合同法"].articles["1"]).toBeUndefined();
    expect(data.statutes["劳动合同法"].versionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(data.statutes).length).toBeLessThan(80_000);
  });
});

describe("only platform admins", () => {
  it("services refuse an instructor with 403 and store nothing", async () => {
    const base = await publishedDefault();
    const before = await QuestionnaireTemplate.countDocuments();
    const user = instructor.user;
    for (const call of [
      () => listTemplates(user),
      () => templateDetail(user, base.id),
      () => templatePreview(user, base.id),
      () => exportTemplateFile(user, base.id),
      () => createDraftFrom(user, base.id),
      () => importTemplate(user, json(small())),
      () => updateDraft(user, base.id, 0, json(small("default"))),
      () => publishTemplate(user, base.id),
    ]) {
      await expect(thrownResponse(call())).resolves.toEqual({
        status: 403,
        message: "只有平台管理员可以管理问卷模板",
      });
    }
    expect(await QuestionnaireTemplate.countDocuments()).toBe(before);
  });

  it("pages answer 403 to an instructor and list the versions for an admin", async () => {
    const base = await publishedDefault();
    expect(await thrownStatus(listLoader(routeArgs(pageRequest(instructor, "/templates"))))).toBe(403);
    expect(
      await thrownStatus(
        previewLoader(routeArgs(pageRequest(instructor, `/templates/${base.id}/preview`), { id: base.id })),
      ),
    ).toBe(403);
    expect(
      await thrownStatus(
        listAction(routeArgs(formRequest(instructor, "/templates", { intent: "create-draft", id: base.id }))),
      ),
    ).toBe(403);
    const { families } = await listLoader(routeArgs(pageRequest(admin, "/templates")));
    expect(families[0]).toMatchObject({ key: "default", publishedVersion: 1 });
  });

  it("a form without the CSRF token is refused", async () => {
    const base = await publishedDefault();
    const status = await thrownStatus(
      listAction(routeArgs(formRequest(admin, "/templates", { intent: "create-draft", id: base.id }, null))),
    );
    expect(status).toBe(403);
  });
});
