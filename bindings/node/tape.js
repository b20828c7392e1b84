'use strict'
// Walks a JS value and writes it to a tape: three flat buffers that the native side turns back
// into JSON values in one call (see src/tape.rs for the format). Walking in JavaScript costs a
// fraction of reading each property through Node-API, and needs no JSON text.
//
// What is not JSON is written as NOT_JSON at its position, so the native side reports it at
// its exact pointer: undefined in an array (or a hole), functions, symbols, BigInts, objects
// that are neither arrays nor plain objects (Date, Map, class instances, ...), a cycle (where
// it closes), and a getter or proxy trap that throws. A property whose value is undefined is
// left out, as JSON.stringify does. NaN, Infinity and lone surrogates are checked natively.

const NULL = 0
const FALSE = 1
const TRUE = 2
const NUMBER = 3
const STRING = 4
const ARRAY = 5
const OBJECT = 6
const NOT_JSON = 7
const TOO_DEEP = 8

/** Deepest container level walked (the part itself is level 1), as src/tape.rs. */
const MAX_CONTAINER_LEVEL = 33

const { getPrototypeOf, keys: ownKeys } = Object
const { isArray } = Array
const OBJECT_PROTOTYPE = Object.prototype

/** Whether `value` (an object) is an array or a plain object, i.e. JSON. */
function isJsonContainer(value) {
  if (isArray(value)) return true
  const prototype = getPrototypeOf(value)
  // Object.prototype of this realm; or no prototype; or Object.prototype of another realm.
  return prototype === OBJECT_PROTOTYPE || prototype === null || getPrototypeOf(prototype) === null
}

class Tape {
  constructor() {
    this.tags = new Uint32Array(1024)
    this.tagCount = 0
    this.numbers = new Float64Array(128)
    this.numberCount = 0
    this.strings = []
    this.ancestors = []
    this.parts = 0
  }

  reset() {
    this.tagCount = 0
    this.numberCount = 0
    this.strings.length = 0
    this.ancestors.length = 0
    this.parts = 0
  }

  tag(tag) {
    if (this.tagCount === this.tags.length) {
      const grown = new Uint32Array(this.tags.length * 2)
      grown.set(this.tags)
      this.tags = grown
    }
    this.tags[this.tagCount++] = tag
  }

  number(value) {
    if (this.numberCount === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2)
      grown.set(this.numbers)
      this.numbers = grown
    }
    this.numbers[this.numberCount++] = value
  }

  string(value) {
    this.tag(value.length)
    this.strings.push(value)
  }

  /** Write one whole part (a body, context or options object, already known to be JSON). */
  part(value, bit) {
    this.parts |= bit
    this.container(value, 1)
  }

  value(value, level) {
    switch (typeof value) {
      case 'string':
        this.tag(STRING)
        this.string(value)
        return
      case 'number':
        this.tag(NUMBER)
        this.number(value)
        return
      case 'boolean':
        this.tag(value ? TRUE : FALSE)
        return
      case 'object':
        if (value === null) this.tag(NULL)
        else this.container(value, level)
        return
      default:
        // undefined (in an array), function, symbol, bigint
        this.tag(NOT_JSON)
    }
  }

  container(value, level) {
    const ancestors = this.ancestors
    if (ancestors.includes(value)) {
      this.tag(NOT_JSON) // a cycle closes here
      return
    }
    if (level > MAX_CONTAINER_LEVEL) {
      this.tag(TOO_DEEP)
      return
    }
    let length = -1
    let names
    try {
      if (isArray(value)) {
        length = value.length
      } else if (isJsonContainer(value)) {
        names = ownKeys(value)
      } else {
        this.tag(NOT_JSON) // Date, Map, Set, RegExp, typed arrays, boxed primitives, class instances
        return
      }
    } catch {
      this.tag(NOT_JSON) // a proxy trap threw
      return
    }
    if (length >= 0) {
      if (length >>> 0 !== length) {
        this.tag(NOT_JSON) // only a proxy can claim such a length
        return
      }
      this.tag(ARRAY)
      this.tag(length)
      ancestors.push(value)
      for (let index = 0; index < length; index++) {
        let item
        try {
          item = value[index]
        } catch {
          this.tag(NOT_JSON)
          continue
        }
        this.value(item, level + 1)
      }
      ancestors.pop()
      return
    }
    this.tag(OBJECT)
    const countAt = this.tagCount
    this.tag(0)
    let count = 0
    ancestors.push(value)
    for (let index = 0; index < names.length; index++) {
      const name = names[index]
      let item
      try {
        item = value[name]
      } catch {
        this.string(name)
        this.tag(NOT_JSON)
        count++
        continue
      }
      if (item === undefined) continue
      this.string(name)
      this.value(item, level + 1)
      count++
    }
    ancestors.pop()
    this.tags[countAt] = count
  }
}

// Two tapes, reused: one for a call's request, options and context, and one for a context
// walked while the first is in use (see `rememberedContext` in smsrules.js). A getter that
// calls smsrules while both are under way gets a tape of its own.
const pool = [new Tape(), new Tape()]
const busy = [false, false]

/** Run `use(tape)` with a fresh-state tape; returns what `use` returns. */
function withTape(use) {
  const index = busy[0] ? (busy[1] ? -1 : 1) : 0
  if (index < 0) return use(new Tape())
  busy[index] = true
  try {
    const tape = pool[index]
    tape.reset()
    return use(tape)
  } finally {
    busy[index] = false
  }
}

module.exports = { withTape, isJsonContainer, PARTS: { BODY: 1, CONTEXT: 2, OPTIONS: 4 } }
