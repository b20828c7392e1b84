// The walk from JS values to the native side (tape.js + src/tape.rs): same answers as the
// JSON text of the same values, growth, re-entrancy, and a native side that refuses
// malformed tapes instead of crashing.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { check, checkJson, fingerprint } from '../smsrules.js'

const require = createRequire(import.meta.url)
const native = require('../index.js')

const base = () => ({ user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Hi there' })
const withoutOk = ({ ok, ...envelope }) => envelope
const viaText = (request, context) => JSON.parse(checkJson(JSON.stringify({ request, context })))

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

const SAMPLES = ['', 'a', 'é', '😀', '€[]{}', '~/', 'a\u0000b', '\u2028', 'line\nbreak', '"quoted"', 'ﾟ', '𝔘𝔫𝔦']
function json(next, depth) {
  const r = next()
  if (depth > 4 || r < 0.45) {
    const p = next()
    if (p < 0.15) return null
    if (p < 0.3) return next() < 0.5
    if (p < 0.5) return Math.floor(next() * 2 ** 40) - 2 ** 39
    if (p < 0.65) return (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20)
    return SAMPLES[Math.floor(next() * SAMPLES.length)] + Math.floor(next() * 100)
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 5) }, () => json(next, depth + 1))
  const object = {}
  for (let i = Math.floor(next() * 5); i > 0; i--) object[SAMPLES[Math.floor(next() * SAMPLES.length)] + i] = json(next, depth + 1)
  return object
}

test('random JSON values give the envelope of their JSON text (300 seeds)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed)
    const request = { ...base(), request_data: { value: json(next, 0) }, metadata: { list: [json(next, 0)] } }
    const context = { conversation: { id: 'c1', active: true, overrides: { time_out: 600 } }, extra: json(next, 0) }
    assert.deepEqual(withoutOk(check(request, context)), viaText(request, context), `seed ${seed}`)
  }
})

test('large values grow the buffers and still convert exactly', () => {
  // An unknown field (a warning) carries the bulk: request_data is capped at 64 KiB.
  const request = { ...base(), bulk: Array.from({ length: 20000 }, (_, i) => ({ i, s: `item ${i}`, f: i / 7 })) }
  const result = check(request)
  assert.equal(result.ok, true)
  assert.deepEqual(withoutOk(result), viaText(request))
  assert.equal(fingerprint(request), fingerprint(JSON.stringify(request)))
  assert.equal(check(base()).warnings.length, 0, 'the grown tape is reset for the next call')
})

test('a getter that calls smsrules during a walk gets its own tape', () => {
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

test('the native entry points refuse malformed tapes with a TypeError', () => {
  const u32 = (values) => Uint32Array.from(values)
  const f64 = (values) => Float64Array.from(values)
  const malformed = [
    () => native.checkTape(true, undefined, undefined, 1, u32([]), 0, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32([4, 10]), 2, f64([]), 0, 'ab'),
    () => native.checkTape(true, undefined, undefined, 1, u32([5, 4294967295]), 2, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32([3]), 1, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32([0, 0]), 2, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32([0]), 5, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, [0], 1, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, f64([0]), 1, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32([0]), 1, f64([]), 0, 5),
    () => native.checkTape(true, undefined, undefined, 0, u32([]), 0, f64([]), 0, ''),
    () => native.checkTape(true, undefined, 5, 1, u32([6, 0]), 2, f64([]), 0, ''),
    () => native.checkTape(true, undefined, undefined, 1, u32(Array(200).fill(5).map((v, i) => (i % 2 ? 1 : 5)).concat([0])), 201, f64([]), 0, ''),
    () => native.fingerprintTape(u32([9]), 1, f64([]), 0, ''),
  ]
  for (const call of malformed) assert.throws(call, TypeError)
  // The smallest well-formed tape: {} as the body.
  assert.equal(JSON.parse(native.checkTape(true, undefined, undefined, 1, u32([6, 0]), 2, f64([]), 0, '')).ok, false)
})
