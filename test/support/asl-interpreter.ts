/**
 * A small interpreter of the Amazon States Language subset the batch state machine uses (JSONPath: Parameters,
 * ResultSelector, ResultPath, ItemSelector, Choice, Pass, Wait, Map inline and distributed with ItemReader,
 * Parallel, Retry, Catch, Succeed, Fail), so tests drive the functions with exactly the payloads the deployed
 * definition would hand them. Tasks go to the caller's resource handler; waits and retry delays take no time.
 * Every state's output is checked against Step Functions' 256 KiB payload quota.
 */
type Json = unknown;
type State = Record<string, Json>;
type Machine = { StartAt: string; States: Record<string, State> };

/** Thrown by a resource handler or a state: `name` becomes the ASL error, `message` the cause. */
export class AslError extends Error {
  constructor(
    readonly error: string,
    readonly cause_: string,
  ) {
    super(`${error}: ${cause_}`);
  }
}

export type ResourceHandler = (resource: string, input: Json, context: Context) => Promise<Json>;

export interface Context {
  readonly Execution: { readonly Id: string; readonly StartTime: string; readonly Input: Json };
  readonly StateMachine: { readonly Id: string };
  readonly Map?: { readonly Item: { readonly Index: number; readonly Value: Json } };
}

export interface Outcome {
  readonly status: "SUCCEEDED" | "FAILED";
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  /** Every state entered, in order, with the input it was given. */
  readonly trace: readonly { readonly state: string; readonly input: Json }[];
}

export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export async function runMachine(
  definition: Machine,
  input: Json,
  handle: ResourceHandler,
  execution: { id: string; startTime: string; stateMachine: string },
): Promise<Outcome> {
  const context: Context = {
    Execution: { Id: execution.id, StartTime: execution.startTime, Input: input },
    StateMachine: { Id: execution.stateMachine },
  };
  const trace: { state: string; input: Json }[] = [];
  try {
    const output = await runStates(definition, input, context, handle, trace);
    return { status: "SUCCEEDED", output, trace };
  } catch (error) {
    if (!(error instanceof AslError)) throw error;
    return { status: "FAILED", error: error.error, cause: error.cause_, trace };
  }
}

async function runStates(
  machine: Machine,
  input: Json,
  context: Context,
  handle: ResourceHandler,
  trace: { state: string; input: Json }[],
): Promise<Json> {
  let name: string | undefined = machine.StartAt;
  let data = input;
  while (name !== undefined) {
    const state = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    trace.push({ state: name, input: data });
    const step: { output: Json; next?: string } = await runState(state, data, context, handle, trace);
    const size = Buffer.byteLength(JSON.stringify(step.output ?? null));
    if (size > PAYLOAD_LIMIT_BYTES) throw new AslError("States.DataLimitExceeded", `${name}: ${size} bytes`);
    data = step.output;
    name = step.next;
  }
  return data;
}

async function runState(
  state: State,
  input: Json,
  context: Context,
  handle: ResourceHandler,
  trace: { state: string; input: Json }[],
) {
  const next = state.End === true ? undefined : (state.Next as string | undefined);
  switch (state.Type) {
    case "Succeed":
      return { output: input };
    case "Fail": {
      const error = state.ErrorPath ? evalPath(state.ErrorPath as string, input, context) : state.Error;
      const cause = state.CausePath ? evalPath(state.CausePath as string, input, context) : state.Cause;
      throw new AslError(String(error), String(cause));
    }
    case "Wait":
      return { output: input, next };
    case "Choice":
      return { output: input, next: choose(state, input, context) };
    case "Pass": {
      const result =
        "Parameters" in state ? template(state.Parameters, input, context) : "Result" in state ? state.Result : input;
      return { output: applyResultPath(state, input, result), next };
    }
    default:
      return withRetryAndCatch(state, input, next, async () => {
        const effective = "Parameters" in state ? template(state.Parameters, input, context) : input;
        let result: Json;
        if (state.Type === "Task") result = await handle(state.Resource as string, effective, context);
        else if (state.Type === "Map") result = await runMap(state, input, context, handle, trace);
        else if (state.Type === "Parallel") result = await runParallel(state, input, context, handle, trace);
        else throw new Error(`state type ${String(state.Type)} is not supported here`);
        const selected = "ResultSelector" in state ? template(state.ResultSelector, result, context) : result;
        const output = applyResultPath(state, input, selected);
        return "OutputPath" in state ? evalPath(state.OutputPath as string, output, context) : output;
      });
  }
}

