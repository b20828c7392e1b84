// The hostile-input catalogue through the WebAssembly build: every case's envelope is byte
// for byte the native core's, within a generous time guard (a hang, not a speed test).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkJson } from '../js/node.js'
import { buildDocument, hostileCases, nativeAnswers } from './support.mjs'

const native = new Map(nativeAnswers().hostile.map(({ id, envelope }) => [id, envelope]))
const cases = hostileCases()

test('every hostile case has a native answer', () => {
  assert.ok(cases.length > 50)
  for (const { id } of cases) assert.ok(native.has(id), id)
})

for (const { id, parts } of cases) {
  test(`hostile ${id}`, () => {
    const document = buildDocument(parts)
    const started = performance.now()
    const envelope = checkJson(document)
    const seconds = (performance.now() - started) / 1000
    assert.ok(seconds < 20, `${id} took ${seconds.toFixed(1)} s`)
    assert.equal(envelope, native.get(id))
  })
}
