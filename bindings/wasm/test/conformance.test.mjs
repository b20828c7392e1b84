// Every conformance vector through the WebAssembly build: `checkJson` of the vector's exact
// document text must be byte for byte what the native core answers; where the vector maps
// onto `check(request, context, { idempotencyKey, options })` that answer must be the same
// envelope, and with a `Context` too.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Context, check, checkJson } from '../js/node.js'
import { nativeAnswers } from './support.mjs'

const { vectors } = nativeAnswers()

test('the vectors are found', () => {
  assert.ok(vectors.length > 100, `only ${vectors.length} vectors`)
})

/** `check`'s arguments for a vector's document (the Node binding's mapping). */
function argumentsOf(document) {
  const doc = JSON.parse(document)
  const request = 'request' in doc ? doc.request : doc.request_text
  const idempotencyKey = doc.headers?.['idempotency-key']
  return [request, doc.context ?? null, { idempotencyKey, options: doc.options ?? undefined }]
}

let mapped = 0
for (const { id, document, envelope, object } of vectors) {
  test(`${id} via checkJson`, () => {
    assert.equal(checkJson(document), envelope)
  })
  if (!object) continue
  mapped++
  test(`${id} via check(object) and a Context`, () => {
    const args = argumentsOf(document)
    const { ok, ...answer } = check(...args)
    assert.equal(ok, answer.errors === null)
    // Parsed as JavaScript numbers on both sides (an integer past 2^53 is rounded alike).
    assert.deepEqual(answer, JSON.parse(envelope))
    const [request, context, extra] = args
    if (context !== null && typeof context === 'object' && !Array.isArray(context)) {
      const prepared = new Context(context)
      const { ok: _, ...viaContext } = check(request, prepared, extra)
      assert.deepEqual(viaContext, JSON.parse(envelope))
      prepared.free()
    }
  })
}

test('most vectors map onto check(object)', () => {
  assert.ok(mapped > vectors.length / 2, `only ${mapped} of ${vectors.length}`)
})
