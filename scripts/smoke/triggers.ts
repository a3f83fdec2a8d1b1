/**
 * How `npm run smoke` starts a batch run. On AWS: StartExecution of the stack's state machine with the caller's
 * credentials (`pulumi stack output stateMachineArn`), then DescribeExecution until it ends. Locally: the
 * server's own trigger, `POST /playground/batch` (what the playground's button sends), which answers when the
 * run has ended; the server offers it in open mode only, as a keyed server runs batches on its schedule.
 */
import { DescribeExecutionCommand, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { type RunOutcome, type RunTrigger, SmokeFailure, unreachable } from "./check";

export function stateMachineTrigger(
  client: Pick<SFNClient, "send">,
  stateMachineArn: string,
  sleep: (ms: number) => Promise<void>,
  pollMs = 10_000,
): RunTrigger {
  return {
    name: "Step Functions",
    async run(): Promise<RunOutcome> {
      // No `time`: a run by hand is for the execution's own start time, a version of its own.
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
      for (;;) {
        await sleep(pollMs);
        const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status === "RUNNING" || execution.status === "PENDING_REDRIVE") continue;
        if (execution.status !== "SUCCEEDED") {
          throw new SmokeFailure(
            `batch run ${executionArn} ${execution.status}: ${execution.error ?? ""} ${execution.cause ?? ""}`,
          );
        }
        const output = JSON.parse(execution.output ?? "{}") as {
          plan?: { kind?: string; version?: string };
          finished?: { outcome?: string };
        };
        return {
          outcome: output.finished?.outcome ?? output.plan?.kind ?? "unknown",
          ...(output.plan?.version ? { version: output.plan.version } : {}),
        };
      }
    },
  };
}

export function playgroundTrigger(url: string, fetcher: typeof fetch): RunTrigger {
  return {
    name: "POST /playground/batch",
    async run(): Promise<RunOutcome> {
      const trigger = `${url.replace(/\/+$/, "")}/playground/batch`;
      const response = await fetcher(trigger, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).catch((error: unknown) => {
        throw unreachable(`POST ${trigger}`, error);
      });
      if (response.status === 404 || response.status === 405) {
        throw new SmokeFailure(
          "this server offers no batch trigger (it has API keys): pass --state-machine for a deployed stack, or run `npm run batch` beside it",
        );
      }
      const body = (await response.json()) as {
        latestBatch?: { report?: { outcome: string; version: string }; error?: string };
      };
      if (!response.ok || !body.latestBatch) throw new SmokeFailure(`POST /playground/batch: HTTP ${response.status}`);
      if (body.latestBatch.error) throw new SmokeFailure(`the local batch failed: ${body.latestBatch.error}`);
      const report = body.latestBatch.report!;
      return { outcome: report.outcome, version: report.version };
    },
  };
}
