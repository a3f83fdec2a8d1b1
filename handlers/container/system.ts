/** The real clock and id source, bound in every runtime except where tests inject their own. */
import { randomUUID } from "node:crypto";
import type { Clock, IdGenerator } from "../../domain/ports";

export const systemClock: Clock = { now: () => Date.now() };
export const randomIds: IdGenerator = { newId: () => randomUUID() };
