// Behaviour of the Node surface itself: argument handling, the JS → JSON conversion
// contract, errors, and the small functions.

import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import util from 'node:util'
import vm from 'node:vm'
import { MessageChannel } from 'node:worker_threads'
import {
  Context,
  check,
  checkJson,
  validate,
  SendRequestError,
  segments,
  fingerprint,
  jsonSchema,
  issueCodes,
  PHONE_METADATA_VERSION,
} from '../smsrules.js'

const USER = '+14155552671'
const AGENT = '+14155550000'
const base = () => ({ user_number: USER, agent_number: AGENT, agent_message: 'Hi there' })

/** [in, path, error] of each error. */
const errorsOf = (result) => (result.errors ?? []).map((e) => [e.in, e.path, e.error])

/** The envelope `checkJson` gives for the same parts. */
function viaJson(request, context, options) {
  const doc = { request }
  if (context !== undefined) doc.context = context
  if (options?.idempotencyKey !== undefined) doc.headers = { 'idempotency-key': options.idempotencyKey }
  if (options?.options !== undefined) doc.options = options.options
  return { ...JSON.parse(checkJson(JSON.stringify(doc))) }
}

const withoutOk = ({ ok, ...envelope }) => envelope

/** An object whose one enumerable property, `boom`, throws when read. */
function throwingGetter() {
  const data = {}
  Object.defineProperty(data, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  return data
}

describe('check', () => {
  test('returns the envelope with ok, snake_case keys as on the wire', () => {
    const result = check(base())
    assert.deepEqual(Object.keys(result), ['ok', 'data', 'errors', 'warnings'])
    assert.equal(result.ok, true)
    assert.equal(result.errors, null)
    assert.deepEqual(result.warnings, [])
    assert.equal(result.data.user_number, USER)
    assert.equal(result.data.agent_number, AGENT)
    assert.deepEqual(result.data.channel, { value: 'sms', source: 'default' })
    assert.equal(result.data.message.kind, 'text')
    assert.equal(result.data.message.ucs2_chars.length, 0)
  })

  test('an invalid request has ok false, data null and the errors', () => {
    const result = check({})
    assert.equal(result.ok, false)
    assert.equal(result.data, null)
    assert.deepEqual(errorsOf(result), [
      ['body', '/agent_number', 'MISSING_FIELD'],
      ['body', '/user_number', 'MISSING_FIELD'],
    ])
    for (const issue of result.errors) {
      assert.deepEqual(Object.keys(issue), ['error', 'in', 'path', 'message', 'params'])
      assert.equal(typeof issue.message, 'string')
      assert.equal(typeof issue.params, 'object')
    }
  })

  test('gives the same envelope as checkJson for the same parts', () => {
    const context = {
      number: { phone_number: AGENT, sms_config: { time_out: 600, webhook: 'https://example.com/hook' } },
      conversation: null,
    }
    const extra = { idempotencyKey: 'key-1', options: { unknown_fields: 'error' } }
    const request = { ...base(), warning_time: 900, extra_field: 1 }
    assert.deepEqual(withoutOk(check(request, context, extra)), viaJson(request, context, extra))
  })

  test('a JSON string request is parsed by smsrules: duplicate keys and bad JSON are judged', () => {
    const text = `{"user_number":"${USER}","agent_number":"${AGENT}","agent_message":"a","agent_message":"b"}`
    assert.deepEqual(errorsOf(check(text)), [['body', '/agent_message', 'DUPLICATE_KEY']])
    assert.deepEqual(errorsOf(check('{"user_number":')), [['body', '', 'INVALID_JSON']])
    assert.deepEqual(errorsOf(check('[]')), [['body', '', 'INVALID_TYPE']])
  })

  test('a JSON string request with a lone surrogate is INVALID_JSON, not silently repaired', () => {
    const codes = (result) => (result.errors ?? []).map((e) => [e.in, e.error])
    const text = `{"user_number":"${USER}","agent_number":"${AGENT}","agent_message":"x\uD800"}`
    assert.deepEqual(codes(check(text)), [['body', 'INVALID_JSON']])
    const afterBackslash = `{"user_number":"${USER}","agent_number":"${AGENT}","agent_message":"x\\\uDC00"}`
    assert.deepEqual(codes(check(afterBackslash)), [['body', 'INVALID_JSON']])
    assert.equal(JSON.parse(checkJson(`{"request":${text}}`)).errors[0].error, 'INVALID_JSON')
  })

  test('idempotencyKey becomes the idempotency-key header', () => {
    assert.equal(check(base(), null, { idempotencyKey: 'abc-123' }).data.idempotency.key, 'abc-123')
    assert.deepEqual(errorsOf(check(base(), null, { idempotencyKey: 'has space' })), [
      ['header', '/idempotency-key', 'INVALID_IDEMPOTENCY_KEY'],
    ])
    assert.equal(check(base(), undefined, { idempotencyKey: null }).data.idempotency.key, null)
  })

  test('bad options are data (INVALID_OPTIONS), not exceptions', () => {
    const result = check(base(), null, { options: { phone_check: 'sometimes', nope: 1 } })
    assert.deepEqual(errorsOf(result), [
      ['options', '/nope', 'INVALID_OPTIONS'],
      ['options', '/phone_check', 'INVALID_OPTIONS'],
    ])
  })

  test('each call returns fresh plain objects', () => {
    const first = check(base())
    first.data.channel.value = 'changed'
    assert.equal(check(base()).data.channel.value, 'sms')
    assert.equal(Object.getPrototypeOf(first), Object.prototype)
  })
})

describe('JS values that are not JSON', () => {
  const cases = [
    ['undefined in an array', [undefined], '/disposition_ids/0'],
    ['a hole in an array', [, 'a'], '/disposition_ids/0'], // eslint-disable-line no-sparse-arrays
    ['a function', [() => 1], '/disposition_ids/0'],
    ['a symbol', [Symbol('s')], '/disposition_ids/0'],
    ['a BigInt', [1n], '/disposition_ids/0'],
    ['NaN', [NaN], '/disposition_ids/0'],
    ['Infinity', ['a', Infinity], '/disposition_ids/1'],
    ['-Infinity', [-Infinity], '/disposition_ids/0'],
    ['a Date', [new Date(0)], '/disposition_ids/0'],
    ['a Map', [new Map([['a', 1]])], '/disposition_ids/0'],
    ['a Set', [new Set(['a'])], '/disposition_ids/0'],
    ['a RegExp', [/a/], '/disposition_ids/0'],
    ['a Uint8Array', [new Uint8Array(2)], '/disposition_ids/0'],
    ['a Buffer', [Buffer.from('a')], '/disposition_ids/0'],
    ['a boxed string', [new String('a')], '/disposition_ids/0'], // eslint-disable-line no-new-wrappers
    ['a class instance', [new (class Id {})()], '/disposition_ids/0'],
    ['a Promise', [Promise.resolve('a')], '/disposition_ids/0'],
    ['a string with a lone surrogate', ['a\uD83D'], '/disposition_ids/0'],
  ]
  for (const [name, ids, pointer] of cases) {
    test(`${name} is INVALID_TYPE at ${pointer}`, () => {
      const result = check({ ...base(), disposition_ids: ids })
      assert.deepEqual(errorsOf(result), [['body', pointer, 'INVALID_TYPE']])
    })
  }

  test('deeper values get their exact pointer, with ~ and / escaped', () => {
    const result = check({ ...base(), request_data: { 'a/b': { 'c~d': [1, { e: NaN }] } } })
    assert.deepEqual(errorsOf(result), [['body', '/request_data/a~1b/c~0d/1/e', 'INVALID_TYPE']])
  })

  test('a top-level field holding a function is INVALID_TYPE, not dropped', () => {
    assert.deepEqual(errorsOf(check({ ...base(), agent_message: () => 'hi' })), [
      ['body', '/agent_message', 'INVALID_TYPE'],
    ])
  })

  test('a property whose value is undefined is absent, as JSON.stringify has it', () => {
    const request = { ...base(), webhook: undefined, request_data: { a: undefined, b: 1 } }
    const result = check(request)
    assert.equal(result.ok, true)
    assert.deepEqual(result.data.request_data, { value: { b: 1 }, source: 'request' })
    assert.deepEqual(withoutOk(result), viaJson(request))
  })

  test('symbol-keyed and non-enumerable properties are ignored, as JSON.stringify does', () => {
    const request = base()
    request[Symbol('secret')] = 1
    Object.defineProperty(request, 'hidden', { value: 1, enumerable: false })
    assert.deepEqual(withoutOk(check(request)), withoutOk(check(base())))
  })

  test('a cycle is INVALID_TYPE where it closes; the rest is still judged', () => {
    const data = { a: 1, nested: { list: [] } }
    data.self = data
    data.nested.list.push(data.nested)
    const result = check({ ...base(), request_data: data, channel: 'fax' })
    assert.deepEqual(errorsOf(result), [
      ['body', '/channel', 'INVALID_ENUM'],
      ['body', '/request_data/nested/list/0', 'INVALID_TYPE'],
      ['body', '/request_data/self', 'INVALID_TYPE'],
    ])
  })

  test('a cycle through the body itself closes at the field holding it', () => {
    const request = base()
    request.metadata = { back: request }
    assert.deepEqual(errorsOf(check(request)), [['body', '/metadata/back', 'INVALID_TYPE']])
  })

  test('shared (non-cyclic) references are fine', () => {
    const shared = { x: 1 }
    const result = check({ ...base(), request_data: { a: shared, b: shared } })
    assert.equal(result.ok, true)
    assert.deepEqual(result.data.request_data.value, { a: { x: 1 }, b: { x: 1 } })
  })

  test('very deep nesting is PAYLOAD_TOO_DEEP, like the same JSON text', () => {
    let deep = {}
    const request = { ...base(), request_data: deep }
    for (let i = 0; i < 5000; i++) deep = deep.next = {}
    const result = check(request)
    assert.deepEqual(errorsOf(result), [['body', '/request_data', 'PAYLOAD_TOO_DEEP']])
    let shallow = {}
    const text = { ...base(), request_data: shallow }
    for (let i = 0; i < 40; i++) shallow = shallow.next = {}
    assert.deepEqual(errorsOf(check(text)), errorsOf(check(JSON.stringify(text))))
  })

  test('a throwing getter is INVALID_TYPE at its path, never a crash or an exception', () => {
    const data = throwingGetter()
    assert.deepEqual(errorsOf(check({ ...base(), request_data: data })), [
      ['body', '/request_data/boom', 'INVALID_TYPE'],
    ])
  })

  test('a proxy whose traps throw is INVALID_TYPE at its path', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap')
        },
      },
    )
    assert.deepEqual(errorsOf(check({ ...base(), metadata: hostile })), [['body', '/metadata', 'INVALID_TYPE']])
  })

  test('objects without a prototype and from other realms are plain objects', () => {
    const bare = Object.assign(Object.create(null), base())
    assert.equal(check(bare).ok, true)
    const foreign = vm.runInNewContext(`({ user_number: '${USER}', agent_number: '${AGENT}', disposition_ids: ['a'] })`)
    assert.equal(check(foreign).ok, true)
  })

  test('non-JSON values in the context are INVALID_CONTEXT, in options INVALID_OPTIONS', () => {
    const context = { account: { numbers: [AGENT, NaN] } }
    assert.deepEqual(errorsOf(check(base(), context)), [['context', '/account/numbers/1', 'INVALID_CONTEXT']])
    const result = check(base(), null, { options: { max_issues: () => 5 } })
    assert.deepEqual(errorsOf(result), [['options', '/max_issues', 'INVALID_OPTIONS']])
  })

  test('a request that is an array is bad data (wire JSON can be one), not misuse', () => {
    assert.deepEqual(errorsOf(check([])), [['body', '', 'INVALID_TYPE']])
  })

  test('numbers convert as JSON text would: integers stay integers, -0 is 0', () => {
    const request = { ...base(), time_out: 600, request_data: { big: 2 ** 60, neg: -0, half: 0.5, huge: 1e300 } }
    const result = check(request)
    assert.deepEqual(result.data.request_data.value, { big: 2 ** 60, neg: 0, half: 0.5, huge: 1e300 })
    assert.ok(!Object.is(result.data.request_data.value.neg, -0))
    assert.deepEqual(withoutOk(result), viaJson(request))
    assert.equal(fingerprint({ a: 2 ** 60, b: -0 }), fingerprint('{"a":1152921504606846976,"b":0}'))
  })
})

