// Every shared conformance vector through `checkJson`, and (unless `only_json`) through
// `check` with plain objects; the two entry points must give the same envelope.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { check, checkJson } from '../smsrules.js'
import { checkArguments, differences, loadVectors } from './support/vectors.mjs'

const cases = loadVectors()

test('the vectors are found', () => {
  assert.ok(cases.length > 0, 'no conformance vectors found')
})

for (const { file, vector, inputText } of cases) {
  test(`${file} ${vector.id} via checkJson`, () => {
    const envelope = JSON.parse(checkJson(inputText))
    assert.deepEqual(differences(envelope, vector.expect), [], vector.why)
  })

  if (vector.only_json || vector.input === undefined) continue

  test(`${file} ${vector.id} via check(object)`, () => {
    const { ok, ...envelope } = check(...checkArguments(vector.input))
    assert.equal(ok, envelope.errors === null, 'ok is true exactly when there are no errors')
    assert.deepEqual(differences(envelope, vector.expect), [], vector.why)
    assert.deepEqual(envelope, JSON.parse(checkJson(inputText)), 'check(object) and checkJson disagree')
  })
}
