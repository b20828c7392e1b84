// A TypeScript program using the installed package's types: compiled with `tsc --noEmit`
// under moduleResolution node16 (tsconfig.node16.json) and bundler (tsconfig.bundler.json).
import {
  check,
  validate,
  segments,
  Context,
  SendRequestError,
  type CheckResult,
  type ContextObject,
  type IssueCode,
  type Plan,
  type SendRequest,
} from 'smsrules'

const request: SendRequest = { user_number: '+14155552671', agent_number: '+14155550000', agent_message: 'Hi' }
const context: ContextObject = { conversation: null }
const result: CheckResult = check(request, new Context(context), { idempotencyKey: 'key-1' })

export function describe(outcome: CheckResult): string {
  if (outcome.ok) {
    const plan: Plan = outcome.data
    return `${plan.channel.value} from ${plan.channel.source}`
  }
  const codes: IssueCode[] = outcome.errors.map((issue) => issue.error)
  return codes.join(', ')
}

export function strict(body: unknown): Plan | null {
  try {
    return validate(body as SendRequest)
  } catch (error) {
    if (error instanceof SendRequestError) return null
    throw error
  }
}

export const summary: string = describe(result)
export const units: number = segments('hello').units

// @ts-expect-error: a number is not a request
check(42)
