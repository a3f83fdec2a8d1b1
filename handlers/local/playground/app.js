// The playground: plain DOM code over the public HTTP API. Every value from the server is set with
// textContent, never as HTML.
const $ = (selector) => document.querySelector(selector);
const COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#edc948"];
const colourOf = new Map();
const colour = (source) => {
  if (!colourOf.has(source)) colourOf.set(source, COLOURS[colourOf.size % COLOURS.length]);
  return colourOf.get(source);
};
const ALGORITHMS = ["hybrid", "jaccard", "content", "rules"];
const ALGORITHM_TITLES = {
  hybrid: "Hybrid blend",
  jaccard: "Also liked (Jaccard)",
  content: "Similar tags (content)",
  rules: "Bought together (rules)",
};
let lastShown = { userId: "", items: [] };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function setStatus(target, text, isError = false) {
  target.textContent = text;
  target.classList.toggle("error", isError);
}

async function api(path, init = {}) {
  const key = sessionStorage.getItem("apiKey");
  const headers = {
    ...(init.body ? { "content-type": "application/json" } : {}),
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  };
  const response = await fetch(path, { ...init, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    throw new Error(`${error.code}: ${error.message}`);
  }
  return body;
}

const fmt = (x, digits = 3) => (typeof x === "number" ? x.toFixed(digits) : "");

function describeDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function showBatch(latest, running) {
  const target = $("#batch-summary");
  if (running) return setStatus(target, "A batch run is in progress…");
  if (!latest) return setStatus(target, "No batch run since this server started. Run one to build the lists.");
  const when = new Date(latest.finishedAt).toLocaleString();
  if (latest.error)
    return setStatus(target, `Failed at ${when}: ${latest.error} The previous model keeps serving.`, true);
  const r = latest.report;
  const outcome =
    r.outcome === "activated"
      ? "activated"
      : r.outcome === "empty"
        ? "not activated: no events in the window"
        : "already active";
  setStatus(
    target,
    `Finished ${when}, took ${describeDuration(r.milliseconds)}, ${r.lists} lists, model ${r.version} (${outcome}).`,
  );
}

function addSuggestions(datalist, ids) {
  const known = new Set([...datalist.options].map((o) => o.value));
  for (const id of ids) if (id && !known.has(id)) datalist.append(el("option", { value: id }));
}

function contributionBar(contributions, total) {
  const bar = el("div", { className: "bar" });
  const entries = Object.entries(contributions ?? {});
  const parts = [];
  for (const [source, value] of entries) {
    const span = el("span");
    span.style.width = `${total > 0 ? (100 * value) / total : 0}%`;
    span.style.background = colour(source);
    span.title = `${source}: ${fmt(value)}`;
    bar.append(span);
    parts.push(`${source} ${fmt(value)}`);
  }
  const text = el("span", { className: "visually-hidden", textContent: parts.join(", ") || "popularity fill" });
  return el("div", {}, bar, el("small", { textContent: parts.join(" · ") || "popularity fill" }), text);
}

/** The catalog title and tags the serving version holds for an item (`include=catalog`), or nothing. */
function catalogOf(item) {
  const catalog = item.catalog;
  if (!catalog) return [];
  const parts = [];
  if (catalog.title) parts.push(el("span", { className: "item-title", textContent: catalog.title }));
  if (catalog.tags?.length) parts.push(el("span", { className: "item-tags", textContent: catalog.tags.join(" · ") }));
  return parts;
}

function reasonOf(item) {
  if (item.reason?.text) return item.reason.text;
  if (item.fill) return "Popular right now";
  const top = Object.entries(item.contributions ?? {}).sort((a, b) => b[1] - a[1])[0];
  return top ? `Mostly from ${top[0]}` : "";
}

async function recommend(event) {
  event?.preventDefault();
  const userId = $("#user-id").value.trim();
  const n = $("#user-n").value || "10";
  const status = $("#recs-status");
  setStatus(status, `Loading recommendations for ${userId}…`);
  try {
    const query = `n=${encodeURIComponent(n)}&include=catalog`;
    const body = await api(`/v1/users/${encodeURIComponent(userId)}/recommendations?${query}`);
    renderRecommendations(userId, body);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

function renderRecommendations(userId, body) {
  const previous = lastShown.userId === userId ? new Set(lastShown.items) : undefined;
  const items = body.items ?? [];
  const tbody = $("#recs-table tbody");
  tbody.replaceChildren();
  // Bars share one scale (the best item's score), so their lengths show the ranking too.
  const maxScore = Math.max(0, ...items.map((item) => item.score));
  items.forEach((item, i) => {
    const name = el("td", { textContent: item.itemId });
    if (previous && !previous.has(item.itemId)) name.append(el("span", { className: "badge new", textContent: "new" }));
    if (item.fill) name.append(el("span", { className: "badge", textContent: "popular" }));
    name.append(...catalogOf(item));
    const like = el("button", { type: "button", className: "small", textContent: "like" });
    like.setAttribute("aria-label", `like ${item.itemId}`);
    like.addEventListener("click", () => sendEvent(userId, item.itemId, "like"));
    const show = el("button", { type: "button", className: "small", textContent: "similar" });
    show.setAttribute("aria-label", `items similar to ${item.itemId}`);
    show.addEventListener("click", () => similar(undefined, item.itemId));
    tbody.append(
      el(
        "tr",
        {},
        el("td", { className: "num", textContent: String(i + 1) }),
        name,
        el("td", { className: "num", textContent: fmt(item.score) }),
        el("td", {}, contributionBar(item.contributions, maxScore)),
        el("td", { textContent: reasonOf(item) }),
        el("td", {}, like, " ", show),
      ),
    );
  });
  $("#recs-table").hidden = items.length === 0;
  const legend = $("#legend");
  legend.replaceChildren(
    ...[...colourOf].map(([source, c]) => {
      const swatch = el("span", { className: "swatch" });
      swatch.style.background = c;
      return el("span", {}, swatch, source);
    }),
  );
  const flags = [
    body.coldStart ? `new user: ${body.coldStart} items` : "",
    body.degraded ? "degraded: a store failed, fallback lists shown" : "",
  ].filter(Boolean);
  const removed = previous ? [...previous].filter((id) => !items.some((item) => item.itemId === id)) : [];
  setStatus(
    $("#recs-status"),
    [
      `${items.length} items for ${userId} from model ${body.version ?? "(none yet)"}.`,
      ...flags,
      removed.length ? `No longer shown: ${removed.join(", ")}.` : "",
    ]
      .filter(Boolean)
      .join(" "),
  );
  lastShown = { userId, items: items.map((item) => item.itemId) };
  addSuggestions(
    $("#item-suggestions"),
    items.map((item) => item.itemId),
  );
  addSuggestions($("#user-suggestions"), [userId]);
}

async function sendEvent(userId, itemId, type) {
  const status = $("#event-status");
  if (!userId) return setStatus(status, "Pick a user first.", true);
  try {
    const body = await api("/v1/events", {
      method: "POST",
      body: JSON.stringify({ events: [{ userId, itemId, type, timestamp: Date.now() }] }),
    });
    const problem = body.rejected?.[0] ?? body.failed?.[0];
    if (problem) return setStatus(status, `${problem.code}: ${problem.message}`, true);
    setStatus(
      status,
      `Sent "${type}" of ${itemId} by ${userId}. Refresh the recommendations (run the batch for the precomputed lists).`,
    );
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

async function similar(event, itemId = $("#item-id").value.trim()) {
  event?.preventDefault();
  $("#item-id").value = itemId;
  const status = $("#similar-status");
  setStatus(status, `Loading items similar to ${itemId}…`);
  const results = await Promise.allSettled(
    ALGORITHMS.map((algorithm) =>
      api(`/v1/items/${encodeURIComponent(itemId)}/similar?n=8&algorithm=${algorithm}&include=catalog`),
    ),
  );
  const columns = results.map((result, i) => {
    const heading = el("h3", { textContent: ALGORITHM_TITLES[ALGORITHMS[i]] });
    if (result.status === "rejected")
      return el("div", {}, heading, el("p", { className: "status error", textContent: result.reason.message }));
    const items = result.value.items ?? [];
    const list = el("ol");
    for (const item of items) {
      const pick = el("button", { type: "button", textContent: item.itemId });
      pick.addEventListener("click", () => similar(undefined, item.itemId));
      list.append(
        el(
          "li",
          {},
          pick,
          ` ${fmt(item.score)}`,
          item.fill ? el("span", { className: "badge", textContent: "popular" }) : "",
          ...catalogOf(item),
        ),
      );
    }
    return el(
      "div",
      { className: "algorithm" },
      heading,
      items.length ? list : el("p", { className: "hint", textContent: "No list for this item." }),
    );
  });
  $("#similar-lists").replaceChildren(...columns);
  setStatus(status, `Similar to ${itemId}, by each algorithm.`);
}

async function loadBatchState() {
  // On a server with keys the batch state needs the read scope: without a key the rest of the page still works.
  try {
    const state = await api("/playground/state.json");
    showBatch(state.latestBatch, state.batchRunning);
  } catch (error) {
    setStatus($("#batch-summary"), `Batch state: ${error.message}`, true);
  }
}

async function loadState() {
  const state = await fetch("/playground/demo.json").then((r) => r.json());
  await loadBatchState();
  if (state.demo) {
    addSuggestions($("#user-suggestions"), [state.demo.userId, "someone-new"]);
    addSuggestions($("#item-suggestions"), [state.demo.itemId]);
    if (!$("#user-id").value) $("#user-id").value = state.demo.userId;
    if (!$("#item-id").value) $("#item-id").value = state.demo.itemId;
    if (!$("#event-item").value) $("#event-item").value = state.demo.itemId;
  }
  showEvaluation(state.evaluation);
}

function showEvaluation(evaluation) {
  const target = $("#evaluation-body");
  if (!evaluation) {
    return target.replaceChildren(
      el("p", { className: "hint", textContent: "No evaluation yet: run npm run evaluate, then reload." }),
    );
  }
  const best = [...evaluation.rows].sort((a, b) => b.ndcg - a.ndcg)[0];
  const summary = el("p", {
    textContent: `${evaluation.dataset}: best nDCG@${evaluation.k} ${best ? `${fmt(best.ndcg, 4)} (${best.name})` : "n/a"}.`,
  });
  const img = el("img", {
    src: "/playground/evaluation.svg",
    alt: `Top-${evaluation.k} metrics by algorithm: ${evaluation.rows.map((r) => `${r.name} nDCG ${fmt(r.ndcg, 3)}`).join("; ")}`,
  });
  target.replaceChildren(summary, img);
}

async function runBatch() {
  const button = $("#run-batch");
  button.disabled = true;
  showBatch(undefined, true);
  try {
    // JSON, so the server can tell the page itself from a cross-site form post.
    const body = await api("/playground/batch", { method: "POST", body: "{}" });
    showBatch(body.latestBatch, false);
    if ($("#user-id").value.trim()) await recommend();
  } catch (error) {
    setStatus($("#batch-summary"), error.message, true);
  } finally {
    button.disabled = false;
  }
}

async function loadEventTypes() {
  const doc = await fetch("/openapi.json").then((r) => r.json());
  const types = doc.components?.schemas?.Event?.properties?.type?.enum ?? ["view", "like", "purchase"];
  $("#event-type").replaceChildren(...types.map((type) => el("option", { value: type, textContent: type })));
}

function setUpApiKey() {
  const input = $("#api-key");
  input.value = sessionStorage.getItem("apiKey") ?? "";
  input.addEventListener("change", () => {
    sessionStorage.setItem("apiKey", input.value.trim());
    loadBatchState();
  });
}

$("#user-form").addEventListener("submit", recommend);
$("#item-form").addEventListener("submit", similar);
$("#event-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sendEvent($("#user-id").value.trim(), $("#event-item").value.trim(), $("#event-type").value);
});
$("#run-batch").addEventListener("click", runBatch);
setUpApiKey();
await Promise.all([loadState(), loadEventTypes()]);
document.body.dataset.ready = "true";
