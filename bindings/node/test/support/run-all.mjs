// Every conformance vector through both entry points (several rounds), as JSON text.

import { check, checkJson, segments } from '../../smsrules.js'
import { checkArguments, loadVectors } from './vectors.mjs'

export function runAll(rounds = 3) {
  const answers = []
  const cases = loadVectors()
  for (let round = 0; round < rounds; round++) {
    for (const { vector, inputText } of cases) {
      answers.push(checkJson(inputText))
      if (!vector.only_json && vector.input !== undefined) {
        answers.push(JSON.stringify(check(...checkArguments(vector.input))))
      }
      if (typeof vector.input?.request?.agent_message === 'string') {
        answers.push(JSON.stringify(segments(vector.input.request.agent_message)))
      }
    }
  }
  return answers
}
