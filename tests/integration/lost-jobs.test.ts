/**
 * A job whose record survives in Redis while it sits in no list ("stuck": what a flush leaves when a job
 * still running writes to its record afterwards) is never taken by a worker, and adding it again under its
 * id does nothing. The sweep must treat it as lost: remove it and enqueue the work again.
 */
import { Types } from "mongoose";
import { getQueue, QUEUES } from "../../jobs/queues";
import { enqueueRender, renderJobState } from "../../jobs/enqueue";
import { requeueLostRenders } from "~/services/documents/documents.server";
import { RenderedDocument } from "../../models/rendered-document";

it("a render whose job is stuck in no list is enqueued again by the sweep", async () => {
  const id = new Types.ObjectId();
  // A render not yet done, last touched a minute ago (the sweep leaves younger ones alone).
  const old = new Date(Date.now() - 60_000);
  await RenderedDocument.collection.insertOne({
    _id: id,
    kind: "bargaining_offer",
    status: "queued",
    createdAt: old,
    updatedAt: old,
  });
  await enqueueRender(String(id));
  expect(await renderJobState(String(id))).toBe("waiting");

  // The job leaves its list but keeps its record, as after a flush followed by a late write.
  const queue = getQueue(QUEUES.documents);
  const client = queue.client;
  expect(await client.lrem(queue.toKey("wait"), 0, `render:${String(id)}`)).toBe(1);
  expect(await renderJobState(String(id))).toBe("stuck");
  // Adding it again under its id changes nothing: bull keeps the record it has.
  await enqueueRender(String(id));
  expect(await renderJobState(String(id))).toBe("stuck");

  expect(await requeueLostRenders()).toBe(1);
  expect(await renderJobState(String(id))).toBe("waiting");
  // Once it waits in its list again, the sweep leaves it alone.
  expect(await requeueLostRenders()).toBe(0);
  await (await queue.getJob(`render:${String(id)}`))?.remove();
});
