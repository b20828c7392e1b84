// smsrules beside ajv + libphonenumber-js/max and zod + libphonenumber-js/max, implementing
// the same rules, on the same corpus, in one process, interleaved.
//
//   node bench.mjs [--rounds N] [--limit N] [--corpus DIR] [--package DIR] [--out FILE.md]
//
// Needs the corpus (python3 bench/corpus/generate.py writes bench/corpus/corpus.jsonl and
// context.json) and a release build of the addon (cd bindings/node && npm run build).

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ajvFull, ajvSchemaOnly } from './peers/ajv.mjs'
import { zodFull, zodSchemaOnly } from './peers/zod.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const packageDir = resolve(args.includes('--package') ? args[args.indexOf('--package') + 1] : join(here, '../../bindings/node'))
const require = createRequire(import.meta.url)

const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? args[at + 1] : fallback
}
const ROUNDS = Number(option('rounds', 15))
const WARMUP = 3
const LIMIT = Number(option('limit', Infinity))
const OUT = option('out', null)
const corpusDir = option('corpus', join(here, '../corpus'))

// ---- the corpus ------------------------------------------------------------------------

function loadCorpus() {
  const corpusFile = join(corpusDir, 'corpus.jsonl')
  const contextFile = join(corpusDir, 'context.json')
  if (!existsSync(corpusFile)) {
    console.error(`No corpus at ${corpusFile}.\nGenerate it first: python3 bench/corpus/generate.py (from the repository root).`)
    process.exit(2)
  }
  const shared = existsSync(contextFile) ? JSON.parse(readFileSync(contextFile, 'utf8')) : null
  // context.json is one context for every request, or a map from agent_number to context.
  const byAgent = shared && Object.keys(shared).length > 0 && Object.keys(shared).every((k) => k.startsWith('+'))
  const contextFor = (body) => (byAgent ? shared[body?.agent_number] ?? null : shared)
  const items = []
  for (const line of readFileSync(corpusFile, 'utf8').split('\n')) {
    if (!line.trim() || items.length >= LIMIT) continue
    const parsed = JSON.parse(line)
    // A line is a request body, or a document { request, context? }.
    const wrapped = parsed && typeof parsed === 'object' && 'request' in parsed && !('user_number' in parsed)
    const body = wrapped ? parsed.request : parsed
    const context = wrapped && parsed.context !== undefined ? parsed.context : contextFor(body)
    const text = JSON.stringify(body)
    items.push({ body, text, context, doc: JSON.stringify({ request_text: text, context: context ?? undefined }) })
  }
  // A server judges its (account, number, persona) context once and reuses it: the peers'
  // "compile the schema once" for smsrules' context. One Context per distinct context object.
  const prepared = new Map()
  for (const item of items) {
    const { context } = item
    const plain = context !== null && typeof context === 'object' && !Array.isArray(context)
    if (plain && !prepared.has(context)) prepared.set(context, new smsrules.Context(context))
    item.prepared = plain ? prepared.get(context) : context
  }
  return { items, contextKind: byAgent ? 'per agent number' : shared ? 'one shared context' : 'none' }
}

// ---- the implementations ---------------------------------------------------------------

const smsrules = require(join(packageDir, 'smsrules.js'))
const addon = join(packageDir, 'smsrules.linux-x64-gnu.node')
// A release build is about 2 MB; a debug build (with debug info) is ten times that.
if (existsSync(addon) && statSync(addon).size > 10 * 1024 * 1024) {
  console.error(`warning: ${addon} is a debug build; for numbers that mean anything run: cd bindings/node && npm run build`)
}

const implementations = [
  ['smsrules check(obj, context)', (it) => smsrules.check(it.body, it.context).ok],
  ['smsrules check(obj, Context)', (it) => smsrules.check(it.body, it.prepared).ok],
  // The plan is in the answer already (one native pass): this row reads it.
  ['smsrules check(obj, Context).data', (it) => smsrules.check(it.body, it.prepared).data],
  ['smsrules check(text, context)', (it) => smsrules.check(it.text, it.context).ok],
  ['smsrules checkJson(doc)', (it) => smsrules.checkJson(it.doc).length > 0],
  ['ajv schema only', (it) => ajvSchemaOnly(it.body)],
  ['ajv + libphonenumber-js/max', (it) => ajvFull(it.body, it.context).ok],
  ['zod schema only', (it) => zodSchemaOnly(it.body)],
  ['zod + libphonenumber-js/max', (it) => zodFull(it.body, it.context).ok],
]

function timeOnce(fn, items) {
  let sink = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < items.length; i++) if (fn(items[i])) sink++
  const elapsed = Number(process.hrtime.bigint() - start)
  return { usPerRequest: elapsed / items.length / 1000, sink }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// ---- agreement: do the peers judge the same requests invalid? --------------------------

