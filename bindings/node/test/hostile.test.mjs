// The hostile-input catalogue (tests/hostile/cases.json, format in tests/hostile/README.md).
//
// Every case, one at a time, on a worker thread (so that a hang fails its case instead of the
// run): the document text is built in memory and judged by `checkJson`, which must return a
// well-formed envelope (docs/src/envelope.md) meeting the case's `expect` and quoting no phone number or
// message text of the input. Where the document is plain JSON that JavaScript reads faithfully
// (at most 4 MiB, only the keys `check` has arguments for), `check` with the parsed request
// must give the same envelope.
//
// A `pending` case (a known core bug) still runs: it must answer, within the hang guard, and
// quote nothing; its shape, expectations and the entry points' agreement are only reported as
// diagnostics ("note: …"), as are the cases that did not run through `check`, and why.

import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import { check, checkJson } from '../smsrules.js'
import { deepEqual } from './support/vectors.mjs'

const CASES_FILE = new URL('../../../tests/hostile/cases.json', import.meta.url)
const CASES = JSON.parse(readFileSync(CASES_FILE, 'utf8'))

/** A guard against hangs only, never a speed assertion (see the catalogue's README). */
const HANG_GUARD_MS = 120_000
/** Documents larger than this are not parsed by JavaScript for the object entry point. */
const PARSE_LIMIT = 4 * 1024 * 1024
/** The shortest message text worth looking for inside issue messages. */
const TEXT_CHARS = 3
/** Longer message texts are not looked for (a 1,000,000-character text is not quoted whole). */
const TEXT_LOOKUP_LIMIT = 10_000

// the codes (docs/src/rules/index.md#all-codes) and the plan keys (docs/src/plan.md), one list for every surface (checked against the core).
const SPEC_LISTS = JSON.parse(readFileSync(new URL('../../../tests/spec-lists.json', import.meta.url), 'utf8'))
const ERROR_CODES = new Set(SPEC_LISTS.error_codes)
const WARNING_CODES = new Set(SPEC_LISTS.warning_codes)
const PLAN_KEYS = SPEC_LISTS.plan_keys
const ISSUE_KEYS = ['error', 'in', 'path', 'message', 'params']
const LOCATIONS = new Set(['body', 'header', 'context', 'options', 'input'])
const DOCUMENT_KEYS = new Set(['request', 'request_text', 'context', 'options', 'headers'])
const BAD_TILDE = /~([^01]|$)/u
const FINGERPRINT = /^sha256:[0-9a-f]{64}$/
const PHONE_IN_MESSAGE = /\+[0-9]{7,}/g

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)
const sameKeys = (object, keys) => deepEqual(Object.keys(object), keys)

/** The document text of a case's parts (README "Format"). */
export function build(parts) {
  const pieces = []
  for (const part of parts) {
    if ('text' in part) pieces.push(part.text)
    else if ('repeat' in part) pieces.push(part.repeat.repeat(part.times))
    else if ('numbered' in part) {
      for (let k = 0; k < part.times; k++) pieces.push(part.numbered.replaceAll('{i}', String(k)))
    } else throw new Error(`part ${JSON.stringify(part)} has none of text, repeat, numbered`)
  }
  return pieces.join('')
}

/** RFC 6901: "", or "/"-separated tokens in which "~" is always followed by 0 or 1. */
const isPointer = (path) => path === '' || (path.startsWith('/') && !BAD_TILDE.test(path))

