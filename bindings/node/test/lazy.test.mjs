// `check` judges first and builds a valid request's plan only when `data` is first read, from
// a copy of the tape taken at check time; `validate` builds it in the same pass. The result
// must still behave as the plain object it used to be.

import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import util from 'node:util'
import { Context, check, validate } from '../smsrules.js'
import { assertSettled, assertUnread, plainData } from './support/lazy.mjs'

const require = createRequire(import.meta.url)
const native = require('../index.js')

const USER = '+14155552671'
const AGENT = '+14155550000'
const request = () => ({
  user_number: USER,
  agent_number: AGENT,
  agent_message: 'Your table is ready',
  request_data: { table: 12, guests: ['Ann', 'Bo'] },
})
const context = () => ({
  number: { phone_number: AGENT, sms_config: { time_out: 600, webhook: 'https://example.com/hook' } },
  conversation: null,
})
const extra = () => ({ idempotencyKey: 'order-1', options: { unknown_fields: 'error' } })

/** The plain envelope of the same arguments, built in one pass (as `check` used to). */
function eager(...args) {
  const result = check(...args)
  return { ...result, data: result.ok ? validate(...args) : null }
}

/** Count the native calls that judge only, and those that build the plan, while `run` runs. */
function countPasses(run) {
  const counts = { issuesOnly: 0, withPlan: 0 }
  const originals = { checkTape: native.checkTape, checkTapeIn: native.checkTapeIn }
  for (const [name, original] of Object.entries(originals)) {
    native[name] = (plan, ...rest) => {
      counts[plan ? 'withPlan' : 'issuesOnly']++
      return original(plan, ...rest)
    }
  }
  try {
    run()
  } finally {
    Object.assign(native, originals)
  }
  return counts
}

describe('the plan of a check is built on the first read of data', () => {
  test('check judges only; the first read of data builds the plan, once; validate builds it at once', () => {
    let result
    assert.deepEqual(
      countPasses(() => (result = check(request(), context(), extra()))),
      { issuesOnly: 1, withPlan: 0 },
    )
    assert.equal(result.ok, true)
    assertUnread(result)
    assert.deepEqual(countPasses(() => result.data), { issuesOnly: 0, withPlan: 1 })
    assert.deepEqual(countPasses(() => [result.data, JSON.stringify(result)]), { issuesOnly: 0, withPlan: 0 })
    assertSettled(result)
    assert.deepEqual(countPasses(() => validate(request(), context(), extra())), { issuesOnly: 0, withPlan: 1 })
    const prepared = new Context(context())
    assert.deepEqual(countPasses(() => check(request(), prepared).data), { issuesOnly: 1, withPlan: 1 })
    assert.deepEqual(countPasses(() => validate(request(), prepared)), { issuesOnly: 0, withPlan: 1 })
  })

  test('the judging pass of a valid request without warnings answers the text check() builds without parsing', () => {
    const texts = []
    const original = native.checkTape
    native.checkTape = (...args) => {
      const text = original(...args)
      texts.push(text)
      return text
    }
    let result
    try {
      result = check({ user_number: USER, agent_number: AGENT, agent_message: 'Hi' })
    } finally {
      native.checkTape = original
    }
    // smsrules.js builds this answer without JSON.parse; a change of the text would only lose
    // that shortcut, so this test pins it.
    assert.deepEqual(texts, ['{"ok":true,"data":null,"errors":null,"warnings":[]}'])
    assert.equal(result.ok, true)
    assert.deepEqual({ ...result, data: undefined }, { ok: true, data: undefined, errors: null, warnings: [] })
    assert.equal(result.data.agent_message, undefined)
    assert.equal(result.data.message.text, 'Hi')
    // Results never share their lists.
    const other = check({ user_number: USER, agent_number: AGENT, agent_message: 'Hi' })
    assert.notEqual(other.warnings, result.warnings)
  })

  test('an invalid request: data is a plain null from the start, and no plan is built', () => {
    for (const body of [{ ...request(), channel: 'fax' }, '{"user_number": 1}', '{']) {
      let result
      assert.deepEqual(countPasses(() => (result = check(body, context()))), { issuesOnly: 1, withPlan: 0 })
      assert.equal(result.ok, false)
      assertUnread(result)
      assert.deepEqual(Object.getOwnPropertyDescriptor(result, 'data'), plainData(null))
      assert.deepEqual(Reflect.ownKeys(result), ['ok', 'data', 'errors', 'warnings'])
    }
  })

  test('the plan is the one built in one pass: objects, JSON text, a Context, with and without options', () => {
    const prepared = new Context(context())
    const cases = [
      [request()],
      [request(), context()],
      [request(), context(), extra()],
      [request(), prepared, extra()],
      [JSON.stringify(request()), context(), extra()],
      [JSON.stringify(request()), prepared],
      [{ ...request(), extra_field: 1 }, context()], // valid, with a warning
    ]
    for (const args of cases) {
      const result = check(...args)
      assertUnread(result)
      assert.deepEqual(result, eager(...args))
      assert.equal(result.data.idempotency.key, args[2] === undefined ? null : 'order-1')
    }
    assert.equal(check(...cases.at(-1)).warnings[0].error, 'UNKNOWN_FIELD')
  })

  test('keys stay in envelope order, before and after the read, and after an assignment', () => {
    const order = ['ok', 'data', 'errors', 'warnings']
    const result = check(request(), context())
    assert.deepEqual(Object.keys(result), order)
    void result.data
    assert.deepEqual(Object.keys(result), order)
    const assigned = check(request())
    assigned.data = 1
    assert.deepEqual(Object.keys(assigned), order)
    assert.deepEqual(Object.keys(check({})), order)
  })
})