async function withRetryAndCatch(state: State, input: Json, next: string | undefined, work: () => Promise<Json>) {
  const retries = (state.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[] | undefined) ?? [];
  const used = retries.map(() => 0);
  for (;;) {
    try {
      return { output: await work(), next };
    } catch (error) {
      if (!(error instanceof AslError)) throw error;
      const r = retries.findIndex((rule) => matches(rule.ErrorEquals, error.error));
      if (r >= 0 && used[r]! < (retries[r]!.MaxAttempts ?? 3)) {
        used[r]!++;
        continue;
      }
      const catcher = (
        state.Catch as { ErrorEquals: string[]; ResultPath?: string | null; Next: string }[] | undefined
      )?.find((c) => matches(c.ErrorEquals, error.error));
      if (!catcher) throw error;
      const failure = { Error: error.error, Cause: error.cause_ };
      const resultPath = "ResultPath" in catcher ? catcher.ResultPath : "$";
      return { output: applyResultPath({ ResultPath: resultPath }, input, failure), next: catcher.Next };
    }
  }
}

const matches = (names: string[], error: string) =>
  names.includes(error) || (names.includes("States.ALL") && !error.startsWith("States.Runtime"));

async function runMap(
  state: State,
  input: Json,
  context: Context,
  handle: ResourceHandler,
  trace: { state: string; input: Json }[],
): Promise<Json> {
  const reader = state.ItemReader as State | undefined;
  const items = reader
    ? (JSON.parse(
        String(await handle(reader.Resource as string, template(reader.Parameters, input, context), context)),
      ) as Json[])
    : (evalPath((state.ItemsPath as string | undefined) ?? "$", input, context) as Json[]);
  if (!Array.isArray(items)) throw new AslError("States.Runtime", "Map items are not an array");
  const processor = state.ItemProcessor as Machine;
  const outputs: Json[] = new Array(items.length);
  // Iterations in reverse: nothing may depend on their order.
  for (let index = items.length - 1; index >= 0; index--) {
    const itemContext = { ...context, Map: { Item: { Index: index, Value: items[index] } } };
    const itemInput = "ItemSelector" in state ? template(state.ItemSelector, input, itemContext) : items[index];
    try {
      outputs[index] = await runStates(processor, itemInput, context, handle, trace);
    } catch (error) {
      if (
        !(error instanceof AslError) ||
        (processor as { ProcessorConfig?: { Mode?: string } }).ProcessorConfig?.Mode !== "DISTRIBUTED"
      )
        throw error;
      throw new AslError("States.ExceedToleratedFailureThreshold", error.message);
    }
  }
  return outputs;
}

async function runParallel(
  state: State,
  input: Json,
  context: Context,
  handle: ResourceHandler,
  trace: { state: string; input: Json }[],
): Promise<Json> {
  const outputs: Json[] = [];
  for (const branch of state.Branches as Machine[])
    outputs.push(await runStates(branch, input, context, handle, trace));
  return outputs;
}

function choose(state: State, input: Json, context: Context): string {
  for (const rule of state.Choices as State[]) {
    const value = evalPath(rule.Variable as string, input, context, true);
    if ("StringEquals" in rule && value === rule.StringEquals) return rule.Next as string;
    if ("BooleanEquals" in rule && value === rule.BooleanEquals) return rule.Next as string;
    if ("IsNull" in rule && (value === null) === rule.IsNull && value !== undefined) return rule.Next as string;
    if ("IsPresent" in rule && (value !== undefined) === rule.IsPresent) return rule.Next as string;
  }
  if (!state.Default) throw new AslError("States.NoChoiceMatched", "no choice matched");
  return state.Default as string;
}

/** `key.$` values are paths into the input (`$…`) or the context (`$$…`); everything else is copied. */
export function template(value: Json, input: Json, context: Context): Json {
  if (Array.isArray(value)) return value.map((v) => template(v, input, context));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.endsWith(".$")) out[key.slice(0, -2)] = evalPath(v as string, input, context);
    else out[key] = template(v, input, context);
  }
  return out;
}

function evalPath(path: string, input: Json, context: Context, optional = false): Json {
  const fromContext = path.startsWith("$$");
  let current: Json = fromContext ? context : input;
  const rest = path.slice(fromContext ? 2 : 1);
  for (const part of rest.match(/\.[^.[\]]+|\[\d*:\d*\]|\[\d+\]/g) ?? []) {
    const slice = /^\[(\d*):(\d*)\]$/.exec(part);
    if (slice && Array.isArray(current)) {
      current = current.slice(Number(slice[1] || 0), slice[2] ? Number(slice[2]) : undefined);
      continue;
    }
    const key = part.startsWith("[") ? Number(part.slice(1, -1)) : part.slice(1);
    if (current === null || typeof current !== "object" || !(key in (current as object))) {
      if (optional) return undefined;
      throw new AslError("States.Runtime", `path ${path} not found`);
    }
    current = (current as Record<string | number, Json>)[key];
  }
  return current;
}

function applyResultPath(state: State, input: Json, result: Json): Json {
  if (!("ResultPath" in state) || state.ResultPath === "$") return result;
  if (state.ResultPath === null) return input;
  const keys = (state.ResultPath as string).slice(2).split(".");
  const copy = structuredClone(input) as Record<string, Json>;
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] = typeof target[key] === "object" && target[key] !== null ? target[key] : {};
    target = target[key] as Record<string, Json>;
  }
  target[keys.at(-1)!] = result;
  return copy;
}