/** Compares two strings as their UTF-8 bytes (the sort order of docs/src/envelope.md). */
function compareBytes(a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function compareIssues(a, b) {
  return compareBytes(a.in, b.in) || compareBytes(a.path, b.path) || compareBytes(a.error, b.error)
}

function listProblems(name, issues, codes) {
  const found = []
  let previous = null
  issues.forEach((issue, index) => {
    const at = `${name}[${index}]`
    if (!isPlainObject(issue) || !sameKeys(issue, ISSUE_KEYS)) {
      found.push(`${at} is not an issue with keys ${ISSUE_KEYS}: ${JSON.stringify(issue).slice(0, 300)}`)
      return
    }
    if (!['error', 'in', 'path', 'message'].every((key) => typeof issue[key] === 'string')) {
      found.push(`${at} lacks a string error, in, path or message`)
      return
    }
    const { error: code, in: location, path, message, params } = issue
    if (!codes.has(code)) found.push(`${at}: ${code} is not a docs/src/rules/index.md#all-codes code for ${name}`)
    if (!LOCATIONS.has(location)) found.push(`${at}: \`in\` is ${location}`)
    if (!isPointer(path)) found.push(`${at}: path ${JSON.stringify(path.slice(0, 80))} is not an RFC 6901 pointer`)
    if (message === '' || /^\p{Uppercase}/u.test(message) || /[\r\n]/.test(message)) {
      found.push(`${at}: message ${JSON.stringify(message)} is not one non-empty line starting lower-case`)
    }
    if (!isPlainObject(params)) found.push(`${at}: params is not an object`)
    if (code === 'TOO_MANY_ISSUES') {
      if (index + 1 !== issues.length || location !== 'input' || path !== '' || !(params?.omitted > 0)) {
        found.push(`${at}: TOO_MANY_ISSUES must come last, in input at "", with params.omitted > 0`)
      }
      return
    }
    if (previous !== null && compareIssues(previous, issue) > 0) {
      found.push(`${at} ${JSON.stringify([location, path.slice(0, 80), code])} is out of order`)
    }
    previous = issue
  })
  return found
}

/** Every way an envelope breaks docs/src/envelope.md (empty when it is well formed). */
export function shapeProblems(envelope) {
  if (!isPlainObject(envelope)) return ['the envelope is not an object']
  const found = []
  if (!sameKeys(envelope, ['data', 'errors', 'warnings'])) {
    found.push(`the envelope's keys are ${Object.keys(envelope)}, not data, errors, warnings`)
  }
  const { data, errors, warnings } = envelope
  if (Array.isArray(errors) && errors.length === 0) found.push('errors is [] (must be null when empty)')
  else if (Array.isArray(errors)) found.push(...listProblems('errors', errors, ERROR_CODES))
  else if (errors !== null) found.push('errors is neither null nor a list')
  if (Array.isArray(warnings)) found.push(...listProblems('warnings', warnings, WARNING_CODES))
  else found.push('warnings is not a list')
  if (Array.isArray(errors) && errors.length > 0) {
    if (data !== null) found.push('data is not null although there are errors')
  } else if (!isPlainObject(data)) {
    found.push('data is not a plan although there are no errors')
  } else {
    if (!sameKeys(data, PLAN_KEYS)) found.push(`the plan's keys are ${Object.keys(data)}, not those of docs/src/plan.md`)
    const fingerprint = data.idempotency?.fingerprint
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) {
      found.push(`plan.idempotency.fingerprint is ${JSON.stringify(fingerprint)}`)
    }
  }
  return found
}

function issueMatches(issue, want) {
  const head = [issue.in, issue.path, issue.error]
  if (want.length < 3 || !want.slice(0, 3).every((w, k) => w === null || w === head[k])) return false
  return Object.entries(want[3] ?? {}).every(([key, value]) => Object.hasOwn(issue.params, key) && deepEqual(issue.params[key], value))
}

function describe(issues) {
  const shown = issues.slice(0, 3).map((i) => JSON.stringify([i.in, i.path.slice(0, 80), i.error, i.params]))
  return `${issues.length} issue(s), first ${shown.join(', ')}`
}

/** Every way an envelope misses a case's `expect` (README "Format"). */
export function expectationProblems(expect, envelope) {
  const found = []
  const errors = envelope.errors ?? []
  const warnings = envelope.warnings ?? []
  if (!('first_error' in expect)) found.push('the case has no `first_error`')
  else if (expect.first_error === null) {
    if (errors.length > 0) found.push(`expected no errors, got ${describe(errors)}`)
  } else if (errors.length === 0 || !issueMatches(errors[0], expect.first_error)) {
    found.push(`expected first error ${JSON.stringify(expect.first_error)}, got ${describe(errors)}`)
  }
  if ('first_warning' in expect && (warnings.length === 0 || !issueMatches(warnings[0], expect.first_warning))) {
    found.push(`expected first warning ${JSON.stringify(expect.first_warning)}, got ${describe(warnings)}`)
  }
  for (const [key, issues] of [['error_count', errors], ['warning_count', warnings]]) {
    if (key in expect && issues.length !== expect[key]) found.push(`expected ${expect[key]} for ${key}, got ${describe(issues)}`)
  }
  return found
}

function messages(envelope) {
  return [...(envelope.errors ?? []), ...(envelope.warnings ?? [])].map((issue) => issue.message)
}

/** Issue messages that quote a phone number (`+` and 7 or more digits) of the input, or the
 * request's message text. */
export function leaks(text, envelope, document) {
  const found = []
  for (const message of messages(envelope)) {
    for (const [number] of message.matchAll(PHONE_IN_MESSAGE)) {
      if (text.includes(number)) found.push(`message ${JSON.stringify(message)} quotes phone number ${number}`)
    }
  }
  let body = isPlainObject(document) ? document.request : undefined
  if (isPlainObject(document) && typeof document.request_text === 'string') {
    try {
      body = JSON.parse(document.request_text)
    } catch {
      body = undefined
    }
  }
  const agentMessage = isPlainObject(body) ? body.agent_message : undefined
  if (typeof agentMessage === 'string' && agentMessage.length >= TEXT_CHARS && agentMessage.length <= TEXT_LOOKUP_LIMIT) {
    for (const message of messages(envelope)) {
      if (message.includes(agentMessage)) found.push(`message ${JSON.stringify(message)} quotes the message text`)
    }
  }
  return found
}

