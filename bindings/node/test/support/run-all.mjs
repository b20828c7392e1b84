// Every conformance vector through both entry points (several rounds), as JSON text; a
// vector with an object context also against a `Context` made once, in this thread (a
// Context cannot cross threads: each worker makes its own).

import { Context, check, checkJson, segments } from '../../smsrules.js'
import { checkArguments, hasObjectContext, loadVectors } from './vectors.mjs'

export function runAll(rounds = 3) {
  const answers = []
  const cases = loadVectors()
  const prepared = cases.map(({ vector }) =>
    !vector.only_json && hasObjectContext(vector.input) ? new Context(vector.input.context) : undefined,
  )
  for (let round = 0; round < rounds; round++) {
    for (const [index, { vector, inputText }] of cases.entries()) {
      answers.push(checkJson(inputText))
      if (!vector.only_json && vector.input !== undefined) {
        answers.push(JSON.stringify(check(...checkArguments(vector.input))))
      }
      if (prepared[index] !== undefined) {
        const [request, , extra] = checkArguments(vector.input)
        answers.push(JSON.stringify(check(request, prepared[index], extra)))
      }
      if (typeof vector.input?.request?.agent_message === 'string') {
        answers.push(JSON.stringify(segments(vector.input.request.agent_message)))
      }
    }
  }
  return answers
}
