import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Root that holds `workflows/` and `libs/` — the repository in source form,
 * `dist/` when compiled (this file sits three levels below it either way).
 */
const codeRoot = path.resolve(__dirname, '../../..');

/** The single entry file the worker loads (docs/architecture.md: workflows/index.ts). */
export function workflowsPath(): string {
  const compiled = path.join(codeRoot, 'workflows', 'index.js');
  return fs.existsSync(compiled) ? compiled : path.join(codeRoot, 'workflows', 'index.ts');
}

/** Workflow code may import these aliases; webpack must resolve them the way tsconfig does. */
function workflowAliases(): Record<string, string> {
  return {
    '@cascade/contracts': path.join(codeRoot, 'libs', 'contracts', 'src'),
    '@cascade/domain': path.join(codeRoot, 'libs', 'domain', 'src'),
  };
}

/** Lets webpack resolve the aliases the way tsconfig does. */
function addWorkflowAliases<T extends { resolve?: { alias?: unknown } }>(config: T): T {
  config.resolve = config.resolve ?? {};
  config.resolve.alias = { ...(config.resolve.alias as object | undefined), ...workflowAliases() };
  return config;
}

/** Workflow code for Worker.create (and replay) that every worker and test shares. */
export function workflowBundlerOptions() {
  const prebuilt = process.env.CASCADE_WORKFLOW_BUNDLE;
  // Images ship a bundle made at build time (cascade bundle-workflows): no webpack at start-up.
  if (prebuilt) return { workflowBundle: { codePath: prebuilt } };
  return { workflowsPath: workflowsPath(), bundlerOptions: { webpackConfigHook: addWorkflowAliases } };
}

/** Bundles the workflow code once, for workers that start often (tests, benchmarks, Docker images). */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: workflowsPath(), webpackConfigHook: addWorkflowAliases });
}
