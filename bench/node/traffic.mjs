// Real traffic: every request brings its own context (a server loads the number's config, the
// persona and the latest conversation per request), so the context object is new and
// different on every call (the traffic corpus, bench/corpus/traffic.py). This times
// smsrules' object entry on such traffic against the simplest alternative, `JSON.stringify`
// of the document + `checkJson`, with the plan read.
//
//   node traffic.mjs [--rounds N] [--limit N] [--corpus DIR] [--package DIR] [--out FILE.md]
//
// Needs the traffic corpus (python3 bench/corpus/traffic.py) and a release build of the addon.
// When they are there, two more rows: the WebAssembly package (bindings/wasm/build.sh) doing
// the same check, and ajv + libphonenumber-js (`npm ci` here) judging the same request with
// its context (peers/ajv.mjs): schemas of the request and the context only, and both schemas
// with phone validity cached per number and every cross-field rule (no plan).
// `--package` points at another checkout's bindings/node (to compare two builds).

import { createRequire } from 'node:module'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : fallback
}
const ROUNDS = Number(option('rounds', 10))
const WARMUP = 3
const LIMIT = Number(option('limit', Infinity))
const OUT = option('out', null)
const corpusDir = option('corpus', join(here, '../corpus'))
const packageDir = resolve(option('package', join(here, '../../bindings/node')))
const smsrules = createRequire(import.meta.url)(join(packageDir, 'smsrules.js'))

const trafficFile = join(corpusDir, 'traffic.jsonl')
if (!existsSync(trafficFile)) {
  console.error(`No corpus at ${trafficFile}: run python3 bench/corpus/traffic.py first.`)
  process.exit(2)
}
// One document a line: { request, context, headers? }, each with its own context.
const items = readFileSync(trafficFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .slice(0, LIMIT)
  .map((line) => {
    const { request, context, headers } = JSON.parse(line)
    const key = headers?.['idempotency-key']
    return { body: request, context, extra: key === undefined ? undefined : { idempotencyKey: key }, headers }
  })
// A context made once and used for every request (the first document's), for comparison.
const sharedContext = new smsrules.Context(items[0].context)
const rows = [
  ['check(obj).data (no context)', (it) => smsrules.check(it.body, undefined, it.extra).data],
  ['check(obj, one shared Context).data', (it) => smsrules.check(it.body, sharedContext, it.extra).data],
  ['check(obj, its own context object).data', (it) => smsrules.check(it.body, it.context, it.extra).data],
  [
    'check(obj, new Context(its own)).data',
    (it) => {
      const context = new smsrules.Context(it.context)
      const plan = smsrules.check(it.body, context, it.extra).data
      context.close?.() // a package without close() leaves it to the garbage collector
      return plan
    },
  ],
  [
    'new Context(its own) alone (timing split)',
    (it) => {
      const context = new smsrules.Context(it.context)
      context.close?.()
      return 1
    },
  ],
  ['JSON.stringify(its own context) alone (timing split)', (it) => JSON.stringify(it.context).length],
  ['JSON.stringify + checkJson', (it) => smsrules.checkJson(JSON.stringify({ request: it.body, context: it.context, headers: it.headers }))],
  [
    'JSON.stringify + checkJson + JSON.parse',
    (it) => JSON.parse(smsrules.checkJson(JSON.stringify({ request: it.body, context: it.context, headers: it.headers }))).data,
  ],
]

const wasmEntry = join(here, '../../bindings/wasm/js/node.js')
if (existsSync(join(here, '../../bindings/wasm/pkg/smsrules_wasm_bg.wasm'))) {
  const wasm = await import(wasmEntry)
  rows.push(['smsrules-wasm check(obj, its own context object).data', (it) => wasm.check(it.body, it.context, it.extra).data])
  rows.push(['smsrules-wasm checkJson(JSON.stringify(document))', (it) => wasm.checkJson(JSON.stringify({ request: it.body, context: it.context, headers: it.headers }))])
}
let agreement = ''
if (existsSync(join(here, 'node_modules/ajv'))) {
  const { ajvFull, ajvRequestAndContext, ajvTrafficCachedPhones } = await import('./peers/ajv.mjs')
  const same = items.filter((it) => ajvTrafficCachedPhones(it.body, it.context).ok === smsrules.check(it.body, it.context, it.extra).ok).length
  agreement = ` Verdict agreement (valid / invalid) of ajv + libphonenumber-js with phones cached with smsrules: ${((same / items.length) * 100).toFixed(1)} %.`
  rows.push(['ajv request + context schemas only', (it) => ajvRequestAndContext(it.body, it.context)])
  rows.push(['ajv + libphonenumber-js/max, phones cached (request and context)', (it) => ajvTrafficCachedPhones(it.body, it.context)])
  rows.push(['ajv + libphonenumber-js/max, uncached (request schema + rules)', (it) => ajvFull(it.body, it.context)])
}

function timeOnce(fn) {
  let sink = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < items.length; i++) if (fn(items[i]) !== undefined) sink++
  return { us: Number(process.hrtime.bigint() - start) / items.length / 1000, sink }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const samples = rows.map(() => [])
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  for (let k = 0; k < rows.length; k++) {
    const at = (k + round) % rows.length
    const { us } = timeOnce(rows[at][1])
    if (round >= WARMUP) samples[at].push(us)
  }
  process.stderr.write('.')
}
process.stderr.write('\n')

const lines = [
  `## Node on the traffic corpus (a context per request)${option('package', null) ? `: ${packageDir}` : ''}`,
  '',
  `${items.length} traffic-corpus requests, each with its own context; median µs per request of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds, ${process.version}.`,
  '',
  '| path | µs / request | min µs |',
  '|---|---:|---:|',
  ...rows.map(([name], k) => `| ${name} | ${median(samples[k]).toFixed(2)} | ${Math.min(...samples[k]).toFixed(2)} |`),
]
const med = (name) => {
  const at = rows.findIndex(([n]) => n === name)
  return at < 0 ? NaN : median(samples[at])
}
const ours = med('check(obj, its own context object).data')
const alone = med('check(obj).data (no context)')
const viaText = med('JSON.stringify + checkJson + JSON.parse')
const ajvCached = med('ajv + libphonenumber-js/max, phones cached (request and context)')
const verdict = (ok) => (ok ? 'met' : 'not met')
lines.push(
  '',
  '`its own context object` is the document\'s plain object, converted and judged on every call (a server sees each context once); `one shared Context` is the first document\'s context made once and used for every request (the shared-context case, other answers); `new Context(its own)` makes one per request.' + agreement,
  '',
  `- Goal Node \`check(obj, context)\` ≤ 2.0 × \`check(obj)\`: ${(ours / alone).toFixed(2)} × (${verdict(ours <= 2 * alone)}).`,
  `- Goal Node \`check(obj, context).data\` ≥ 3 × faster than ajv + libphonenumber-js/max with phones cached: ${(ajvCached / ours).toFixed(2)} × (${verdict(ajvCached / ours >= 3)}).`,
  `- Goal Node \`check(obj, context).data\` never slower than \`JSON.stringify\` + \`checkJson\` (+ \`JSON.parse\` to read the plan): ${(ours / viaText).toFixed(2)} × its time (${verdict(ours <= viaText)}).`,
)
const report = lines.join('\n') + '\n'
process.stdout.write(report)
if (OUT) writeFileSync(OUT, report)