describe('the plan reflects the request as it was checked', () => {
  test('changing the request and the context objects after check changes nothing', () => {
    const body = request()
    const plain = context()
    const options = extra()
    const expected = validate(request(), context(), extra())
    const result = check(body, plain, options)
    body.agent_message = 'changed since: a much longer message than the one that was checked'
    body.request_data.table = 99
    body.request_data.guests.push('Cy')
    delete body.user_number
    body.channel = 'fax'
    plain.number.sms_config.time_out = 30
    plain.number.sms_config.webhook = 'https://example.com/other'
    options.idempotencyKey = 'order-2'
    options.options.unknown_fields = 'ignore'
    assert.deepEqual(result.data, expected)
    assert.equal(result.data.time_out.value, 600)
    assert.equal(result.data.message.text, 'Your table is ready')
  })

  test('against a Context too, and after other checks reused the shared tape', () => {
    const prepared = new Context(context())
    const body = request()
    const expected = validate(request(), prepared)
    const result = check(body, prepared)
    body.request_data = { table: 1 }
    body.agent_message = 'changed'
    for (let i = 0; i < 3; i++) check({ ...request(), agent_message: `other ${i}`, metadata: { i } }, context())
    assert.deepEqual(result.data, expected)
  })

  test('a request whose getters answer differently on every read: the plan has the value walked', () => {
    let reads = 0
    const body = {
      ...request(),
      get agent_message() {
        reads++
        return `read ${reads}`
      },
    }
    const result = check(body)
    assert.equal(reads, 1)
    assert.equal(result.data.message.text, 'read 1')
    assert.equal(reads, 1, 'the plan is built from the tape, not from a second walk')
  })
})

