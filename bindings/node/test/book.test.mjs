// The JavaScript samples of the book (docs/src) run as written, each in its own function
// scope, with `require('smsrules')` giving this package. docs/samples.py defines what a
// sample is and writes them out.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..', '..')
const smsrules = require('../smsrules.js')

const out = mkdtempSync(join(tmpdir(), 'smsrules-book-js-'))
execFileSync('python3', [join(repo, 'docs', 'samples.py'), 'js', out], { stdio: 'pipe' })
const samples = readdirSync(out).filter((name) => name.endsWith('.cjs')).sort()
  .map((name) => ({ name, code: readFileSync(join(out, name), 'utf8') }))
rmSync(out, { recursive: true, force: true })

const sampleRequire = (name) => (name === 'smsrules' ? smsrules : require(name))

test('the book has JavaScript samples', () => {
  assert.ok(samples.length >= 3, `only ${samples.length} samples`)
})

for (const { name, code } of samples) {
  test(`book sample ${name}`, () => {
    // eslint-disable-next-line no-new-func
    new Function('require', code)(sampleRequire)
  })
}
