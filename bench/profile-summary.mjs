// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): where the samples' self time went,
// by package (node_modules/<pkg>, the app's own code, node internals) and by function.
//   node bench/profile-summary.mjs tmp/bench/<run>/prof/CPU.<…>.cpuprofile [--top=25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top=25]');
  process.exit(2);
}
const top = Number(rest.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: the samples that landed on it, weighted by their time deltas.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** node_modules/<pkg> (scoped too), `app` for the project's own code, else node's internals or a V8 tag. */
function packageOf(url, name) {
  if (!url) return `(${name || 'native'})`;
  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1];
  if (url.startsWith('node:')) return url;
  return url.includes('/dist/apps/') ? 'app' : url;
}

const byPackage = new Map();
const byFunction = new Map();
let idleUs = 0;
let totalUs = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') {
    idleUs += us;
    continue;
  }
  totalUs += us;
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const key = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms busy, ${(idleUs / 1000).toFixed(0)} ms idle`);
print('self time by package', byPackage);
print('self time by function', byFunction);
