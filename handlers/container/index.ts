/**
 * The composition root: one container per process (server start, Lambda cold start), built from the
 * validated AppConfig. The runtime is chosen by configuration through its ContainerModule, never by code edits.
 * Lambda entries import ./core instead, so their bundles do not carry the local runtime's native modules.
 */
import type { Container, ContainerModule } from "inversify";
import type { AppConfig, Runtime } from "../config";
import { buildContainerWith, type ContainerOverrides } from "./core";
import { localRuntime } from "./local";
import { memoryRuntime } from "./memory";

export type { ContainerOverrides } from "./core";

/**
 * Runtimes a process can build from configuration alone. `aws` is absent on purpose: each Lambda entry passes
 * its own module (handlers/aws/container.ts) so it builds only the clients its role may use.
 */
export const RUNTIME_MODULES: Partial<Record<Runtime, ContainerModule>> = {
  memory: memoryRuntime,
  local: localRuntime,
};

export async function buildContainer(config: AppConfig, overrides: ContainerOverrides = {}): Promise<Container> {
  const runtime = overrides.runtimeModule ?? RUNTIME_MODULES[config.runtime];
  if (!runtime) throw new Error(`runtime "${config.runtime}" is not available in this build`);
  return buildContainerWith(config, runtime, overrides);
}
