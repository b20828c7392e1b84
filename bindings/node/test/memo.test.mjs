// A plain context object checked again is recognised from its walk, not converted again; a
// changed one never is. The oracle is `new Context(copy)`, which never uses the memo; results
// are compared with deepStrictEqual and as JSON text (member order).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isDeepStrictEqual } from 'node:util'
import { Worker } from 'node:worker_threads'
import { Context, check, validate } from '../smsrules.js'

const USER = '+14155552671'
const AGENT = '+14155550000'
const OTHER = '+14155550001'
const request = () => ({ user_number: USER, agent_number: AGENT, agent_message: 'Hi' })
const serverContext = () => ({
  now: '2026-11-27T12:00:00Z',
  account: { numbers: [AGENT, OTHER] },
  number: { phone_number: AGENT, sms_config: { time_out: 900, pathway_id: 'pw_a', request_data: { n: 0 } } },
})

/** A copy that keeps undefined members and functions where they were (JSON would not). */
function copy(value) {
  if (Array.isArray(value)) return value.map(copy)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)]))
  }
  return value
}

const fresh = (body, context) => plain(check(body, new Context(copy(context))))
const checked = (body, context) => plain(check(body, context))
/** The result with its plan read, as a plain object. */
const plain = (result) => ({ ...result })

const config = (context) => context.number.sms_config
const CHANGES = [
  ['time_out 900 → 60', (c) => { config(c).time_out = 60 }],
  ['time_out 60 → 60.5', (c) => { config(c).time_out = 60.5 }],
  ['time_out 60.5 → true', (c) => { config(c).time_out = true }],
  ['time_out true → "60"', (c) => { config(c).time_out = '60' }],
  ['time_out "60" → 60', (c) => { config(c).time_out = 60 }],
  ['request_data 0 → 0.5', (c) => { config(c).request_data.n = 0.5 }],
  ['request_data 0.5 → false', (c) => { config(c).request_data.n = false }],
  ['request_data false → null', (c) => { config(c).request_data.n = null }],
  ['request_data null → "x"', (c) => { config(c).request_data.n = 'x' }],
  ['request_data "x" → "y"', (c) => { config(c).request_data.n = 'y' }],
  ['request_data "y" → ["y"]', (c) => { config(c).request_data.n = ['y'] }],
  ['request_data ["y"] → ["y", "z"]', (c) => { config(c).request_data.n.push('z') }],
  ['request_data ["y", "z"] → ["yz"]', (c) => { config(c).request_data.n = ['yz'] }],
  ['request_data ["yz"] → { y: "z" }', (c) => { config(c).request_data.n = { y: 'z' } }],
  ['request_data key added', (c) => { config(c).request_data.m = 1 }],
  ['request_data key renamed', (c) => { const data = config(c).request_data; data.m2 = data.m; delete data.m }],
  ['request_data members reordered', (c) => { const data = config(c).request_data; const { n } = data; delete data.n; data.n = n }],
  ['pathway_id edited in place', (c) => { config(c).pathway_id = 'pw_b' }],
  ['agent number no longer owned', (c) => { c.account.numbers.splice(0, 1) }],
  ['a function: not JSON', (c) => { c.account.numbers = [AGENT, () => AGENT] }],
  ['a function elsewhere: not JSON', (c) => { c.account.numbers = [() => AGENT, AGENT] }],
  ['a plain list again', (c) => { c.account.numbers = [AGENT] }],
  ['number removed', (c) => { delete c.number }],
]

test('a changed context object is judged as it is now', () => {
  const context = serverContext()
  const body = request()
  let previous = checked(body, context)
  assert.deepEqual(previous, fresh(body, context))
  assert.deepEqual(checked(body, context), previous, 'the same object again: the same answer')
  for (const [name, change] of CHANGES) {
    change(context)
    const now = checked(body, context)
    // Each change alters the answer, so a memo that missed it would be caught.
    const differs = !isDeepStrictEqual(now, previous) || JSON.stringify(now) !== JSON.stringify(previous)
    assert.ok(differs, `${name}: the change should show in the answer`)
    const expected = fresh(body, context)
    assert.deepEqual(now, expected, name)
    assert.equal(JSON.stringify(now), JSON.stringify(expected), `${name} (member order)`)
    assert.deepEqual(checked(body, context), now, name)
    previous = now
  }
})

test('an equal object that is another object gives the same answer', () => {
  const body = request()
  const expected = fresh(body, serverContext())
  for (let round = 0; round < 3; round++) assert.deepEqual(checked(body, serverContext()), expected)
})

test('alternating contexts, Context handles, validate and extras', () => {
  const one = serverContext()
  const two = serverContext()
  two.number.sms_config.time_out = 60
  const body = request()
  const extra = { idempotencyKey: 'k-1', options: { unknown_fields: 'error' } }
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(checked(body, one), fresh(body, one))
    assert.deepEqual(checked(body, two), fresh(body, two))
    assert.deepEqual(checked(body, new Context(two)), fresh(body, two))
    assert.deepEqual(checked(body, undefined), plain(check(body)))
    assert.deepEqual(plain(check(body, one, extra)), plain(check(body, new Context(copy(one)), extra)))
    assert.deepEqual(validate(body, two), fresh(body, two).data)
  }
})

test('a plan read later comes from the context as it was at the check', () => {
  const context = serverContext()
  const result = check(request(), context)
  const expected = fresh(request(), context).data
  config(context).time_out = 5
  check(request(), context) // the memo now holds the changed context
  assert.deepEqual(result.data, expected)
})

test('a getter on the context runs once per check, hit or miss', () => {
  const context = serverContext()
  let reads = 0
  Object.defineProperty(context, 'now', { enumerable: true, get: () => { reads++; return '2026-11-27T12:00:00Z' } })
  check(request(), context)
  check(request(), context)
  assert.equal(reads, 2)
})

test('each worker remembers its own context', async () => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { check, Context } = require(${JSON.stringify(new URL('../smsrules.js', import.meta.url).pathname)})
    const context = workerData.context
    const body = { user_number: '${USER}', agent_number: '${AGENT}', agent_message: 'Hi' }
    const answers = []
    for (let step = 0; step < 50; step++) {
      context.number.sms_config.time_out = workerData.base + (step % 3)
      answers.push(JSON.stringify({ ...check(body, context) }) === JSON.stringify({ ...check(body, new Context(JSON.parse(JSON.stringify(context)))) }))
    }
    parentPort.postMessage(answers.every(Boolean))
  `
  const runs = [600, 1200, 1800, 2400].map(
    (base) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(source, { eval: true, workerData: { context: serverContext(), base } })
        worker.once('message', resolve)
        worker.once('error', reject)
      }),
  )
  assert.deepEqual(await Promise.all(runs), [true, true, true, true])
})
