// An ES module program that installed the packed tarballs: `import { check } from 'smsrules'`
// answers a check, and the ES and CommonJS entries share one addon and one set of classes.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import smsrules, { check, validate, Context, SendRequestError, PHONE_METADATA_VERSION } from 'smsrules'

const request = { user_number: '+14155552671', agent_number: '+14155550000', channel: 'sms', agent_message: 'Hello' }
const result = check(request, { conversation: null })
assert.equal(result.ok, true, JSON.stringify(result.errors))
assert.equal(result.data.message.segments, 1)
assert.equal(smsrules.check, check)

const invalid = check({ user_number: '+14155552671' })
assert.equal(invalid.ok, false)
assert.ok(invalid.errors.some((issue) => issue.error === 'MISSING_FIELD'))
try {
  validate({})
  assert.fail('validate accepted an empty body')
} catch (error) {
  assert.ok(error instanceof SendRequestError)
}

const require = createRequire(import.meta.url)
const commonjs = require('smsrules')
assert.equal(commonjs.Context, Context, 'one Context class for import and require')
assert.ok(check(request, new commonjs.Context({ conversation: null })).ok)
assert.equal(typeof PHONE_METADATA_VERSION, 'string')
console.log('import.mjs: ok')
