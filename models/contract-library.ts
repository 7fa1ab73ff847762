import { versionedContentModel } from "./versioned-content";

/**
 * A version of a clause library of collective contracts (app/domain/contracts/library.ts), versioned like
 * questionnaire templates (models/versioned-content.ts): an import makes a draft, publishing freezes it and
 * archives the version published before it, and drafts record the library version they were assembled from.
 */
export const ContractLibraryVersion = versionedContentModel("ContractLibraryVersion", "contract_libraries");
