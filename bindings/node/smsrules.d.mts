// Types of the ES module entry (`smsrules.mjs`): the same names and types as the CommonJS
// entry, plus the default export (the whole module, as `import smsrules from 'smsrules'`).
import * as smsrules from './smsrules.js'

export * from './smsrules.js'
export default smsrules
