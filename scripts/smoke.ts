/**
 * `npm run smoke -- --url <api> [--key <api key> | --token <jwt>] [--state-machine <arn>] [--timeout-minutes 30]`:
 * the one command to run after `pulumi up` (docs/aws-deployment.md): events in, a batch run, a recommendation
 * out of the new version. With --state-machine it starts the stack's state machine with your AWS credentials
 * (`pulumi stack output stateMachineArn`); without, it asks a local server (`npm start`) to run its batch.
 */
import { parseArgs } from "node:util";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SmokeFailure, smokeCheck } from "./smoke/check";
import { playgroundTrigger, stateMachineTrigger } from "./smoke/triggers";

const USAGE =
  "npm run smoke -- --url <api url> [--key <api key> | --token <jwt>] [--state-machine <arn>] [--timeout-minutes 30] [--retry-seconds 120]";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    key: { type: "string" },
    token: { type: "string" },
    "state-machine": { type: "string" },
    "timeout-minutes": { type: "string" },
    "retry-seconds": { type: "string" },
  },
});

const minutes = (text: string | undefined, fallback: number) => {
  const value = Number(text ?? fallback);
  if (!(value > 0)) throw new SmokeFailure(`not a positive number: ${text}`);
  return value;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

try {
  if (!values.url) throw new SmokeFailure(`--url is required\n${USAGE}`);
  const arn = values["state-machine"];
  const trigger = arn ? stateMachineTrigger(new SFNClient({}), arn, sleep) : playgroundTrigger(values.url, fetch);
  const result = await smokeCheck(
    { fetch, trigger, sleep, now: Date.now, log: (line) => console.log(line) },
    {
      url: values.url,
      ...(values.key ? { key: values.key } : {}),
      ...(values.token ? { token: values.token } : {}),
      timeoutMs: minutes(values["timeout-minutes"], arn ? 30 : 5) * 60_000,
      retryMs: minutes(values["retry-seconds"], arn ? 120 : 5) * 1_000,
    },
  );
  console.log(`smoke check passed: ${result.version} serves ${result.items.length} recommendations`);
} catch (error) {
  console.error(`smoke check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
