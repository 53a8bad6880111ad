import { prepareHistory } from '../tests/bench/server.ts';
const n = Number(process.argv[2] ?? 1000);
const dir = await prepareHistory(n);
console.log(dir);
