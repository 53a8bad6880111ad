import { linkTree } from '../api/jobs/build-folder.ts';
const t = performance.now();
linkTree(process.argv[2], process.argv[3]);
console.log(`linkTree ${Math.round(performance.now() - t)} ms`);
