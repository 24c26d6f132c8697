// Maps the @cascade/* aliases of tsconfig.json onto the compiled tree in dist/ (node -r).
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
require('tsconfig-paths').register({ baseUrl: path.join(root, 'dist'), paths: compilerOptions.paths });
