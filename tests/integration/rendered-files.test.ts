/**
 * Where rendered Word files and their snapshots are kept: in file_blobs, read and written by _id only, so
 * that queries on rendered_documents never decode file bytes (FerretDB scans whole documents for any
 * filter other than _id). Checks that a version still exists once with one snapshot and one file however
 * often and however concurrently it is asked for, and that documents stored inline before the split still
 * download and render.
 */
import crypto from "node:crypto";
import JSZip from "jszip";
import { Types } from "mongoose";
import {
  buildFile,
  downloadDocument,
  renderDocument,
  renderInputOf,
  requestRender,
  type RenderRequest,
} from "../../app/services/documents/documents.server";
import { FileBlob, getBlob } from "../../models/file-blob";
import { RenderedDocument, renderIdFor, renderOfVersion, rendersOf } from "../../models/rendered-document";
import { samplePrescription } from "../../templates/docx/sample-data";
import { makeEnterprise, makeOrg, makeUser, signInAs } from "../support/factories";

let request: Extract<RenderRequest, { kind: "prescription" }>;
let instructor: Awaited<ReturnType<typeof signInAs>>;

async function documentText(bytes: Uint8Array | Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  return (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
}

beforeAll(async () => {
  const org = await makeOrg();
  const enterprise = await makeEnterprise(org, { name: "宁波海曙织造有限公司" });
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
  request = {
    kind: "prescription",
    sourceId: new Types.ObjectId(),
    version: 1,
    enterpriseId: enterprise._id,
    unionOrgId: enterprise.unionOrgId,
    fileName: "法律处方.docx",
    requestedBy: instructor.user.id,
    input: { ...samplePrescription, enterpriseName: "宁波海曙织造有限公司" },
  };
});

it("keeps the snapshot and the file in file_blobs, not in the document", async () => {
  const view = await requestRender(request);
  const stored = await RenderedDocument.collection.findOne({ _id: new Types.ObjectId(view.id) });
  expect(stored).not.toBeNull();
  expect(stored!.input).toBeUndefined();
  expect(stored!.data).toBeUndefined();
  expect(JSON.parse(await renderInputOf(stored as never)).enterpriseName).toBe("宁波海曙织造有限公司");

  await renderDocument(view.id);
  const after = await RenderedDocument.collection.findOne({ _id: new Types.ObjectId(view.id) });
  expect(after!.status).toBe("done");
  expect(after!.data).toBeUndefined();
  const file = await getBlob(new Types.ObjectId(view.id));
  expect(file!.byteLength).toBe(after!.size);
  expect(crypto.createHash("sha256").update(file!).digest("hex")).toBe(after!.sha256);

  const download = await downloadDocument(instructor.user, view.id);
  expect(Buffer.from(download.bytes).equals(file!)).toBe(true);
  expect(await documentText(download.bytes)).toContain("宁波海曙织造有限公司");
});

it("asked for ten times at once: one document, one snapshot, one file", async () => {
  const same = { ...request, sourceId: new Types.ObjectId() };
  const blobsBefore = await FileBlob.countDocuments();
  const views = await Promise.all(Array.from({ length: 10 }, () => requestRender(same)));
  expect(new Set(views.map((v) => v.id)).size).toBe(1);
  expect(views[0].id).toBe(String(renderIdFor("prescription", same.sourceId, 1)));
  expect(await RenderedDocument.countDocuments({ sourceId: same.sourceId })).toBe(1);
  expect(await FileBlob.countDocuments()).toBe(blobsBefore + 1);

  // Rendered twice (a retried job) and asked for again: still one file.
  await Promise.all([renderDocument(views[0].id), renderDocument(views[0].id)]);
  await renderDocument(views[0].id);
  expect((await requestRender(same)).status).toBe("done");
  expect(await FileBlob.countDocuments()).toBe(blobsBefore + 2);
});

it("still downloads and renders documents stored inline before file_blobs existed", async () => {
  const input = JSON.stringify({ ...samplePrescription, enterpriseName: "旧版内联企业" });
  const base = {
    kind: "prescription",
    version: 1,
    enterpriseId: request.enterpriseId,
    unionOrgId: request.unionOrgId,
    fileName: "旧.docx",
    attempts: 0,
    requestedBy: new Types.ObjectId(instructor.user.id),
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  // One legacy document rendered with its bytes inline, one still queued with only its inline snapshot.
  const rendered = new Types.ObjectId();
  const legacyBytes = await buildFile("prescription", input);
  await RenderedDocument.collection.insertOne({
    ...base,
    _id: rendered,
    sourceId: new Types.ObjectId(),
    status: "done",
    progress: 100,
    input,
    data: legacyBytes,
    size: legacyBytes.byteLength,
  });
  const queued = new Types.ObjectId();
  const queuedSource = new Types.ObjectId();
  await RenderedDocument.collection.insertOne({
    ...base,
    _id: queued,
    sourceId: queuedSource,
    status: "queued",
    progress: 0,
    input,
  });

  const download = await downloadDocument(instructor.user, String(rendered));
  expect(Buffer.from(download.bytes).equals(legacyBytes)).toBe(true);

  // Asked for again, the old document (random id) is found, not made a second time under the derived id.
  const again = await requestRender({ ...request, sourceId: queuedSource });
  expect(again.id).toBe(String(queued));
  expect(await RenderedDocument.countDocuments({ sourceId: queuedSource })).toBe(1);

  await renderDocument(String(queued));
  const done = await downloadDocument(instructor.user, String(queued));
  expect(await documentText(done.bytes)).toContain("旧版内联企业");
});

it("refuses a download before the file exists, in Chinese", async () => {
  const pending = await requestRender({ ...request, sourceId: new Types.ObjectId() });
  await expect(downloadDocument(instructor.user, pending.id)).rejects.toMatchObject({ status: 404 });
  await expect(downloadDocument(instructor.user, "不是编号")).rejects.toMatchObject({ status: 404 });
});

it("a version's document is read by key until it is done, then kept by the process (done never changes)", async () => {
  const same = { ...request, sourceId: new Types.ObjectId() };
  const view = await requestRender(same);
  const reads = jest.spyOn(RenderedDocument, "findById");
  try {
    expect((await renderOfVersion("prescription", same.sourceId, 1))?.status).toBe("queued");
    expect((await renderOfVersion("prescription", same.sourceId, 1))?.status).toBe("queued");
    expect(reads).toHaveBeenCalledTimes(2);
    await renderDocument(view.id);
    reads.mockClear();
    expect((await renderOfVersion("prescription", same.sourceId, 1))?.status).toBe("done");
    expect(await renderOfVersion("prescription", same.sourceId, 1)).toMatchObject({
      status: "done",
      version: 1,
    });
    expect((await rendersOf("prescription", same.sourceId, 1)).map((d) => d.status)).toEqual(["done"]);
    expect(reads).toHaveBeenCalledTimes(1);
  } finally {
    reads.mockRestore();
  }
});
