// Derives Jest's moduleNameMapper from the path aliases in tsconfig.json (their single source).
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.json');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '../..');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    const key = '^' + alias.replace('/*', '/(.*)') + '$';
    mapper[key] = path.join(root, target.replace('/*', '/$1'));
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
