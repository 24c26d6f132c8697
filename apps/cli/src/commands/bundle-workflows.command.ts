import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflows } from '@cascade/temporal';
import { type CliCommand, UsageError } from './command';

export const bundleWorkflowsCommand: CliCommand = {
  name: ['bundle-workflows'],
  summary: 'pre-build the workflow bundle for images (worker uses it via CASCADE_WORKFLOW_BUNDLE)',
  async run(args) {
    const [out] = args;
    if (!out) throw new UsageError('用法: cascade bundle-workflows OUT.js');
    const { code } = await bundleWorkflows();
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, code);
    console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
  },
};
