// The public SSRF corpus (tests/ssrf/corpus.json, described in tests/ssrf/README.md).
//
// Each URL is a request's webhook, judged by `check` with a plain object: every `refuse` entry
// gets UNSAFE_WEBHOOK or INVALID_URL at `/webhook`; every `accept` entry gets no `/webhook`
// issue and its plan carries the URL's WHATWG serialization, which Node's own `URL` computes
// here too, and in which Node's legacy `url.parse` (what `node-fetch` 2 applies) reads the
// same host.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { parse as legacyParse } from 'node:url'
import { check, checkJson, validate } from '../smsrules.js'

const load = (name) => JSON.parse(readFileSync(new URL(`../../../tests/ssrf/${name}`, import.meta.url), 'utf8'))
const CORPUS = load('corpus.json')
const SERIALIZED = load('serialized.json')

const requestWith = (url) => ({
  user_number: '+14155552671',
  agent_number: '+14155550000',
  agent_message: 'Hi',
  webhook: url,
})

test('the corpus is whole', () => {
  assert.equal(CORPUS.length, 536)
  assert.equal(CORPUS.filter((e) => e.expect === 'refuse').length, 398)
  assert.equal(CORPUS.filter((e) => e.expect === 'accept').length, 44)
})

for (const entry of CORPUS) {
  if (entry.expect !== 'refuse' && entry.expect !== 'accept') continue
  test(`${entry.expect} ${JSON.stringify(entry.url)}`, () => {
    const result = check(requestWith(entry.url))
    const { ok, ...envelope } = result
    assert.deepEqual(envelope, JSON.parse(checkJson(JSON.stringify({ request: requestWith(entry.url) }))))
    const issues = [...(envelope.errors ?? []), ...envelope.warnings].filter((i) => i.path === '/webhook')
    if (entry.expect === 'refuse') {
      assert.equal(issues.length, 1, JSON.stringify(issues))
      assert.equal(issues[0].in, 'body')
      assert.ok(['UNSAFE_WEBHOOK', 'INVALID_URL'].includes(issues[0].error), issues[0].error)
      assert.equal(ok, false)
    } else {
      assert.deepEqual(issues, [])
      assert.equal(ok, true, JSON.stringify(envelope.errors))
      const href = new URL(entry.url).href
      assert.equal(SERIALIZED[entry.url], href, 'serialized.json is what WHATWG gives')
      assert.deepEqual(envelope.data.webhook, { value: href, source: 'request' })
      assert.deepEqual(validate(requestWith(entry.url)).webhook, { value: href, source: 'request' })
      assert.equal(legacyParse(href).hostname, new URL(href).hostname)
    }
  })
}
