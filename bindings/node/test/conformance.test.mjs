// Every shared conformance vector through `checkJson`, and (unless `only_json`) through
// `check` with plain objects; the two entry points must give the same envelope, and a valid
// request's plan must be the one `validate` returns. A vector whose context is an object is
// also checked against `new Context(context)`, which must give exactly (key order included)
// what the plain object gives.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Context, check, checkJson, validate } from '../smsrules.js'
import { checkArguments, differences, hasObjectContext, loadVectors } from './support/vectors.mjs'

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
    if (ok) assert.deepEqual(envelope.data, validate(...checkArguments(vector.input)), 'validate gives the same plan')
  })

  if (!hasObjectContext(vector.input)) continue

  test(`${file} ${vector.id} via check(object, Context)`, () => {
    const [request, context, extra] = checkArguments(vector.input)
    const prepared = new Context(context)
    const viaObject = JSON.stringify(check(request, context, extra))
    const result = check(request, prepared, extra)
    assert.equal(JSON.stringify(result), viaObject)
    if (result.ok) assert.deepEqual(result.data, validate(request, prepared, extra), 'validate gives the same plan')
    assert.equal(JSON.stringify(check(request, prepared, extra)), viaObject, 'a second check against the same Context')
    // The context's own errors are among every answer's (unless max_issues left some out).
    const errors = (check(request, prepared, extra).errors ?? []).map((issue) => JSON.stringify(issue))
    assert.equal(prepared.ok, prepared.errors.length === 0)
    if (!errors.some((issue) => issue.includes('"TOO_MANY_ISSUES"'))) {
      for (const issue of prepared.errors) assert.ok(errors.includes(JSON.stringify(issue)), issue.path)
    }
  })
}