function agreement(items) {
  const verdicts = items.map((it) => smsrules.check(it.body, it.context).ok)
  const rows = []
  for (const [name, full] of [['ajv + libphonenumber-js/max', ajvFull], ['zod + libphonenumber-js/max', zodFull]]) {
    let same = 0
    let valid = 0
    items.forEach((it, i) => {
      const ok = full(it.body, it.context).ok
      valid += ok ? 1 : 0
      same += ok === verdicts[i] ? 1 : 0
    })
    rows.push([name, same / items.length, valid])
  }
  return { valid: verdicts.filter(Boolean).length, rows }
}

// ---- startup: process start → first answer ---------------------------------------------

function startup(runs = 15) {
  const script = `
    const bootMs = performance.now()
    const s = require(${JSON.stringify(join(packageDir, 'smsrules.js'))})
    const requiredMs = performance.now()
    s.check({ user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'hi' })
    const answeredMs = performance.now()
    process.stdout.write(JSON.stringify({ bootMs, requireMs: requiredMs - bootMs, firstCallMs: answeredMs - requiredMs, totalMs: answeredMs }))
  `
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })))
  const pick = (key) => median(samples.map((s) => s[key]))
  const bestBoth = Math.min(...samples.map((s) => s.requireMs + s.firstCallMs))
  return { bootMs: pick('bootMs'), requireMs: pick('requireMs'), firstCallMs: pick('firstCallMs'), totalMs: pick('totalMs'), bestBoth }
}

// ---- run --------------------------------------------------------------------------------

const { items, contextKind } = loadCorpus()
console.error(`corpus: ${items.length} requests, context: ${contextKind}; ${ROUNDS} rounds (+${WARMUP} warm-up), interleaved`)

const samples = new Map(implementations.map(([name]) => [name, []]))
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  // Rotate the order every round so no implementation always runs first (or after a GC).
  for (let k = 0; k < implementations.length; k++) {
    const [name, fn] = implementations[(k + round) % implementations.length]
    const { usPerRequest } = timeOnce(fn, items)
    if (round >= WARMUP) samples.get(name).push(usPerRequest)
  }
  process.stderr.write('.')
}
process.stderr.write('\n')

const med = new Map([...samples].map(([name, values]) => [name, median(values)]))
const ajvSchema = med.get('ajv schema only')
const ajvWithRules = med.get('ajv + libphonenumber-js/max')
const agree = agreement(items)
const start = startup()

const versions = {
  node: process.version,
  smsrules: require(join(packageDir, 'package.json')).version,
  ajv: require('ajv/package.json').version,
  zod: require('zod/package.json').version,
  'libphonenumber-js': require('libphonenumber-js/package.json').version,
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const lines = []
lines.push('## Node: smsrules vs ajv and zod (+ libphonenumber-js/max)', '')
lines.push(`Command: \`cd bench/node && node bench.mjs ${args.join(' ')}\` (release build of the addon).`, '')
lines.push(`${items.length} requests (${agree.valid} valid by smsrules), context: ${contextKind}; median of ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds.`)
lines.push(`Machine: ${cpu}, ${os.cpus().length} CPUs, ${os.platform()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end. Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '')
lines.push('| implementation | µs / request | min µs | × ajv schema only | × ajv + libphonenumber |')
lines.push('|---|---:|---:|---:|---:|')
for (const [name] of implementations) {
  const m = med.get(name)
  const min = Math.min(...samples.get(name))
  lines.push(`| ${name} | ${m.toFixed(2)} | ${min.toFixed(2)} | ${(m / ajvSchema).toFixed(2)} | ${(m / ajvWithRules).toFixed(2)} |`)
}
lines.push('')
lines.push('`context` is the plain object, written as JSON text, converted and judged on every call; `Context` is `new Context(context)`, made once (one per distinct context) before timing.')
lines.push('Verdict agreement with smsrules (valid / invalid, same request): ' + agree.rows.map(([n, r, valid]) => `${n} ${(r * 100).toFixed(1)} % (${valid} valid)`).join(', ') + '.')
lines.push('')
lines.push(`Startup (median of 15 fresh processes): Node boot ${start.bootMs.toFixed(1)} ms, \`require('smsrules')\` ${start.requireMs.toFixed(2)} ms, first \`check\` ${start.firstCallMs.toFixed(2)} ms; require + first call ${(start.requireMs + start.firstCallMs).toFixed(2)} ms (fastest of 15: ${start.bestBoth.toFixed(2)} ms), first answer ${start.totalMs.toFixed(1)} ms after process start.`)
const goal = med.get('smsrules check(obj, context)') / ajvSchema
const goalPrepared = med.get('smsrules check(obj, Context)') / ajvSchema
lines.push('')
lines.push(`Goal check(obj, context) ≤ 1.0 × ajv schema only: ${goal.toFixed(2)} × (${goal <= 1 ? 'met' : 'not met'}); with the context prepared once (\`Context\`), ${goalPrepared.toFixed(2)} × (${goalPrepared <= 1 ? 'met' : 'not met'}). Goal require + first call ≤ 5 ms: ${(start.requireMs + start.firstCallMs).toFixed(2)} ms (${start.requireMs + start.firstCallMs <= 5 ? 'met' : 'not met'}).`)
const report = lines.join('\n') + '\n'
process.stdout.write(report)
if (OUT) writeFileSync(OUT, report)
