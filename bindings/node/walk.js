'use strict'
// Writes a JS value as JSON text for the core's text entry, with bounded work: every value
// visited is counted (a value reached twice, as in `x = { a: x, b: x }`, counts twice, so a
// shared structure is walked as the tree it stands for), and a string or an array is
// measured before it is written or looped over. When a part holds more than the core's
// limits allow, the walk stops there instead of allocating.
//
// Where a value is not JSON — `undefined` in an array (or a hole), a function, a symbol, a
// BigInt, NaN or ±Infinity, a string with a lone surrogate, an object that is neither an
// array nor a plain object, a cycle (where it closes), a getter or proxy trap that throws —
// `null` is written in its place and a fault is recorded at its path, which the core turns
// into the issue it has for such a value. A property whose value is `undefined` is left
// out, as `JSON.stringify` does. Everything else is written exactly as `JSON.stringify`
// writes it, so an object is judged exactly as the text `JSON.stringify` makes of it.

const { getPrototypeOf, keys: ownKeys } = Object
const { isArray } = Array
const OBJECT_PROTOTYPE = Object.prototype

/** The kind of fault the walk records (the native side reads it). */
const NOT_JSON = 0

/** Containers deeper than this are written by `deepText` (no recursion, no fault records). */
const RECURSION_LEVELS = 64

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether `value` (an object) is an array or a plain object, i.e. JSON. */
function isJsonContainer(value) {
  if (isArray(value)) return true
  const prototype = getPrototypeOf(value)
  // Object.prototype of this realm; or no prototype; or Object.prototype of another realm.
  return prototype === OBJECT_PROTOTYPE || prototype === null || getPrototypeOf(prototype) === null
}

/** `value` as a JSON string literal; `undefined` if it holds a lone surrogate. */
function quote(value) {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index)
    // A quote, a backslash, a control character or a surrogate: escaped (or refused) below.
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff)) {
      return LONE_SURROGATE.test(value) ? undefined : JSON.stringify(value)
    }
  }
  return `"${value}"`
}

/**
 * One part of a call (the body, the context or the options) written as JSON text.
 * `maxValues` and `maxUnits` bound the values visited and the UTF-16 code units written;
 * past either, `stopped` is set and nothing more is written (`units` is then a lower bound
 * of the part's size, in UTF-16 code units and so in UTF-8 bytes).
 */
class Walk {
  constructor(maxValues, maxUnits) {
    this.valuesLeft = maxValues
    this.maxUnits = maxUnits
    this.text = ''
    /** The faults: `[kind, ...path]` each; `undefined` while there is none. */
    this.faults = undefined
    this.stopped = false
    /** Where the walk stopped, as `[...path]`. */
    this.stoppedAt = undefined
    /** Keys and indices down to the value being written (`path[level]`), and the containers. */
    this.path = []
    this.ancestors = []
  }

  /** UTF-16 code units written so far, plus `extra`. */
  units(extra) {
    return this.text.length + extra
  }

  /** The path of the value at `level` (the part itself is level 1, its members level 2). */
  pathTo(level) {
    return this.path.slice(2, level + 1)
  }

  fault(kind, level) {
    ;(this.faults ??= []).push([kind, ...this.pathTo(level)])
  }

  /** Stop the walk at the value at `level`, over a limit by at least `extra` more units. */
  stop(level, extra) {
    this.stopped = true
    this.stoppedAt = this.pathTo(level)
    this.overBy = extra
  }

  /** Write a whole part: a plain object or array (checked by the caller). */
  part(value) {
    this.container(value, 1)
    return this
  }

  value(value, level) {
    if (--this.valuesLeft < 0) return this.stop(level, 0)
    switch (typeof value) {
      case 'string':
        return this.string(value, level)
      case 'number':
        // Finite: as JSON.stringify writes it (`-0` is `0`).
        if (value - value === 0) this.text += String(value)
        else this.notJson(level)
        return
      case 'boolean':
        this.text += value ? 'true' : 'false'
        return
      case 'object':
        if (value === null) this.text += 'null'
        else this.container(value, level)
        return
      default:
        // undefined (in an array), function, symbol, bigint
        this.notJson(level)
    }
  }

  notJson(level) {
    this.text += 'null'
    this.fault(NOT_JSON, level)
  }

  string(value, level) {
    if (this.units(value.length + 2) > this.maxUnits) return this.stop(level, value.length + 2)
    const quoted = quote(value)
    if (quoted === undefined) this.notJson(level)
    else this.text += quoted
  }

