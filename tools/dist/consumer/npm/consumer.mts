// The same package from an ES module under moduleResolution node16: the `import` types
// (smsrules.d.mts), the default export included.
import smsrules, { check, type CheckResult } from 'smsrules'

export const result: CheckResult = check({ user_number: '+14155552671', agent_number: '+14155550000' })
export const codes: string[] = smsrules.issueCodes()
