/**
 * Per-user and global lists: user-based CF (§5), per-user item-based scores in both forms (§6),
 * popularity (§7) and seen items (§8).
 */
import type { BatchParams } from "../../domain/ports";
import type { SqlContext } from "./context";
import { itemListCtes } from "./item-queries";
import { divide, sqlDouble, sqlInteger } from "./literals";
import { decayExpression, interactionCtes, namedSelect } from "./prepare";
import { type Cte, cte, symmetricPairCtes, topOverall, topPerKey, withCtes } from "./query";

const USER_SELECT = namedSelect(
  "user_lists",
  [{ name: "user_id", keys: "user_keys" }, { name: "item_id", keys: "item_keys" }, "score", "rnk"],
  "user_id, rnk",
);

/** Candidates the user has not interacted with at all (uncapped), as `unseen_candidates`. */
function unseenCte(candidates: string): Cte {
  return cte(
    "unseen_candidates",
    [
      "SELECT c.user_id, c.item_id, c.score",
      `FROM ${candidates} c`,
      "LEFT JOIN interactions seen ON seen.user_id = c.user_id AND seen.item_id = c.item_id",
      "WHERE seen.item_id IS NULL",
    ].join("\n"),
  );
}

/**
 * `recent_users` (§5): per item, the `limit` users with the latest interaction, the only ones it counts for in
 * user overlaps. The user-pair self-join costs the sum over items of (users per item)^2: 188M row pairs on the
 * 1M-event benchmark lake without this bound (a popular item has 3,230 users), 22M with the default 100.
 */
function recentUsersCte(limit: number): Cte {
  return cte(
    "recent_users",
    [
      "SELECT user_id, item_id FROM (",
      "  SELECT c.user_id, c.item_id,",
      "    ROW_NUMBER() OVER (PARTITION BY c.item_id ORDER BY c.last_at DESC, c.user_id) AS item_recency",
      "  FROM capped c",
      ") ranked",
      `WHERE item_recency <= ${sqlInteger(limit)}`,
    ].join("\n"),
  );
}

export function userCandidatesSql(params: BatchParams, context: SqlContext): string {
  const { neighbours, minCommonItems, topN, maxUsersPerItem } = params.config.userCf;
  const ctes = [
    ...interactionCtes(params, context),
    cte("user_sizes", "SELECT user_id, count(*) AS n FROM capped GROUP BY user_id"),
    recentUsersCte(maxUsersPerItem),
    ...symmetricPairCtes("user_pairs", "recent_users", "user_id", "item_id", sqlInteger(minCommonItems)),
    cte(
      "user_similarity",
      [
        `SELECT p.member AS user_id, p.other AS other_id, ${divide("p.overlap", "su.n + so.n - p.overlap")} AS sim`,
        "FROM user_pairs p JOIN user_sizes su ON su.user_id = p.member JOIN user_sizes so ON so.user_id = p.other",
      ].join("\n"),
    ),
    cte("neighbours", topPerKey("user_similarity", "user_id", "sim DESC, other_id", sqlInteger(neighbours))),
    cte(
      "cf_candidates",
      [
        "SELECT n.user_id, h.item_id, sum(n.sim) AS score",
        "FROM neighbours n JOIN capped h ON h.user_id = n.other_id",
        "GROUP BY n.user_id, h.item_id",
      ].join("\n"),
    ),
    unseenCte("cf_candidates"),
    cte("user_lists", topPerKey("unseen_candidates", "user_id", "score DESC, item_id", sqlInteger(topN))),
  ];
  return withCtes(ctes, USER_SELECT);
}

/**
 * §6: only the join key differs between the forms. `candidate-neighbors` sums over the candidate's own list
 * (the list's neighbour is the history item); `history-lists` over each history item's list.
 */
export function itemBasedScoresSql(params: BatchParams, context: SqlContext): string {
  const { form, topN } = params.config.itemScores;
  const [historyKey, candidateKey] =
    form === "candidate-neighbors" ? ["l.neighbor_id", "l.item_id"] : ["l.item_id", "l.neighbor_id"];
  const ctes = [
    ...interactionCtes(params, context),
    ...itemListCtes(params),
    cte(
      "knn_candidates",
      [
        `SELECT h.user_id, ${candidateKey} AS item_id, sum(h.affinity * l.score) AS score`,
        `FROM capped h JOIN item_lists l ON ${historyKey} = h.item_id`,
        `GROUP BY h.user_id, ${candidateKey}`,
      ].join("\n"),
    ),
    unseenCte("knn_candidates"),
    cte(
      "user_lists",
      topPerKey(
        `(SELECT * FROM unseen_candidates WHERE score > ${sqlDouble(0)})`,
        "user_id",
        "score DESC, item_id",
        sqlInteger(topN),
      ),
    ),
  ];
  return withCtes(ctes, USER_SELECT);
}

export function popularitySql(params: BatchParams, context: SqlContext): string {
  const { halfLifeDays, size } = params.config.popularity;
  const decay = decayExpression(params.asOf, halfLifeDays, "last_at");
  const score = decay === null ? "CAST(count(*) AS DOUBLE)" : `sum(${decay})`;
  const ctes = [
    ...interactionCtes(params, context),
    cte("item_popularity", `SELECT item_id, count(*) AS users, ${score} AS score FROM interactions GROUP BY item_id`),
    cte("popular", topOverall("item_popularity", "score DESC, item_id", sqlInteger(size))),
  ];
  return withCtes(
    ctes,
    namedSelect("popular", [{ name: "item_id", keys: "item_keys" }, "score", "users", "rnk"], "rnk"),
  );
}

export function seenItemsSql(params: BatchParams, context: SqlContext): string {
  const ctes = [
    ...interactionCtes(params, context),
    cte(
      "user_lists",
      topPerKey(
        "(SELECT user_id, item_id, CAST(last_at AS DOUBLE) AS score FROM interactions)",
        "user_id",
        "score DESC, item_id",
        sqlInteger(params.config.seenCap),
      ),
    ),
  ];
  return withCtes(ctes, USER_SELECT);
}
