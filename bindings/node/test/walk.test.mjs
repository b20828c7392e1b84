// The walk from JS values to JSON text (walk.js): exactly `JSON.stringify`'s text for JSON
// values, the same answers as that text, re-entrancy, and native entry points that refuse
// arguments `smsrules.js` never passes instead of crashing.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { check, checkJson, Context, fingerprint } from '../smsrules.js'

const require = createRequire(import.meta.url)
const native = require('../index.js')
const { Walk } = require('../walk.js')

const base = () => ({ user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Hi there' })
const withoutOk = ({ ok, ...envelope }) => envelope
const viaText = (request, context) => JSON.parse(checkJson(JSON.stringify({ request_text: JSON.stringify(request), context })))
const walked = (value) => new Walk(1e6, 1e8).part(value)

/** A small deterministic generator (xorshift32), so a failure names its seed. */
function random(seed) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

const SAMPLES = ['', 'a', 'é', '😀', '€[]{}', '~/', 'a\u0000b', '\u001f', '\u2028', 'line\nbreak', '"quoted"', 'back\\slash', 'ﾟ', '𝔘𝔫𝔦', '__proto__']
function json(next, depth) {
  const r = next()
  if (depth > 4 || r < 0.45) {
    const p = next()
    if (p < 0.15) return null
    if (p < 0.3) return next() < 0.5
    if (p < 0.5) return Math.floor(next() * 2 ** 40) - 2 ** 39
    if (p < 0.6) return (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30)
    if (p < 0.65) return [-0, 1e21, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2][Math.floor(next() * 5)]
    return SAMPLES[Math.floor(next() * SAMPLES.length)] + Math.floor(next() * 100)
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 5) }, () => json(next, depth + 1))
  const object = {}
  for (let i = Math.floor(next() * 5); i > 0; i--) object[SAMPLES[Math.floor(next() * SAMPLES.length)] + i] = json(next, depth + 1)
  return object
}

test('the walk writes exactly the text JSON.stringify writes, for JSON values (1,000 seeds)', () => {
  for (let seed = 1; seed <= 1000; seed++) {
    const value = { value: json(random(seed), 0) }
    const walk = walked(value)
    assert.equal(walk.faults, undefined, `seed ${seed}`)
    assert.equal(walk.text, JSON.stringify(value), `seed ${seed}`)
  }
})

test('random JSON values give the envelope of their JSON text (300 seeds)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed)
    const request = { ...base(), request_data: { value: json(next, 0) }, metadata: { list: [json(next, 0)] } }
    const context = { conversation: { id: 'c1', active: true, overrides: { time_out: 600 } }, extra: json(next, 0) }
    assert.deepEqual(withoutOk(check(request, context)), viaText(request, context), `seed ${seed}`)
  }
})

test('values that are not JSON are null in the text, each fault at its path', () => {
  const data = { a: [undefined, () => 1, Symbol('s'), 10n, NaN, -Infinity, 'x\ud800'], d: new Date(0), u: undefined }
  data.self = data
  data[`k\udc00`] = 1
  data.toJSON = () => 'never called'
  const walk = walked(data)
  assert.equal(walk.text, '{"a":[null,null,null,null,null,null,null],"d":null,"self":null,"toJSON":null}')
  assert.deepEqual(walk.faults, [[0, 'a', 0], [0, 'a', 1], [0, 'a', 2], [0, 'a', 3], [0, 'a', 4], [0, 'a', 5], [0, 'a', 6], [0, 'd'], [0, 'self'], [0, 'k\udc00'], [0, 'toJSON']])
})

test('large values still convert exactly', () => {
  // An unknown field (a warning) carries the bulk: request_data is capped at 64 KiB.
  const request = { ...base(), bulk: Array.from({ length: 20000 }, (_, i) => ({ i, s: `item ${i}`, f: i / 7 })) }
  const result = check(request)
  assert.equal(result.ok, true)
  assert.deepEqual(withoutOk(result), viaText(request))
  assert.equal(fingerprint(request), fingerprint(JSON.stringify(request)))
})

test('a getter that calls smsrules during a walk does not disturb it', () => {
  const inner = []
  const data = {
    get nested() {
      inner.push(check({ ...base(), channel: 'fax' }))
      return 'value'
    },
  }
  const outer = check({ ...base(), request_data: data })
  assert.equal(outer.ok, true)
  assert.deepEqual(outer.data.request_data.value, { nested: 'value' })
  assert.equal(inner[0].errors[0].error, 'INVALID_ENUM')
  assert.equal(fingerprint({ a: data }), fingerprint({ a: { nested: 'value' } }))
})

test('a proxy of an array is an array, as Array.isArray and JSON.stringify have it', () => {
  const ids = new Proxy(['a', 'b'], {})
  assert.deepEqual(check({ ...base(), disposition_ids: ids }).data.disposition_ids.value, ['a', 'b'])
})

test('the native entry points refuse arguments smsrules.js never passes with a TypeError', () => {
  const malformed = [
    () => native.checkParts('{}', '{}', 0, undefined, undefined, undefined, undefined),
    () => native.checkParts(undefined, '{}', 0, '{', undefined, undefined, undefined),
    () => native.checkParts(undefined, '{}', 0, undefined, 'nope', undefined, undefined),
    () => native.checkParts(undefined, '{}', 0, undefined, undefined, undefined, '[[9,0]]'),
    () => native.checkParts(undefined, '{}', 0, undefined, undefined, undefined, '[[1,0,{}]]'),
    () => native.checkParts(undefined, '{}', 0, undefined, undefined, undefined, '{'),
    () => native.prepareContext('[', undefined),
    () => native.checkParts(undefined, 5, 0, undefined, undefined, undefined, undefined),
    () => native.checkPartsIn({}, undefined, '{}', 0, undefined, undefined, undefined),
    () => native.prepareContext('{}', '[[2]]'),
    () => native.contextIssues({}),
    () => native.closeContext('x'),
    () => native.fingerprintParts(undefined, '{}', '[[1,0,"a"]]'),
    () => native.fingerprintParts('{}', '{}', undefined),
  ]
  for (const call of malformed) assert.throws(call, Error)
  for (const call of malformed.slice(0, 7)) assert.throws(call, TypeError)
  // The smallest well-formed call: {} as the body.
  assert.equal(JSON.parse(native.checkParts(undefined, '{}', 0, undefined, undefined, undefined, undefined)).errors[0].error, 'MISSING_FIELD')
})

test('a native call that fails anyway reaches the caller as a TypeError, never a plain Error', () => {
  // A caller who replaced JSON.stringify makes smsrules.js hand the addon a number where it
  // takes text: napi-rs refuses that argument with a plain Error, which the package turns
  // into a TypeError (a caught panic is a TypeError already, see src/lib.rs).
  const request = { ...base(), request_data: { callback: () => 1 } }
  const stringify = JSON.stringify
  const thrown = []
  JSON.stringify = (value, ...rest) => (Array.isArray(value) ? 5 : stringify(value, ...rest))
  try {
    for (const call of [() => check(request), () => fingerprint(request), () => new Context({ persona: () => 1 })]) {
      try {
        call()
        thrown.push('no error')
      } catch (error) {
        thrown.push(error)
      }
    }
  } finally {
    JSON.stringify = stringify
  }
  for (const error of thrown) {
    assert.ok(error instanceof TypeError, `not a TypeError: ${error}`)
    assert.equal(error.code, 'ERR_SMSRULES_INTERNAL')
    assert.ok(error.cause instanceof Error)
  }
  // Put back, the same calls answer again.
  assert.equal(check(request).errors[0].error, 'INVALID_TYPE')
})
