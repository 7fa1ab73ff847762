/**
 * Registers every model, so that syncIndexes() (the deploy step in scripts/seed.ts, and the tests) creates
 * every index, including the unique ones that idempotency relies on. Add new model files here.
 */
import "./assessment";
import "./audit";
import "./audit-log";
import "./bargaining-campaign";
import "./bargaining-case";
import "./bargaining-parts";
import "./bargaining-summary";
import "./contract-drafts";
import "./contract-library";
import "./congress";
import "./cultivation-plan";
import "./cultivation-rollup";
import "./cultivation-survey";
import "./cultivation-training";
import "./dashboard";
import "./enterprise";
import "./enterprise-figures";
import "./enterprise-items";
import "./file-blob";
import "./import-batch";
import "./notification";
import "./notification-inbox";
import "./prescription";
import "./questionnaire-template";
import "./rendered-document";
import "./report";
import "./report-batch";
import "./sequence";
import "./session";
import "./system-probe";
import "./union-org";
import "./user";
import "./work-inbox";
import "./write-claim";
