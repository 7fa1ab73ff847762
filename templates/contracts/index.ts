/**
 * The clause libraries shipped with the product. An admin exports one (exportLibrary), edits it and imports
 * it back (importLibrary validates it against templates/statutes); the service publishes it as the next
 * version. Drafts record the library key and version they were assembled from.
 */
export { DEFAULT_CONTRACT_LIBRARY } from "./default";