describe('misuse throws TypeError', () => {
  const misuses = [
    ['a number request', () => check(5)],
    ['a null request', () => check(null)],
    ['no request', () => check()],
    ['a boolean request', () => check(true)],
    ['a function request', () => check(() => ({}))],
    ['a Date request', () => check(new Date(0))],
    ['a Map request', () => check(new Map([['user_number', '+14155552671']]))],
    ['a class instance request', () => check(new (class Request {})())],
    ['a Map context', () => check(base(), new Map())],
    ['a Map as options', () => check(base(), null, { options: new Map() })],
    ['a string context', () => check(base(), '{}')],
    ['a number context', () => check(base(), 1)],
    ['an array context', () => check(base(), [])],
    ['an array as options', () => check(base(), null, { options: [] })],
    ['an array context to validate', () => validate(base(), [{}])],
    ['a string third argument', () => check(base(), null, 'key')],
    ['an array third argument', () => check(base(), null, [])],
    ['an unknown key in the third argument', () => check(base(), null, { idempotency_key: 'k' })],
    ['an option at the wrong level', () => check(base(), null, { unknown_fields: 'error' })],
    ['a number idempotencyKey', () => check(base(), null, { idempotencyKey: 5 })],
    ['a string options', () => check(base(), null, { options: 'strict' })],
    ['checkJson of an object', () => checkJson({ request: {} })],
    ['segments of a number', () => segments(5)],
    ['fingerprint of a number', () => fingerprint(5)],
    ['fingerprint of a Date', () => fingerprint(new Date(0))],
    ['validate of null', () => validate(null)],
  ]
  for (const [name, call] of misuses) {
    test(name, () => {
      assert.throws(call, (error) => error instanceof TypeError && error.code === 'ERR_INVALID_ARG_TYPE')
    })
  }
})

