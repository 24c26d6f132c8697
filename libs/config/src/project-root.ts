import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The repository root (where package.json and .tools/ live), from source or from dist/. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cascade') {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Cascade project root above ${__dirname}`);
    dir = parent;
  }
}
