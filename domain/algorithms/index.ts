/**
 * The TypeScript reference of every batch computation in docs/algorithms.md. Each function returns rows in
 * the order the `QueryEngine` port promises (list key ascending, then rank). Inputs are lake records as the
 * sink stored them; windowing and de-duplication happen inside, exactly as the SQL does them.
 * Event-type weights come from `BatchParams.eventWeights` (a type missing there weighs 0).
 */
export { contentSimilarity, latestCatalog } from "./content";
export { itemBasedScores } from "./item-scores";
export { itemSimilarity } from "./item-similarity";
export { jaccard } from "./jaccard";
export { compareIds } from "./order";
export { popularity, seenItems } from "./popularity";
export { type Interaction, type PreparedInteractions, prepareInteractions } from "./prepare";
export { associationRules } from "./rules";
export { trending } from "./trending";
export { userCandidates } from "./user-cf";
