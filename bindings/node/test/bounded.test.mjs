// Bounded work and memory of the object entry: inputs whose tree is far larger than the
// objects that hold it (a shared structure, a sparse array, one huge string used several
// times) answer with an issue, never an abort, a hang or a `RangeError`; native memory does
// not pile up in a synchronous loop; and an object is judged exactly as the text
// `JSON.stringify` makes of it, at the edges of the limits too.
//
// The crash, hang and memory probes run in a child process with a small heap and a timeout,
// so a regression fails its test instead of taking the run down. The timeouts guard against
// hangs only; they are not speed assertions.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { check, checkJson, Context, fingerprint } from '../smsrules.js'

const PACKAGE = fileURLToPath(new URL('../smsrules.js', import.meta.url))
const HANG_GUARD_MS = 120_000
/** The child's JavaScript heap: far below what an unbounded walk of these inputs takes. */
const HEAP_MB = 512

const base = () => ({ user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Hi there' })

/**
 * Run `body` (a function's source, given `s` = the package) in a child process with a small
 * heap; returns what it printed as JSON. The child must exit normally within the guard.
 */
function probe(body, { heapMb = HEAP_MB, args = [] } = {}) {
  const script = `const s = require(${JSON.stringify(PACKAGE)}); const out = (${body})(s); process.stdout.write(JSON.stringify(out))`
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, ...args, '-e', script], {
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    maxBuffer: 64 * 1024 * 1024,
  })
  assert.equal(child.error, undefined, `the probe did not finish: ${child.error}`)
  assert.equal(child.signal, null, `the probe was killed by ${child.signal}: ${child.stderr.slice(0, 2000)}`)
  assert.equal(child.status, 0, `the probe failed: ${child.stderr.slice(0, 2000)}`)
  return JSON.parse(child.stdout)
}

/** Source of the three inputs, built inside the child: `huge(kind)`. */
const HUGE = `function huge(kind) {
  if (kind === 'dag') { let x = {}; for (let i = 0; i < 26; i++) x = { a: x, b: x }; return x }
  if (kind === 'sparse') { const a = []; a.length = 2 ** 32 - 1; return a }
  const text = 'x'.repeat(2 ** 28); return { a: text, b: text, c: text }
}`

const codes = (issues) => (issues ?? []).map((issue) => [issue.in, issue.path, issue.error])

for (const kind of ['dag', 'sparse', 'string']) {
  test(`${kind}: as request_data, PAYLOAD_TOO_LARGE in bounded time and memory`, () => {
    const answer = probe(`(s) => { ${HUGE}; const r = s.check({ user_number: '+14155552671', agent_number: '+14155550000', request_data: huge('${kind}') }); return r.errors }`)
    assert.deepEqual(codes(answer), [['body', '', 'PAYLOAD_TOO_LARGE']])
    assert.ok(answer[0].params.size > answer[0].params.limit)
  })

  test(`${kind}: in a context object, a new Context and fingerprint, an issue or the documented throw`, () => {
    const answer = probe(`(s) => {
      ${HUGE}
      const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'hi' }
      const viaObject = s.check(request, { number: { phone_number: '+14155550000', sms_config: { request_data: huge('${kind}') } } }).errors
      const context = new s.Context({ now: '2026-11-27T12:00:00Z', persona: huge('${kind}') })
      const viaContext = s.check(request, context).errors
      let thrown
      try { s.fingerprint({ request_data: huge('${kind}') }) } catch (error) { thrown = [error.name, error.code] }
      return { viaObject, viaContext, ok: context.ok, thrown }
    }`)
    assert.deepEqual(codes(answer.viaObject).map(([where, , code]) => [where, code]), [['context', 'INVALID_CONTEXT']])
    assert.equal(answer.ok, false)
    assert.deepEqual(codes(answer.viaContext).map(([where, , code]) => [where, code]), [['context', 'INVALID_CONTEXT']])
    assert.deepEqual(answer.thrown, ['RangeError', 'ERR_SMSRULES_TOO_LARGE'])
  })
}

test('a too-large part inside the options is INVALID_OPTIONS', () => {
  const shared = {}
  let x = shared
  for (let i = 0; i < 26; i++) x = { a: x, b: x }
  const result = check(base(), null, { options: { unknown_fields: 'warn', extra: x } })
  assert.deepEqual(codes(result.errors).map(([where, , code]) => [where, code]), [['options', 'INVALID_OPTIONS']])
})

test('a synchronous loop of checks with a new context object each time does not pile up native memory', () => {
  const growth = probe(`(s) => {
    const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'hi' }
    const context = (i) => ({ now: '2026-11-27T12:00:00Z', number: { phone_number: '+14155550000', sms_config: { time_out: 600 + i, objective: 'x'.repeat(2000) } } })
    for (let i = 0; i < 2000; i++) s.check(request, context(i))
    const before = process.memoryUsage().rss
    for (let i = 0; i < 20000; i++) s.check(request, context(i))
    return (process.memoryUsage().rss - before) / 1e6
  }`)
  assert.ok(growth < 64, `RSS grew by ${growth} MB`)
})

