// What a `check` result looks like before its `data` is read: a valid one holds a plan still
// to build (an accessor), an invalid one a plain `null`.

import assert from 'node:assert/strict'

/** Descriptor of a plain, writable, enumerable, configurable data property holding `value`. */
export const plainData = (value) => ({ value, writable: true, enumerable: true, configurable: true })

/**
 * Assert `result` (from `check`, its `data` not read yet) is a plain object with the keys of
 * the envelope in order, whose `data` is pending (valid) or a plain `null` (invalid).
 */
export function assertUnread(result) {
  assert.equal(Object.getPrototypeOf(result), Object.prototype)
  assert.deepEqual(Object.keys(result), ['ok', 'data', 'errors', 'warnings'])
  const data = Object.getOwnPropertyDescriptor(result, 'data')
  if (result.ok) {
    assert.equal(typeof data.get, 'function', 'a valid result builds its plan on first read')
    assert.equal(typeof data.set, 'function')
    assert.equal(data.enumerable, true)
    assert.equal(data.configurable, true)
  } else {
    assert.deepEqual(data, plainData(null))
  }
}

/** Assert `result`'s `data` has been read: a plain data property, nothing else left on it. */
export function assertSettled(result) {
  assert.deepEqual(Object.getOwnPropertyDescriptor(result, 'data'), plainData(result.data))
  assert.deepEqual(Reflect.ownKeys(result), ['ok', 'data', 'errors', 'warnings'])
}
