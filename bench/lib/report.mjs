// Turns measured rows into a Markdown table and the JSON written to bench/results/.
const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const range = (s, digits = 2) => `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;

/**
 * @param {object} o
 * @param {object[]} o.results rows from the scenarios: { id, title, floor, target, met, ratio, extra,
 *   scenario: {throughput, p50, p99, cpuMsPerOp}, floorRun: {...}, wrong, notes }
 */
export function report({ results, params, machine, runId }) {
  const lines = [
    `## Roster benchmark (${params.mode}, ${new Date().toISOString()})`,
    '',
    `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB; Node ${machine.node}; PostgreSQL ${machine.postgres}; NATS ${machine.nats}.`,
    `Parameters: ${params.rounds} interleaved rounds of ${params.duration} s per run; ${params.users} users in ${params.companies} companies; run ${runId}.`,
    '',
    '| # | scenario | floor | ops/s (scenario / floor) | p50 ms | p99 ms | CPU-ms/op (scenario / floor) | ratio median [min–max] | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const s = r.scenario;
    const f = r.floorRun ?? {};
    lines.push(
      `| ${r.id} | ${r.title} | ${r.floor} | ${fmt(s.throughput, 0)} / ${fmt(f.throughput, 0)} | ${fmt(s.p50)} / ${fmt(f.p50)} | ${fmt(s.p99)} / ${fmt(f.p99)} | ${fmt(s.cpuMsPerOp, 2)} / ${fmt(f.cpuMsPerOp, 2)} | ${range(r.ratio)} | ${r.target} | ${r.met === null ? 'reported' : r.met ? 'yes' : '**no**'} |`,
    );
  }
  const wrong = results.filter((r) => r.wrong?.length);
  if (wrong.length) {
    lines.push('', '**Wrong responses (the run fails):**');
    for (const r of wrong) lines.push(`- ${r.id}: ${r.wrong.join('; ')}`);
  }
  const notes = results.filter((r) => r.notes);
  if (notes.length) {
    lines.push('', 'Notes:');
    for (const r of notes) lines.push(`- ${r.id}: ${r.notes}`);
  }
  lines.push(
    '',
    'Values are medians over the rounds; the ratio is computed per round (scenario against the floor run just before it).',
  );
  return {
    markdown: lines.join('\n'),
    json: { runId, date: new Date().toISOString(), machine, params, results },
    failed: wrong.length > 0,
  };
}