describe('a prepared Context', () => {
  const PERSONA_ID = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'
  const serverContext = () => ({
    now: '2026-11-27T12:00:00Z',
    account: { numbers: [AGENT] },
    number: { phone_number: AGENT, sms_config: { time_out: 900, objective: 'book a visit' } },
    persona: { id: PERSONA_ID, production: { objective: 'help' } },
  })
  const nested = (levels) => {
    let value = {}
    for (let i = 0; i < levels; i++) value = { a: value }
    return value
  }
  /** The exact answer, key order included. */
  const answer = (result) => JSON.stringify(result)
  const bodies = () => [
    base(),
    { ...base(), persona_id: PERSONA_ID },
    { ...base(), agent_number: '+1415' },
    { ...base(), channel: 'fax', extra: 1 },
    JSON.stringify(base()),
    '{"user_number":',
    [],
  ]
  const extras = [undefined, null, { idempotencyKey: 'order-1' }, { options: { max_issues: 1, unknown_fields: 'error' } }]

  test('answers exactly as its object does, call after call', () => {
    const context = serverContext()
    const prepared = new Context(context)
    assert.equal(prepared.ok, true)
    assert.deepEqual(prepared.errors, [])
    for (let round = 0; round < 3; round++) {
      for (const body of bodies()) {
        for (const extra of extras) {
          assert.equal(answer(check(body, prepared, extra)), answer(check(body, context, extra)))
        }
      }
    }
    assert.deepEqual(validate(base(), prepared), validate(base(), context))
    assert.equal(check(base(), prepared).data.time_out.value, 900)
  })

  test('is a copy: changing the object afterwards changes nothing', () => {
    const context = serverContext()
    const prepared = new Context(context)
    const before = answer(check(base(), prepared))
    context.number.sms_config.time_out = 60
    context.account.numbers.push('+14155550001')
    context.now = 'yesterday'
    delete context.persona
    assert.equal(answer(check(base(), prepared)), before)
    assert.deepEqual(prepared.toObject(), serverContext())
  })

  test('toObject is a fresh copy of the context as converted', () => {
    const prepared = new Context({ ...serverContext(), skipped: undefined })
    const copy = prepared.toObject()
    assert.deepEqual(copy, serverContext())
    copy.number.sms_config.time_out = 1
    assert.deepEqual(prepared.toObject(), serverContext())
    assert.notEqual(prepared.toObject(), prepared.toObject())
  })

  test('a bad context has its own errors, and every check reports them as for the object', () => {
    // Too deep inside a known field (unknown fields are not judged, however deep).
    const number = { phone_number: AGENT, sms_config: { request_data: nested(100) } }
    const context = { now: 'yesterday', account: { numbers: new Set([AGENT]) }, number }
    const prepared = new Context(context)
    assert.equal(prepared.ok, false)
    assert.deepEqual(errorsOf(prepared), [
      ['context', '/account/numbers', 'INVALID_CONTEXT'],
      ['context', '/now', 'INVALID_CONTEXT'],
      ['context', prepared.errors[2].path, 'INVALID_CONTEXT'],
    ])
    assert.ok(prepared.errors[2].path.startsWith('/number/sms_config/request_data/a/a/a'))
    for (const issue of prepared.errors) {
      assert.deepEqual(Object.keys(issue), ['error', 'in', 'path', 'message', 'params'])
    }
    for (const body of bodies()) {
      for (const extra of extras) {
        assert.equal(answer(check(body, prepared, extra)), answer(check(body, context, extra)))
      }
    }
    const inEnvelope = check(base(), prepared).errors.filter((issue) => issue.in === 'context')
    assert.deepEqual(inEnvelope, prepared.errors)
    assert.throws(
      () => validate(base(), prepared),
      (error) => error instanceof SendRequestError && answer(error.errors) === answer(check(base(), context).errors),
    )
  })

  test('values that are not JSON are judged as check judges them', () => {
    const data = throwingGetter()
    const cyclic = { a: 1 }
    cyclic.self = cyclic
    const context = {
      account: { numbers: [AGENT, NaN, 1n, () => 1] },
      number: { phone_number: AGENT, sms_config: { request_data: data, tools: [cyclic, new Date(0)] } },
      conversation: null,
      'odd/key~': 'x\uD800',
    }
    const prepared = new Context(context)
    assert.equal(prepared.ok, false)
    assert.equal(answer(check(base(), prepared)), answer(check(base(), context)))
    assert.deepEqual(
      prepared.errors,
      check(base(), context).errors.filter((issue) => issue.in === 'context'),
    )
  })

  test('objects without a prototype and from other realms are plain objects', () => {
    const bare = Object.assign(Object.create(null), serverContext())
    assert.equal(answer(check(base(), new Context(bare))), answer(check(base(), serverContext())))
    const foreign = vm.runInNewContext(`({ conversation: null, account: { numbers: ['${AGENT}'] } })`)
    assert.equal(answer(check(base(), new Context(foreign))), answer(check(base(), foreign)))
  })

  test('never shows its values: inspect, String, JSON', () => {
    const prepared = new Context(serverContext())
    assert.equal(util.inspect(prepared), 'Context { ok: true, errors: 0 }')
    assert.equal(String(prepared), 'Context { ok: true, errors: 0 }')
    assert.equal(`${new Context({ now: 'yesterday' })}`, 'Context { ok: false, errors: 1 }')
    assert.equal(Object.prototype.toString.call(prepared), '[object Context]')
    const shown = [
      util.inspect(prepared, { showHidden: true, depth: Infinity, getters: true }),
      util.inspect({ prepared }, { colors: true }),
      util.format('%o %O %s %j', prepared, prepared, prepared, prepared),
      JSON.stringify(prepared),
      JSON.stringify({ prepared }),
    ]
    for (const text of shown) {
      for (const value of [AGENT, 'book a visit', PERSONA_ID, '2026-11-27']) {
        assert.ok(!text.includes(value), `${text} shows ${value}`)
      }
    }
    assert.equal(JSON.stringify(prepared), '{}')
  })

  test('is read-only', () => {
    const prepared = new Context(serverContext())
    assert.ok(Object.isFrozen(prepared))
    assert.throws(() => {
      prepared.ok = false
    }, TypeError)
    assert.throws(() => {
      prepared.extra = 1
    }, TypeError)
    prepared.errors.push({ error: 'X' })
    assert.deepEqual(prepared.errors, [])
    assert.equal(prepared.ok, true)
  })

  test('takes only a plain object: anything else is a TypeError naming context', () => {
    const misuses = [
      ['a string', '{}'],
      ['an array', [serverContext()]],
      ['nothing', undefined],
      ['null', null],
      ['a number', 5],
      ['a Map', new Map()],
      ['a class instance', new (class Settings {})()],
      ['a Context', new Context({})],
    ]
    for (const [name, value] of misuses) {
      assert.throws(
        () => (value === undefined ? new Context() : new Context(value)),
        (error) =>
          error instanceof TypeError &&
          error.code === 'ERR_INVALID_ARG_TYPE' &&
          error.message === 'new Context(context): context must be a plain object',
        name,
      )
    }
    assert.throws(() => Context(serverContext()), TypeError)
  })

  test('check takes only a real Context: a lookalike is misuse, not a context', () => {
    const lookalike = Object.create(Context.prototype)
    const misuse = (error) => error instanceof TypeError && /context must be/.test(error.message)
    assert.throws(() => check(base(), lookalike), misuse)
    const proxy = new Proxy(new Context(serverContext()), {})
    assert.throws(() => check(base(), proxy), misuse)
  })

  test('cannot be sent to another thread (a copy there would be an empty object)', () => {
    const { port1, port2 } = new MessageChannel()
    try {
      assert.throws(
        () => port1.postMessage(new Context(serverContext())),
        (error) => error.name === 'DataCloneError' && /make one in each worker/.test(error.message),
      )
      assert.throws(() => structuredClone(new Context({})), (error) => error.name === 'DataCloneError')
    } finally {
      port1.close()
      port2.close()
    }
  })
})