describe('a valid result still behaves as a plain object', () => {
  const fresh = () => check(request(), context(), extra())
  const expected = () => eager(request(), context(), extra())

  test('JSON.stringify, spread, Object.assign, structuredClone and deepStrictEqual see the plan', () => {
    const json = JSON.stringify(expected())
    assert.equal(JSON.stringify(fresh()), json)
    assert.equal(JSON.stringify({ ...fresh() }), json)
    assert.deepEqual(Object.getOwnPropertyDescriptor({ ...fresh() }, 'data'), plainData(expected().data))
    assert.equal(JSON.stringify(Object.assign({}, fresh())), json)
    const clone = structuredClone(fresh())
    assert.equal(JSON.stringify(clone), json)
    assert.deepEqual(Reflect.ownKeys(clone), ['ok', 'data', 'errors', 'warnings'])
    assert.deepStrictEqual(fresh(), expected())
    assert.ok(util.isDeepStrictEqual(fresh(), expected()))
    assert.deepEqual(Object.entries(fresh()), Object.entries(expected()))
    assert.notDeepStrictEqual(fresh(), { ...expected(), data: { ...expected().data, time_out: null } })
  })

  test('util.inspect and console.log show the plan, not [Getter/Setter]', () => {
    const options = { depth: Infinity }
    const shown = util.inspect(expected(), options)
    for (const show of [
      (result) => util.inspect(result, options),
      (result) => util.formatWithOptions(options, '%O', result),
      (result) => util.formatWithOptions(options, result),
    ]) {
      const result = fresh()
      const text = show(result)
      assert.equal(text, shown)
      assert.doesNotMatch(text, /Getter|Setter/)
      assertSettled(result)
    }
    assert.doesNotMatch(util.inspect(fresh(), { showHidden: true }), /Getter|Setter|inspect/)
    assert.match(util.inspect(fresh(), { depth: 0 }), /^\{ ok: true, data: \[Object\], errors: null, warnings: \[\] \}$/)
  })

  test('data can be assigned (and deleted) before it is read, as on a plain object', () => {
    const result = fresh()
    let passes = countPasses(() => (result.data = { mine: true }))
    assert.deepEqual(passes, { issuesOnly: 0, withPlan: 0 }, 'assigning builds no plan')
    assert.deepEqual(Object.getOwnPropertyDescriptor(result, 'data'), plainData({ mine: true }))
    assertSettled(result)
    assert.equal(JSON.stringify(result), JSON.stringify({ ...expected(), data: { mine: true } }))
    result.data = null
    assert.equal(result.data, null)

    const removed = fresh()
    assert.equal(delete removed.data, true)
    assert.deepEqual(Object.keys(removed), ['ok', 'errors', 'warnings'])
    passes = countPasses(() => assert.equal(removed.data, undefined))
    assert.deepEqual(passes, { issuesOnly: 0, withPlan: 0 })
  })

  test('a frozen result still reads its plan (always the same object) and refuses assignment', () => {
    const result = Object.freeze(fresh())
    const first = result.data
    assert.deepEqual(first, expected().data)
    assert.equal(result.data, first)
    assert.throws(() => {
      result.data = 1
    }, TypeError)
    assert.equal(util.inspect(result, { depth: Infinity }), util.inspect(expected(), { depth: Infinity }))
  })

  test('an object inheriting from a result reads its plan; assigning gives it its own data', () => {
    const result = fresh()
    const child = Object.create(result)
    assert.deepEqual(child.data, expected().data)
    assertSettled(result)
    const other = Object.create(fresh())
    other.data = 5
    assert.equal(other.data, 5)
    assert.deepEqual(Object.getPrototypeOf(other).data, expected().data)
  })
})

describe('re-entrant checks', () => {
  test('checks made from a getter of the request, read inside and after the walk, give their own plans', () => {
    const inner = []
    const insideRead = []
    const body = {
      ...request(),
      request_data: {
        get nested() {
          const first = check({ ...request(), agent_message: 'inner, read later' }, context())
          const second = check({ ...request(), agent_message: 'inner, read at once' })
          inner.push(first)
          insideRead.push(second.data.message.text) // a second native pass during the outer walk
          return 'value'
        },
      },
    }
    const outer = check(body, context(), extra())
    assert.equal(outer.ok, true)
    check({ ...request(), agent_message: 'reuses the shared tape' }, context())
    assert.deepEqual(insideRead, ['inner, read at once'])
    assert.equal(inner[0].data.message.text, 'inner, read later')
    assert.deepEqual(inner[0].data, validate({ ...request(), agent_message: 'inner, read later' }, context()))
    assert.deepEqual(outer.data.request_data.value, { nested: 'value' })
    assert.deepEqual(
      outer.data,
      validate({ ...request(), request_data: { nested: 'value' } }, context(), extra()),
    )
  })

  test('reading data from inside a getter of another request leaves that walk intact', () => {
    const pending = check(request(), context())
    const body = {
      ...request(),
      get metadata() {
        return { seen: pending.data.message.text }
      },
    }
    const outer = check(body, context())
    assert.deepEqual(outer.data, validate({ ...request(), metadata: { seen: 'Your table is ready' } }, context()))
    assert.deepEqual(pending.data, validate(request(), context()))
  })
})
