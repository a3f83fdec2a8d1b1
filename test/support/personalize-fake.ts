/**
 * An in-memory stand-in for Amazon Personalize's batch inference, for tests of the per-run branch: it reads the
 * job's input files from the run files and writes an output file per input (`<input>.out`, JSON lines in the
 * documented format) when the job becomes active, or fails or never finishes, as the test says.
 */
import type { MemoryRunFiles } from "../../adapters/memory/run-files";
import type { BatchInferenceRequest, ManagedJob, PersonalizeService } from "../../domain/ports";

export interface FakeBehaviour {
  /** `active` after this many polls; `failed` fails on the first poll; `never` stays pending. */
  readonly finish: { readonly after: number } | "failed" | "never";
  readonly solutionVersionArn?: string | null;
  /** The recommendations of a user (default: three items derived from the id). */
  readonly recommend?: (userId: string) => string[];
  /** Replaces the output line of a user (to test malformed files). */
  readonly line?: (userId: string) => string | undefined;
}

export class FakePersonalize implements PersonalizeService {
  readonly requests: BatchInferenceRequest[] = [];
  private polls = 0;

  constructor(
    private readonly files: MemoryRunFiles,
    private readonly behaviour: FakeBehaviour,
  ) {}

  async ensureSolution(): Promise<ManagedJob> {
    return { arn: "arn:solution", status: "active" };
  }
  async startImport(): Promise<string> {
    return "arn:import";
  }
  async startTraining(): Promise<string> {
    return "arn:training";
  }
  async latestSolutionVersion(): Promise<string | null> {
    const arn = this.behaviour.solutionVersionArn;
    return arn === undefined ? "arn:aws:personalize:eu-west-1:123456789012:solution/reco/abc123" : arn;
  }

  async startBatchInference(request: BatchInferenceRequest): Promise<string> {
    this.requests.push(request);
    return "arn:aws:personalize:eu-west-1:123456789012:batch-inference-job/job-1";
  }

  async status(_kind: string, arn: string): Promise<ManagedJob> {
    const { finish } = this.behaviour;
    if (finish === "failed") return { arn, status: "failed", failureReason: "Input file is empty" };
    if (finish === "never" || ++this.polls < finish.after) return { arn, status: "pending" };
    if (this.polls === finish.after) await this.writeOutputs(this.requests.at(-1)!);
    return { arn, status: "active" };
  }

  private async writeOutputs(request: BatchInferenceRequest): Promise<void> {
    for (let part = 0; ; part++) {
      const input = `${request.inputFolder}users-${part}.json`;
      let text: string;
      try {
        text = await this.files.read(input);
      } catch {
        return;
      }
      const lines = text
        .trim()
        .split("\n")
        .map((line) => {
          const { userId } = JSON.parse(line) as { userId: string };
          const custom = this.behaviour.line?.(userId);
          if (custom !== undefined) return custom;
          const items = (this.behaviour.recommend ?? ((u) => [`p-${u}-1`, `p-${u}-2`, `p-${u}-3`]))(userId);
          const scores = items.map((_, i) => 0.5 / (i + 1));
          return JSON.stringify({ input: { userId }, output: { recommendedItems: items, scores }, error: null });
        });
      await this.files.write(`${request.outputFolder}users-${part}.json.out`, `${lines.join("\n")}\n`);
    }
  }
}