/** The document as JavaScript reads it, or the reason it is not read. */
function hostDocument(text) {
  if (text.length > PARSE_LIMIT) return { why: 'the document is over 4 MiB' }
  try {
    return { document: JSON.parse(text) }
  } catch {
    return { why: 'the document is not JSON to JavaScript' }
  }
}

/** `check`'s arguments for a parsed document, or the reason it has none. */
/**
 * A lone surrogate: in a parsed body it is INVALID_TYPE, in JSON text INVALID_JSON. (A
 * noncharacter is INVALID_JSON through both, so those cases are compared.)
 */
function isNotIjson(text) {
  return !text.isWellFormed()
}

/** Whether a string or key anywhere in `value` holds a lone surrogate (walked without recursion). */
function holdsNonIjsonText(value) {
  const stack = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (isNotIjson(item)) return true
    } else if (Array.isArray(item)) {
      for (const child of item) stack.push(child)
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) stack.push(key, child)
    }
  }
  return false
}

function checkArguments(document) {
  if (!isPlainObject(document)) return { why: 'the document is not an object' }
  const unknown = Object.keys(document).filter((key) => !DOCUMENT_KEYS.has(key))
  if (unknown.length > 0) return { why: `top-level keys ${unknown.slice(0, 3)} have no argument` }
  if ('request' in document && 'request_text' in document) return { why: 'the document holds both request and request_text' }
  const request = 'request' in document ? document.request : document.request_text
  if (typeof request === 'string') {
    if ('request' in document) return { why: 'the request is a string (check would read it as JSON text)' }
    if (!request.isWellFormed()) return { why: 'request_text holds a lone surrogate, which no body text can' }
  } else if (!isPlainObject(request)) {
    return { why: 'the request is not a plain object' }
  } else if (holdsNonIjsonText(request)) {
    return { why: 'a lone surrogate in a parsed body is INVALID_TYPE, in JSON text INVALID_JSON' }
  }
  for (const part of ['context', 'options']) {
    if (document[part] != null && !isPlainObject(document[part])) return { why: `${part} is not an object or null` }
  }
  const headers = document.headers ?? {}
  if (!isPlainObject(headers) || Object.keys(headers).some((name) => name !== 'idempotency-key')) {
    return { why: 'headers other than idempotency-key have no argument' }
  }
  const key = headers['idempotency-key']
  if (key != null && typeof key !== 'string') return { why: 'the idempotency key is not a string' }
  const extra = {}
  if (key != null) extra.idempotencyKey = key
  if (document.options != null) extra.options = document.options
  return { args: [request, document.context, extra] }
}

/**
 * `check` with the parsed document must give `checkJson`'s envelope, where JavaScript's
 * reading of the document is faithful: its own JSON text (duplicate keys dropped, numbers as
 * doubles) gets the same envelope from `checkJson`.
 */
function objectProblems(envelope, document) {
  const { args, why } = checkArguments(document)
  if (!args) return { found: [], why }
  const { ok, ...outcome } = check(...args)
  const found = shapeProblems(outcome).map((p) => `check: ${p}`)
  if (ok !== (outcome.errors === null)) found.push('check: ok is not true exactly when there are no errors')
  let again
  try {
    again = JSON.stringify(document)
  } catch {
    return { found, why: 'the document nests too deep for JSON.stringify' }
  }
  if (!deepEqual(JSON.parse(checkJson(again)), envelope)) {
    return { found, why: "JavaScript's reading of the document changes checkJson's answer" }
  }
  if (!deepEqual(outcome, envelope)) {
    found.push(`check gives another envelope than checkJson: ${JSON.stringify(outcome).slice(0, 600)}`)
  }
  return { found, why: null }
}

/** One case, start to end, on this thread: what went wrong, and why `check` was not compared. */
function runCase(index) {
  const hostile = CASES[index]
  const text = build(hostile.parts)
  const answer = checkJson(text)
  if (typeof answer !== 'string') return { problems: [`checkJson returned ${typeof answer}`], expected: [] }
  let envelope
  try {
    envelope = JSON.parse(answer)
  } catch (error) {
    return { problems: [`the envelope is not JSON (${error.message}): ${answer.slice(0, 300)}`], expected: [] }
  }
  const expected = shapeProblems(envelope)
  if (expected.length === 0) expected.push(...expectationProblems(hostile.expect, envelope))
  const { document, why: unread } = hostDocument(text)
  const problems = leaks(text, envelope, document)
  let skipped = unread
  if (document !== undefined) {
    const { found, why } = objectProblems(envelope, document)
    // A pending case's envelope is known to be wrong, so check may differ until it is fixed.
    ;('pending' in hostile ? expected : problems).push(...found)
    skipped = why
  }
  return { problems, expected, skipped }
}

