// The surface of the WebAssembly package: the same functions and answers as the native Node
// package, misuse as TypeError, bounded conversion of hostile JavaScript values.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as smsrules from '../js/node.js'
import { Context, SendRequestError, check, checkJson, fingerprint, issueCodes, jsonSchema, segments, validate } from '../js/node.js'

const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Your table is ready' }

test('check answers with a plan and the layer of each value', () => {
  const result = check(request, { number: { phone_number: '+14155550000', sms_config: { time_out: 600 } }, conversation: null })
  assert.equal(result.ok, true)
  assert.equal(result.errors, null)
  assert.deepEqual(result.data.time_out, { value: 600, source: 'number' })
  assert.equal(result.data.message.segments, 1)
})

test('check of text judges the bytes, duplicates included', () => {
  const result = check('{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"a","agent_message":"b"}')
  assert.equal(result.ok, false)
  assert.equal(result.errors[0].error, 'DUPLICATE_KEY')
})

test('validate returns the plan or throws SendRequestError', () => {
  assert.equal(validate(request).user_number, '+14155552671')
  assert.throws(() => validate({ ...request, webhook: 'https://169.254.169.254/' }), (error) => {
    assert.ok(error instanceof SendRequestError)
    assert.equal(error.code, 'INVALID_REQUEST')
    assert.equal(error.errors[0].error, 'UNSAFE_WEBHOOK')
    return true
  })
})

test('a Context answers as the object does, and never shows its values', () => {
  const context = { number: { phone_number: '+14155550000', sms_config: { time_out: 600, warning_time: 900 } }, conversation: null }
  const prepared = new Context(context)
  assert.equal(prepared.ok, true)
  assert.deepEqual(check(request, prepared), check(request, context))
  assert.equal(String(prepared), 'Context { ok: true, errors: 0 }')
  assert.ok(!JSON.stringify(prepared).includes('+1415'))
  prepared.free()
  assert.throws(() => check(request, prepared), TypeError)
  const bad = new Context({ now: 'yesterday' })
  assert.equal(bad.ok, false)
  assert.equal(bad.errors[0].error, 'INVALID_CONTEXT')
})

test('segments, fingerprint, jsonSchema, issueCodes', () => {
  assert.deepEqual(segments('Price: 5€ ☕'), { encoding: 'UCS-2', units: 11, segments: 1, ucs2_chars: ['☕'] })
  assert.match(fingerprint(request), /^sha256:[0-9a-f]{64}$/)
  assert.equal(fingerprint(request), fingerprint(JSON.stringify({ agent_message: 'Your table is ready', agent_number: '+14155550000', user_number: '+14155552671' })))
  assert.throws(() => fingerprint('{"a":"\\ud800"}'), SyntaxError)
  assert.equal(jsonSchema().type, 'object')
  assert.ok(issueCodes().includes('UNSAFE_WEBHOOK'))
  assert.match(smsrules.phoneMetadataVersion(), /^\d+\.\d+\.\d+$/)
})

test('misuse throws TypeError', () => {
  assert.throws(() => check(42), TypeError)
  assert.throws(() => check(request, [1]), TypeError)
  assert.throws(() => check(request, null, { idempotency_key: 'k' }), TypeError)
  assert.throws(() => checkJson({}), TypeError)
  assert.throws(() => segments(1), TypeError)
  assert.throws(() => new Context('{}'), TypeError)
})

test('hostile values are refused in bounded time and memory', () => {
  let dag = { leaf: 'x' }
  for (let i = 0; i < 26; i++) dag = { a: dag, b: dag }
  const started = performance.now()
  assert.throws(() => check({ ...request, request_data: dag }), RangeError)
  const huge = []
  huge.length = 2 ** 32 - 1
  assert.throws(() => check({ ...request, metadata: { huge } }), RangeError)
  const cyclic = { ...request }
  cyclic.request_data = { self: cyclic }
  assert.throws(() => check(cyclic), RangeError)
  assert.ok(performance.now() - started < 20000)
})