describe('validate', () => {
  test('returns the plan of a valid request', () => {
    const plan = validate(base())
    assert.deepEqual(plan, check(base()).data)
  })

  test('throws SendRequestError with code and errors for an invalid one', () => {
    const request = { user_number: USER, agent_number: USER, channel: 'fax', unknown: 1 }
    let thrown
    try {
      validate(request)
    } catch (error) {
      thrown = error
    }
    assert.ok(thrown instanceof SendRequestError)
    assert.ok(thrown instanceof Error)
    assert.equal(thrown.name, 'SendRequestError')
    assert.equal(thrown.code, 'INVALID_REQUEST')
    assert.deepEqual(thrown.errors, check(request).errors)
    assert.deepEqual(thrown.warnings, check(request).warnings)
    assert.match(thrown.message, /^invalid send request: INVALID_ENUM in body at "\/channel": .* \(and 1 more\)$/)
    assert.ok(!thrown.message.includes(USER), 'the message never quotes a phone number')
    assert.ok(typeof thrown.stack === 'string' && thrown.stack.includes('SendRequestError'))
  })

  test('SendRequestError can be made by hand from issues, and refuses anything else', () => {
    const { errors } = check({ user_number: USER })
    const made = new SendRequestError(errors)
    assert.deepEqual([made.errors, made.warnings, made.code], [errors, [], 'INVALID_REQUEST'])
    assert.match(made.message, /^invalid send request: MISSING_FIELD in body at "\/agent_number"/)
    const misuse = (error) => error instanceof TypeError && error.code === 'ERR_INVALID_ARG_TYPE'
    assert.throws(() => new SendRequestError(), misuse)
    assert.throws(() => new SendRequestError([]), misuse)
    assert.throws(() => new SendRequestError('boom'), misuse)
    assert.throws(() => new SendRequestError(errors, 'none'), misuse)
  })

  test('takes the same arguments as check', () => {
    const plan = validate(JSON.stringify(base()), { conversation: null }, { idempotencyKey: 'k' })
    assert.equal(plan.idempotency.key, 'k')
    assert.deepEqual(plan.conversation, { action: 'new', archives: null })
  })
})

