/**
 * The bulk loader token, apart from the bindings (like recent-token.ts): bound only where the score store loads
 * result files itself (MySQL's LOAD DATA); the batch asks for it as optional and uses the chunk loader without.
 */
import type { ServiceIdentifier } from "inversify";
import type { BulkShardLoader } from "../../domain/ports";

export const BULK: ServiceIdentifier<BulkShardLoader> = Symbol.for("reco.bulk");

export const OPTIONAL_BULK = { serviceIdentifier: BULK, optional: true } as const;
