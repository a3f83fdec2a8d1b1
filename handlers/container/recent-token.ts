/**
 * The recent-activity token, apart from the bindings (recent.ts) so the Lambda core imports no native module.
 * The router asks for it as optional: a runtime that binds none serves batch lists only.
 */
import type { ServiceIdentifier } from "inversify";
import type { RecentActivityStore } from "../../domain/ports";

export const RECENT: ServiceIdentifier<RecentActivityStore> = Symbol.for("reco.recent");

export const OPTIONAL_RECENT = { serviceIdentifier: RECENT, optional: true } as const;
