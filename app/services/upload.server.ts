import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
} from "@remix-run/node";
import { UserError } from "./http.server";

/** Reads a multipart form with files held in memory, refusing parts over `maxBytes` with a Chinese message. */
export async function readMultipartForm(request: Request, maxBytes: number): Promise<FormData> {
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(unstable_createMemoryUploadHandler({ maxPartSize: maxBytes })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new UserError(`文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请压缩或拆分后再上传`);
    }
    throw error;
  }
}