  container(value, level) {
    const ancestors = this.ancestors
    for (let at = 1; at < level; at++) {
      if (ancestors[at] === value) return this.notJson(level) // a cycle closes here
    }
    let length = -1
    let names
    try {
      if (isArray(value)) length = value.length
      else if (isJsonContainer(value)) names = ownKeys(value)
      else return this.notJson(level) // Date, Map, Set, RegExp, typed arrays, boxed primitives, class instances
    } catch {
      return this.notJson(level) // a proxy trap threw
    }
    if (level > RECURSION_LEVELS) {
      const text = deepText(value, this)
      if (text === undefined) return this.stop(level, 0)
      this.text += text
      return
    }
    ancestors[level] = value
    const path = this.path
    const inner = level + 1
    if (length >= 0) {
      // Only a proxy can claim a length that is not an array index; every element is a value.
      if (length >>> 0 !== length) return this.notJson(level)
      if (length > this.valuesLeft) return this.stop(level, 0)
      this.text += '['
      for (let index = 0; index < length; index++) {
        if (index > 0) this.text += ','
        path[inner] = index
        let item
        try {
          item = value[index]
        } catch {
          this.notJson(inner)
          continue
        }
        this.value(item, inner)
        if (this.stopped) return
      }
      this.text += ']'
    } else {
      if (names.length > this.valuesLeft) return this.stop(level, 0)
      this.text += '{'
      let first = true
      for (let index = 0; index < names.length; index++) {
        const name = names[index]
        path[inner] = name
        let item
        try {
          item = value[name]
        } catch {
          item = NOT_READABLE
        }
        if (item === undefined) continue
        if (this.units(name.length + 3) > this.maxUnits) return this.stop(inner, name.length + 3)
        const key = quote(name)
        if (key === undefined) {
          this.fault(NOT_JSON, inner) // a key with a lone surrogate: the member is left out
          continue
        }
        this.text += first ? key + ':' : ',' + key + ':'
        first = false
        if (item === NOT_READABLE) this.notJson(inner)
        else this.value(item, inner)
        if (this.stopped) return
      }
      this.text += '}'
    }
    ancestors[level] = undefined
  }
}

/** What a property read that threw stands for. */
const NOT_READABLE = Symbol('not readable')

/**
 * A container nested beyond `RECURSION_LEVELS`, as JSON text, written without recursion.
 * It is far past the depth limit, so the core only needs its size: values that are not JSON
 * are written as `null` without a fault. Charges `walk`'s budget; `undefined` if it stopped.
 */
function deepText(root, walk) {
  let text = ''
  const open = new Set()
  // Each frame: the container, its keys (objects) or undefined, the next index, and its length.
  const stack = []
  const enter = (value) => {
    if (open.has(value)) return 'null'
    let names
    let length
    try {
      if (isArray(value)) length = value.length
      else if (isJsonContainer(value)) length = (names = ownKeys(value)).length
      else return 'null'
    } catch {
      return 'null'
    }
    if (length >>> 0 !== length || length > walk.valuesLeft) return undefined
    open.add(value)
    stack.push({ value, names, next: 0, length, written: 0 })
    return names === undefined ? '[' : '{'
  }
  const scalar = (value) => {
    switch (typeof value) {
      case 'string':
        if (walk.units(text.length + value.length + 2) > walk.maxUnits) return undefined
        return quote(value) ?? 'null'
      case 'number':
        return value - value === 0 ? String(value) : 'null'
      case 'boolean':
        return String(value)
      default:
        return 'null'
    }
  }
  text = enter(root)
  if (text === undefined) return undefined
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]
    if (frame.next === frame.length) {
      text += frame.names === undefined ? ']' : '}'
      open.delete(frame.value)
      stack.pop()
      continue
    }
    const index = frame.next++
    let item
    try {
      item = frame.names === undefined ? frame.value[index] : frame.value[frame.names[index]]
    } catch {
      item = null
    }
    if (frame.names !== undefined) {
      if (item === undefined) continue
      const name = frame.names[index]
      if (walk.units(text.length + name.length + 3) > walk.maxUnits) return undefined
      const key = quote(name)
      if (key === undefined) continue
      text += frame.written > 0 ? ',' + key + ':' : key + ':'
    } else if (frame.written > 0) {
      text += ','
    }
    frame.written++
    if (--walk.valuesLeft < 0 || walk.units(text.length) > walk.maxUnits) return undefined
    const written = typeof item === 'object' && item !== null ? enter(item) : scalar(item)
    if (written === undefined) return undefined
    text += written
  }
  return text
}

module.exports = { Walk, isJsonContainer }
