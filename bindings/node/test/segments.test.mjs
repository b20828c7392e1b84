// segments() against the test messages Twilio publishes with its message-segment-calculator
// (fixtures/twilio-segments.json says exactly where each one comes from).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { segments } from '../smsrules.js'

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/twilio-segments.json', import.meta.url), 'utf8'))

test('the fixture holds the published messages', () => {
  assert.ok(cases.length >= 40)
})

for (const { name, text, encoding, segments: count, units } of cases) {
  test(`Twilio calculator: ${name}`, () => {
    const result = segments(text)
    assert.deepEqual([result.encoding, result.segments, result.units], [encoding, count, units])
    assert.equal(result.ucs2_chars.length > 0, encoding === 'UCS-2')
  })
}
