import { versionedContentModel } from "./versioned-content";

/**
 * A questionnaire template version (models/versioned-content.ts). Publishing freezes it; editing makes a
 * new draft version; an assessment keeps the version it started on. The template itself (dimensions,
 * questions, conditions, rules — see app/domain/health-check/types.ts) is the JSON content: its conditions
 * nest arrays, which FerretDB 1.x cannot store.
 */
export const QuestionnaireTemplate = versionedContentModel(
  "QuestionnaireTemplate",
  "questionnaire_templates",
);