describe('checkJson', () => {
  test('returns the compact envelope text without ok', () => {
    const text = checkJson(JSON.stringify({ request: base() }))
    assert.equal(typeof text, 'string')
    assert.ok(!text.includes('\n'))
    const envelope = JSON.parse(text)
    assert.deepEqual(Object.keys(envelope).sort(), ['data', 'errors', 'warnings'])
    assert.deepEqual(envelope, withoutOk(check(base())))
  })

  test('a document that is not JSON is reported, not thrown', () => {
    assert.equal(JSON.parse(checkJson('not json')).errors[0].in, 'input')
  })
})

describe('fingerprint', () => {
  test('is the plan fingerprint, independent of key order and whitespace', () => {
    const request = base()
    const value = fingerprint(request)
    assert.match(value, /^sha256:[0-9a-f]{64}$/)
    assert.equal(value, check(request).data.idempotency.fingerprint)
    const reordered = `{ "agent_message": "Hi there", "agent_number": "${AGENT}",\n "user_number": "${USER}" }`
    assert.equal(fingerprint(reordered), value)
  })

  test('throws SyntaxError for text that is not I-JSON', () => {
    assert.throws(() => fingerprint('{"a":'), SyntaxError)
    assert.throws(() => fingerprint('{"a":"\\ud800"}'), SyntaxError)
  })

  test('throws TypeError for values that are not JSON, RangeError for too deep', () => {
    assert.throws(() => fingerprint({ a: 1n }), (e) => e instanceof TypeError && /`\/a`/.test(e.message))
    const cyclic = {}
    cyclic.self = cyclic
    assert.throws(() => fingerprint(cyclic), TypeError)
    let deep = {}
    const root = deep
    for (let i = 0; i < 40; i++) deep = deep.next = {}
    assert.throws(() => fingerprint(root), RangeError)
  })
})

