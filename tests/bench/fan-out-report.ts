// The fan-out figures as Markdown: a section of docs/benchmarks.md and the README's short version.
import { cpus } from 'node:os';
import type { FanOutResult } from './fan-out.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const overFloor = (r: FanOutResult) => `${(((r.lastDeliveryMs - r.floorMs) / r.floorMs) * 100).toFixed(1)} %`;
const count = (n: number) => n.toLocaleString('en');

function row(r: FanOutResult): string {
  const { calls } = r;
  return `| ${r.name} | ${seconds(r.firstDeliveryMs)} s | ${seconds(r.lastDeliveryMs)} s | ${seconds(r.floorMs)} s | ${overFloor(r)} | ${count(r.delivered)} | ${r.lost} | ${r.duplicated} | ${calls.accepted} / ${calls.total} (${calls.rateLimited} over the limit, ${calls.injected} injected, ${calls.replayed} replayed) | ${count(r.recordedSent)} |`;
}

export function renderFanOutSection(results: FanOutResult[]): string {
  const first = results[0];
  if (!first) return '';
  const chaos = results.find((r) => r.chaos);
  return `## Email fan-out

Measured by \`npm run bench\` (tests/bench/fan-out.ts; \`BENCH_ONLY=fan-out npm run bench\` runs this part alone) on
${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}. Written by the script.

One incident update to ${count(first.subscribers)} active whole-page subscribers, sent by the real server (\`node api/node.ts\`
with \`RESEND_API_KEY\`, \`RESEND_BASE_URL\` pointing at a local stand-in of Resend's batch API, and
\`RESEND_REQUESTS_PER_SECOND=${first.requestsPerSecond}\`). The stand-in (tests/support/resend-stub.ts) checks each call as Resend documents
it (at most 100 emails, an \`Idempotency-Key\`), answers a key it has seen with the same body from memory without
delivering again, and allows ${first.requestsPerSecond} calls a second, answering 429 with \`Retry-After\` beyond that. Everything is counted
there, from outside the server: the **time to the last email** runs from the admin \`POST\` of the update to the
stand-in accepting the last email; an address that got no email is **lost**, one that got it under two different
keys is **duplicated**. The **floor** is the calls needed (${count(first.subscribers)} / 100) at the rate limit; the target is within 10 % of it.
${
  chaos
    ? `
The second run injects a 429 (\`Retry-After: 1\`) on every 9th call and a 500 (no \`Retry-After\`: the outbox's
back-off, 30 s for a first retry) on every 13th, and SIGKILLs the server once ${count(chaos.killedAfterEmails ?? 0)} emails have arrived;
the server is started again on the same data folder and port (${seconds(chaos.restartMs ?? 0)} s until it served its page again).
The batch in flight at the kill is held by its claim's lease (60 s) before it is sent again under the same key.
`
    : ''
}
| run | first email | last email | floor | over the floor | emails delivered | lost | duplicated | calls accepted / made | recorded sent |
|---|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}
${results.some((r) => r.violations.length > 0) ? `\nCalls the stand-in refused: ${results.flatMap((r) => r.violations).join('; ')}\n` : ''}`;
}

export function renderFanOutSummary(results: FanOutResult[]): string {
  const lines = results.map(
    (r) =>
      `| ${r.name} | ${seconds(r.lastDeliveryMs)} s (floor ${seconds(r.floorMs)} s, ${overFloor(r)} over) | ${r.lost} | ${r.duplicated} |`,
  );
  const first = results[0];
  return `One incident update to ${count(first?.subscribers ?? 0)} subscribers through a local Resend stand-in allowing ${first?.requestsPerSecond ?? 0} calls a second:

| run | last email | lost | duplicated |
|---|---|---|---|
${lines.join('\n')}

Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`;
}
