// Loads the shared conformance vectors (tests/conformance/vectors/*.json).
//
// `input` must reach `checkJson` byte for byte: JSON.parse would silently drop duplicate
// keys and round big integers. So each file is also scanned for the source span of every
// case's `input` value, and that text is what the JSON entry point receives.

import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../tests/conformance/vectors')

/** Every case as `{ file, case, inputText }`, files in name order. */
export function loadVectors() {
  const cases = []
  for (const file of readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const text = readFileSync(join(VECTORS_DIR, file), 'utf8')
    const parsed = JSON.parse(text)
    const spans = inputSpans(text)
    if (spans.length !== parsed.length) throw new Error(`${file}: found ${spans.length} cases, expected ${parsed.length}`)
    parsed.forEach((vector, index) => {
      const span = spans[index]
      const inputText = vector.input_text ?? (span ? text.slice(span[0], span[1]) : undefined)
      cases.push({ file, vector, inputText })
    })
  }
  return cases
}

/** For each element of the top-level array: the [start, end) of its `input` value, or null. */
function inputSpans(text) {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++
  }
  const expect = (c) => {
    ws()
    if (text[i] !== c) throw new Error(`expected ${c} at ${i}`)
    i++
  }
  const string = () => {
    ws()
    const start = i
    expect('"')
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i))
  }
  // Skips one value; returns [start, end).
  const value = () => {
    ws()
    const start = i
    const c = text[i]
    if (c === '"') string()
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      i++
      ws()
      if (text[i] === close) i++
      else {
        for (;;) {
          if (c === '{') {
            string()
            expect(':')
          }
          value()
          ws()
          if (text[i] === ',') i++
          else {
            expect(close)
            break
          }
        }
      }
    } else {
      while (i < text.length && !',]} \t\r\n'.includes(text[i])) i++
    }
    return [start, i]
  }
  const spans = []
  expect('[')
  ws()
  if (text[i] === ']') return spans
  for (;;) {
    expect('{')
    let span = null
    ws()
    if (text[i] !== '}') {
      for (;;) {
        const key = string()
        expect(':')
        const s = value()
        if (key === 'input') span = s
        ws()
        if (text[i] === ',') i++
        else break
      }
    }
    expect('}')
    spans.push(span)
    ws()
    if (text[i] === ',') i++
    else break
  }
  expect(']')
  return spans
}

/** The differences between an envelope and a case's `expect` (empty when it conforms). */
export function differences(envelope, expect) {
  const diffs = []
  for (const list of ['errors', 'warnings']) {
    const actual = envelope[list] ?? []
    const expected = expect[list] ?? []
    const same =
      actual.length === expected.length && actual.every((issue, k) => issueMatches(issue, expected[k]))
    if (!same) {
      const got = actual.map((a) => JSON.stringify([a.in, a.path, a.error, a.params]))
      diffs.push(`${list}: expected ${JSON.stringify(expected)}, got [${got.join(', ')}]`)
    }
  }
  if ((envelope.errors === null) === (envelope.data === null)) diffs.push('data must be null exactly when errors is non-empty')
  if (Array.isArray(envelope.errors) && envelope.errors.length === 0) diffs.push('errors must be null, never []')
  if (!Array.isArray(envelope.warnings)) diffs.push('warnings must be a list')
  for (const [field, want] of Object.entries(expect.plan ?? {})) {
    const got = envelope.data?.[field]
    if (!deepEqual(got, want)) diffs.push(`plan.${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
  }
  return diffs
}

function issueMatches(actual, expected) {
  const [where, path, error, params] = expected
  if (actual.in !== where || actual.path !== path || actual.error !== error) return false
  return Object.entries(params ?? {}).every(([key, want]) => deepEqual(actual.params?.[key], want))
}

export function deepEqual(a, b) {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
}

/** The arguments of `check(request, context, { idempotencyKey, options })` for a case. */
export function checkArguments(input) {
  const headers = input.headers ?? {}
  const extra = {}
  if (headers['idempotency-key'] !== undefined) extra.idempotencyKey = headers['idempotency-key']
  if (input.options !== undefined) extra.options = input.options
  return [input.request, input.context, extra]
}

/** Whether a case's context is a plain object (which `new Context` takes; an array or a string is not). */
export function hasObjectContext(input) {
  const context = input?.context
  return typeof context === 'object' && context !== null && !Array.isArray(context)
}
