'use strict'
// A CommonJS program that installed the packed tarballs: `require('smsrules')` loads the
// addon from the platform package npm chose, and answers a check.
const assert = require('node:assert/strict')
const path = require('node:path')
const smsrules = require('smsrules')
const { check, validate, Context, SendRequestError, segments, issueCodes } = smsrules

const request = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Your table is ready' }
const context = {
  number: { phone_number: '+14155550000', sms_config: { time_out: 600, webhook: 'https://example.com/hook' } },
  conversation: null,
}

const result = check(request, context)
assert.equal(result.ok, true, JSON.stringify(result.errors))
assert.deepEqual(result.data.time_out, { value: 600, source: 'number' })
assert.deepEqual(check(request, new Context(context)), result)

const invalid = check({ user_number: '+14155552671' })
assert.equal(invalid.ok, false)
assert.ok(invalid.errors.some((issue) => issue.error === 'MISSING_FIELD' && issue.path === '/agent_number'))
assert.throws(() => validate({}), SendRequestError)
assert.equal(segments('hello').segments, 1)
assert.ok(issueCodes().includes('MISSING_FIELD'))

// The addon came from the platform package npm chose, not from the main package.
const addons = Object.keys(require.cache).filter((file) => file.endsWith('.node'))
assert.equal(addons.length, 1, `one addon loaded: ${addons}`)
const platformPackage = path.basename(path.dirname(addons[0]))
assert.match(platformPackage, /^smsrules-(linux|darwin|win32)-/)
console.log(`require.cjs: ok (smsrules ${require('smsrules/package.json').version}, addon from ${platformPackage})`)