if (!isMainThread) {
  parentPort.on('message', (index) => {
    try {
      parentPort.postMessage({ index, ...runCase(index) })
    } catch (error) {
      parentPort.postMessage({ index, problems: [`threw ${error?.stack ?? error}`], expected: [] })
    }
  })
} else {
  let worker = null
  const startWorker = () => {
    worker = new Worker(new URL(import.meta.url))
    worker.unref()
    return worker
  }
  /** `runCase(index)` on the worker thread, or a failure after the hang guard. */
  const onWorker = (index) =>
    new Promise((resolve) => {
      const current = worker ?? startWorker()
      const done = (result) => {
        clearTimeout(timer)
        current.off('message', onMessage)
        current.off('error', onError)
        current.off('exit', onExit)
        resolve(result)
      }
      const onMessage = (result) => result.index === index && done(result)
      const onError = (error) => {
        worker = null
        done({ problems: [`the worker failed: ${error?.stack ?? error}`], expected: [] })
      }
      const onExit = (code) => {
        worker = null
        done({ problems: [`the worker exited with code ${code}`], expected: [] })
      }
      const timer = setTimeout(() => {
        worker = null
        current.terminate()
        done({ problems: [`no answer within the hang guard of ${HANG_GUARD_MS / 1000} s`], expected: [] })
      }, HANG_GUARD_MS)
      current.on('message', onMessage)
      current.once('error', onError)
      current.once('exit', onExit)
      current.postMessage(index)
    })

  after(() => worker?.terminate())

  test('the catalogue loads', () => {
    const ids = CASES.map((c) => c.id)
    assert.ok(ids.length >= 100, `the catalogue lost cases: ${ids.length}`)
    assert.equal(new Set(ids).size, ids.length, 'case ids must be unique')
    assert.ok(CASES.every((c) => c.why), 'every case says `why`')
  })

  const compared = []
  const skippedBecause = new Map()
  CASES.forEach((hostile, index) => {
    test(`hostile ${hostile.id}`, async (t) => {
      const { problems, expected, skipped } = await onWorker(index)
      if (skipped) skippedBecause.set(skipped, [...(skippedBecause.get(skipped) ?? []), hostile.id])
      else if (skipped === null) compared.push(hostile.id)
      if ('pending' in hostile) {
        if (expected.length > 0) t.diagnostic(`note: ${hostile.id} (pending: ${hostile.pending}): ${expected.join('; ')}`)
        else t.diagnostic(`note: ${hostile.id}: passes now; drop its \`pending\``)
      } else {
        problems.push(...expected)
      }
      assert.deepEqual(problems, [], `${hostile.id}: ${hostile.why}`)
    })
  })

  test('the object entry point was compared', (t) => {
    for (const [why, ids] of skippedBecause) {
      t.diagnostic(`note: check not compared for ${ids.length} case(s): ${why} (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''})`)
    }
    assert.ok(compared.length >= 50, `only ${compared.length} cases ran through check`)
  })

  test('the checks can fail', () => {
    const good = JSON.parse(checkJson('{"request":{"user_number":"+14155552671","agent_number":"+14155550000"}}'))
    assert.deepEqual(shapeProblems(good), [])
    assert.deepEqual(expectationProblems({ first_error: null }, good), [])
    assert.notDeepEqual(expectationProblems({ first_error: ['body', '', 'INVALID_JSON'] }, good), [])
    assert.notDeepEqual(expectationProblems({ first_error: null, warning_count: 1 }, good), [])
    const bad = JSON.parse(checkJson('{"request":{"user_number":"+1","agent_number":2,"x":1}}'))
    assert.deepEqual(shapeProblems(bad), [])
    assert.deepEqual(expectationProblems({ first_error: [null, null, 'INVALID_TYPE'], error_count: 2 }, bad), [])
    assert.notDeepEqual(expectationProblems({ first_error: ['body', '/agent_number', null, { expected: 'nope' }] }, bad), [])
    const withErrors = (errors) => ({ ...bad, errors })
    assert.ok(shapeProblems(withErrors([...bad.errors].reverse())).some((p) => p.includes('out of order')))
    assert.notDeepEqual(shapeProblems(withErrors([])), [])
    assert.notDeepEqual(shapeProblems(withErrors([{ ...bad.errors[0], message: 'Bad' }])), [])
    assert.notDeepEqual(shapeProblems(withErrors([{ ...bad.errors[0], path: 'a/b' }])), [])
    const leaked = withErrors([{ ...bad.errors[0], message: 'got +14155552671' }])
    assert.notDeepEqual(leaks('{"request":{"user_number":"+14155552671"}}', leaked, undefined), [])
  })
}
