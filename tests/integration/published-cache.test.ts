/**
 * The published questionnaire (and clause library) is read on every /prescriptions load and every start of
 * a check: each process caches the published versions beside a counter in Redis (models/stamped-cache.ts),
 * moved by every write through the model. Here: a new version published through the service is read at once;
 * a write around the model stays unseen until the counter moves (as another process's write moves it); the
 * version handed out is read-only (shared between requests).
 */
import mongoose from "mongoose";
import { getRedis } from "~/lib/redis.server";
import { ensureDefaultTemplate, latestPublished } from "~/services/health-check/templates.server";
import { QuestionnaireTemplate } from "../../models/questionnaire-template";

it("follows writes through the model and the counter, and hands out a read-only version", async () => {
  await ensureDefaultTemplate();
  const first = (await latestPublished())!;
  expect(first.status).toBe("published");
  // The same object while nothing changed (parsed once).
  expect(await latestPublished()).toBe(first);
  expect(() => {
    (first.template.dimensions as { title: string }[])[0].title = "改过的维度";
  }).toThrow(TypeError);

  // Around the model: unseen here (this process answers from its cache) …
  await QuestionnaireTemplate.collection.updateOne(
    { _id: new mongoose.Types.ObjectId(first.id) },
    { $set: { title: "绕过模型的标题" } },
  );
  expect((await latestPublished())!.title).toBe(first.title);
  // … until the counter moves, as another process's write through the model moves it.
  await getRedis().incr(`published:questionnaire_templates:${mongoose.connection.name}`);
  expect((await latestPublished())!.title).toBe("绕过模型的标题");

  // Around the model again, no counter moved: seen once the cache is over a minute old and read again.
  await QuestionnaireTemplate.collection.updateOne(
    { _id: new mongoose.Types.ObjectId(first.id) },
    { $set: { title: "一分钟后可见的标题" } },
  );
  const realNow = Date.now.bind(Date);
  const later = jest.spyOn(Date, "now").mockImplementation(() => realNow() + 61_000);
  try {
    let seen: string | undefined;
    for (let i = 0; i < 100 && seen !== "一分钟后可见的标题"; i++) {
      seen = (await latestPublished())?.title;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe("一分钟后可见的标题");
  } finally {
    later.mockRestore();
  }

  // A write through the model (archiving it): no published version any more, at once.
  await QuestionnaireTemplate.updateOne({ _id: first.id }, { $set: { status: "archived" } });
  expect(await latestPublished()).toBeNull();
  await QuestionnaireTemplate.updateOne({ _id: first.id }, { $set: { status: "published" } });
  expect((await latestPublished())?.id).toBe(first.id);
});