describe('segments', () => {
  test('returns { encoding, units, segments, ucs2_chars }', () => {
    assert.deepEqual(segments('Hello'), { encoding: 'GSM-7', units: 5, segments: 1, ucs2_chars: [] })
    const emoji = segments('Hi 😀')
    assert.equal(emoji.encoding, 'UCS-2')
    assert.equal(emoji.units, 5)
    assert.deepEqual(emoji.ucs2_chars, ['😀'])
    assert.deepEqual(segments(''), { encoding: 'GSM-7', units: 0, segments: 1, ucs2_chars: [] })
    // A lone surrogate counts as U+FFFD, as on the Python surface.
    assert.deepEqual(segments('a\uD800'), segments('a\uFFFD'))
    assert.deepEqual(segments('\uD800'), { encoding: 'UCS-2', units: 1, segments: 1, ucs2_chars: ['\uFFFD'] })
  })

  test('counts beyond the 1,600 limit of agent_message', () => {
    assert.deepEqual(segments('a'.repeat(2000)), { encoding: 'GSM-7', units: 2000, segments: 14, ucs2_chars: [] })
  })

  test('a lone surrogate counts as one UCS-2 unit', () => {
    const result = segments('ab\uD800')
    assert.equal(result.encoding, 'UCS-2')
    assert.equal(result.units, 3)
  })
})

