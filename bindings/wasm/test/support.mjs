// Shared by the tests: the native core's answers (written by the native_envelopes example,
// path in SMSRULES_NATIVE_ENVELOPES) and the hostile documents rebuilt from their parts.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../tests')

export function nativeAnswers() {
  const path = process.env.SMSRULES_NATIVE_ENVELOPES
  if (!path) throw new Error('SMSRULES_NATIVE_ENVELOPES is not set: run bindings/wasm/run-tests.sh')
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function hostileCases() {
  return JSON.parse(readFileSync(join(TESTS_DIR, 'hostile/cases.json'), 'utf8'))
}

/** The document text of a hostile case (tests/hostile/README.md). */
export function buildDocument(parts) {
  const pieces = []
  for (const part of parts) {
    if (part.text !== undefined) pieces.push(part.text)
    else if (part.repeat !== undefined) pieces.push(part.repeat.repeat(part.times))
    else if (part.numbered !== undefined) {
      for (let k = 0; k < part.times; k++) pieces.push(part.numbered.replaceAll('{i}', String(k)))
    } else throw new Error('a part that is neither text, repeat nor numbered')
  }
  return pieces.join('')
}
