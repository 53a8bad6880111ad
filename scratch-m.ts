const mods = (process.env.MODS ?? '').split(',').filter(Boolean);
const mb = (n: number) => Math.round(n / 1e5) / 10;
const before = process.memoryUsage();
for (const m of mods) await import(m);
(globalThis as any).gc?.();
const a = process.memoryUsage();
console.log(`${mods.join('+') || 'nothing'}: rss ${mb(a.rss)} heapUsed ${mb(a.heapUsed)} heapTotal ${mb(a.heapTotal)} ext ${mb(a.external)} (rss before ${mb(before.rss)})`);