test('a synchronous loop of new Context + close() releases each one at once', () => {
  const growth = probe(`(s) => {
    const context = (i) => ({ now: '2026-11-27T12:00:00Z', number: { phone_number: '+14155550000', sms_config: { time_out: 600 + i, objective: 'x'.repeat(20000) } } })
    const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'hi' }
    for (let i = 0; i < 200; i++) { const c = new s.Context(context(i)); s.check(request, c); c.close() }
    const before = process.memoryUsage().rss
    for (let i = 0; i < 10000; i++) { const c = new s.Context(context(i)); s.check(request, c); c.close() }
    return (process.memoryUsage().rss - before) / 1e6
  }`)
  // Without close() each context's 20 KB of text and its values would stay until the loop ends.
  assert.ok(growth < 64, `RSS grew by ${growth} MB`)
})

test('a synchronous loop of new Context without close() does not pile up native memory', () => {
  // Each context is dropped at once; the garbage collector releases its native memory while
  // the loop runs, not when the event loop turns next (which it never does here). Held until
  // then, 100,000 of these take over 500 MB.
  const growth = probe(`(s) => {
    const context = (i) => ({ now: '2026-11-27T12:00:00Z', number: { phone_number: '+14155550000', sms_config: { time_out: 600 + (i % 1000), objective: 'x'.repeat(2000) } } })
    const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'hi' }
    for (let i = 0; i < 1000; i++) s.check(request, new s.Context(context(i)))
    const before = process.memoryUsage().rss
    for (let i = 0; i < 100000; i++) s.check(request, new s.Context(context(i)))
    return (process.memoryUsage().rss - before) / 1e6
  }`)
  assert.ok(growth < 200, `RSS grew by ${growth} MB`)
})

test('a closed Context throws TypeError when used, and keeps its own answers', () => {
  const context = new Context({ now: 'not a time' })
  const errors = context.errors
  context.close()
  context.close() // twice is fine
  assert.equal(context.ok, false)
  assert.deepEqual(context.errors, errors)
  assert.equal(String(context), 'Context { ok: false, errors: 1 }')
  assert.throws(() => check(base(), context), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => context.toObject(), { name: 'TypeError' })
  if (Symbol.dispose !== undefined) {
    const disposed = new Context({ now: '2026-11-27T12:00:00Z' })
    disposed[Symbol.dispose]()
    assert.throws(() => check(base(), disposed), TypeError)
  }
})

/** The envelope of the same parts through checkJson of the text JSON.stringify makes. */
function viaText(request, context) {
  const { data, errors, warnings } = JSON.parse(checkJson(JSON.stringify({ request_text: JSON.stringify(request), context })))
  return { ok: errors === null, data, errors, warnings }
}

/** An array nested `levels` deep around `leaf`. */
const nested = (levels, leaf = 1) => {
  let value = leaf
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

test('entry points agree: a noncharacter in a string', () => {
  for (const text of ['hi \uffff', 'a\ufdd0b', '\u{10ffff}']) {
    const request = { ...base(), agent_message: text }
    assert.deepEqual(check(request), viaText(request), JSON.stringify(text))
  }
})

test('entry points agree past the depth limit, sizes included', () => {
  for (const levels of [31, 32, 33, 40, 100, 1000]) {
    const request = { ...base(), request_data: { deep: nested(levels) }, metadata: { deep: nested(levels, 'x'.repeat(70_000)) } }
    assert.deepEqual(check(request), viaText(request), `${levels} levels`)
  }
})

test('entry points agree on a body just under and just over 1 MiB holding a too-deep field', () => {
  for (const extra of [-40, -1, 0, 1, 40]) {
    const request = { ...base(), request_data: { deep: nested(40) }, agent_message: '' }
    const size = JSON.stringify(request).length
    request.agent_message = 'x'.repeat(1024 * 1024 - size + extra)
    const answer = check(request)
    assert.deepEqual(answer, viaText(request), `${extra} bytes from the limit`)
    const tooLarge = codes(answer.errors).some(([, , code]) => code === 'PAYLOAD_TOO_LARGE')
    assert.equal(tooLarge, extra > 0, `${extra} bytes from the limit`)
  }
})

test('a body over the limit reports its exact size while it is within the walk bounds', () => {
  const request = { ...base(), disposition_ids: Array.from({ length: 300_000 }, () => 'd') }
  const answer = check(request)
  assert.deepEqual(answer, viaText(request))
  assert.equal(answer.errors[0].params.size, Buffer.byteLength(JSON.stringify(request)))
})

test('a deep chain far past the depth limit is written without recursion', () => {
  const request = { ...base(), request_data: nested(200_000) }
  assert.deepEqual(codes(check(request).errors), [['body', '/request_data', 'PAYLOAD_TOO_DEEP']])
  assert.throws(() => fingerprint(request), { name: 'RangeError', code: 'ERR_SMSRULES_TOO_DEEP' })
  const context = new Context({ persona: nested(200_000) })
  assert.deepEqual(codes(context.errors).map(([where, , code]) => [where, code]), [['context', 'INVALID_CONTEXT']])
})
