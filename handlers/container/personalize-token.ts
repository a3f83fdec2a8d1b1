/**
 * The Personalize service token, apart from the bindings (like bulk-token.ts): bound only in the functions of the
 * Personalize states (`personalize: batch`), which hold its permissions and environment.
 */
import type { ServiceIdentifier } from "inversify";
import type { PersonalizeService } from "../../domain/ports";

export const PERSONALIZE: ServiceIdentifier<PersonalizeService> = Symbol.for("reco.personalize");