describe('the rest of the surface', () => {
  test('jsonSchema is the draft 2020-12 schema of the request body', () => {
    const schema = jsonSchema()
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
    assert.ok(schema.properties.user_number)
    assert.notEqual(jsonSchema(), schema, 'a fresh object each call')
  })

  test('PHONE_METADATA_VERSION is a version string', () => {
    assert.match(PHONE_METADATA_VERSION, /^\d+\.\d+/)
  })

  test('issueCodes() is exactly the IssueCode union of index.d.ts', () => {
    const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
    const union = dts.match(/export type IssueCode =([^\n]*)/)[1]
    const declared = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])
    assert.deepEqual(declared, issueCodes())
    assert.ok(issueCodes().includes('INVALID_TIMEOUT_CONFIG'))
  })

  test('every issue code a check returns is in issueCodes()', () => {
    const codes = new Set(issueCodes())
    const result = check({ user_number: 'x', agent_number: 'x', channel: 1, zzz: 1 })
    for (const issue of [...result.errors, ...result.warnings]) assert.ok(codes.has(issue.error), issue.error)
  })

  test('the package exports exactly the documented surface', () => {
    assert.deepEqual(Object.keys(require_('..')).sort(), [
      'Context',
      'PHONE_METADATA_VERSION',
      'SendRequestError',
      'check',
      'checkJson',
      'fingerprint',
      'issueCodes',
      'jsonSchema',
      'segments',
      'validate',
    ])
  })

  test('import and require of the package name give the very same objects', async () => {
    // Through package.json's "exports" (a package may import itself by name): the `import`
    // condition is smsrules.mjs, the `require` condition smsrules.js.
    const esm = await import('smsrules')
    const cjs = require_('smsrules')
    assert.equal(cjs, require_('..'))
    assert.deepEqual(Object.keys(esm).filter((name) => name !== 'default').sort(), Object.keys(cjs).sort())
    for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name)
    assert.equal(esm.default, cjs)
    assert.equal(esm, await import('../smsrules.mjs'))
  })
})

import { createRequire } from 'node:module'
const require_ = createRequire(import.meta.url)
